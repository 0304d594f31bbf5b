/** Webhook signatures (API.md Webhook): HMAC-SHA256 over "<t>.<raw body>", 300 s tolerance. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature.js';

const secret = 'a-webhook-secret-for-tests';
const body = '{"id":"evt_1","type":"payment.captured"}';
const now = 1_800_000_000;

describe('webhook signatures', () => {
  it('accept the documented format computed independently', () => {
    const v1 = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(verifyWebhookSignature(body, `t=${now},v1=${v1}`, secret, now)).toEqual({ ok: true });
    expect(signWebhook(body, secret, now)).toBe(`t=${now},v1=${v1}`);
  });

  it('accept a timestamp up to 300 s away, either way, and refuse one further', () => {
    expect(verifyWebhookSignature(body, signWebhook(body, secret, now - 300), secret, now).ok).toBe(true);
    expect(verifyWebhookSignature(body, signWebhook(body, secret, now + 300), secret, now).ok).toBe(true);
    expect(verifyWebhookSignature(body, signWebhook(body, secret, now - 301), secret, now)).toEqual({ ok: false, problem: 'signature timestamp outside the tolerance' });
    expect(verifyWebhookSignature(body, signWebhook(body, secret, now + 301), secret, now).ok).toBe(false);
  });

  it('refuse another body, another secret, a missing or malformed header', () => {
    const header = signWebhook(body, secret, now);
    expect(verifyWebhookSignature(`${body} `, header, secret, now)).toEqual({ ok: false, problem: 'signature does not match' });
    expect(verifyWebhookSignature(body, header, `${secret}-other`, now).ok).toBe(false);
    expect(verifyWebhookSignature(body, null, secret, now)).toEqual({ ok: false, problem: 'missing Payment-Signature header' });
    expect(verifyWebhookSignature(body, 'v1=abc', secret, now)).toEqual({ ok: false, problem: 'malformed Payment-Signature header' });
    expect(verifyWebhookSignature(body, `t=${now}`, secret, now).ok).toBe(false);
  });

  it('accept any one matching v1 of several (secret rotation)', () => {
    const good = signWebhook(body, secret, now).split(',')[1];
    const other = signWebhook(body, 'an-older-secret-of-tests', now).split(',')[1];
    expect(verifyWebhookSignature(body, `t=${now},${other},${good}`, secret, now).ok).toBe(true);
  });
});
