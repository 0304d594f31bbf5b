/**
 * Payments through the gateway (issue 6; MISSION S5, S7, S9, M2, M4, M7, L1, L7; API.md
 * Payments, Webhook, Refunds): the provider's webhook over HTTP at `/webhooks/payments` with its
 * signature checks, and the wallet operators credit.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '@shop/gateway';
import { createRuntime, serveSubgraph } from '@shop/platform';
import { testConfig } from '@shop/platform/testing';
import { CreditWalletDocument, LogInDocument, MyWalletDocument, SignUpDocument } from './__generated__/operations.js';
import { ADMIN, failure, ok, startTestSystem, uniqueEmail, type TestSystem } from './support/system.js';

const WEBHOOK_SECRET = 'payments-e2e-webhook-secret';

let system: TestSystem;
let admin: string;

beforeAll(async () => {
  system = await startTestSystem({ PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET, SHOP_CURRENCY: 'USD' });
  admin = ok(await system.gql(LogInDocument, ADMIN)).logIn.token;
});
afterAll(() => system?.close());

const usd = (amount: number) => ({ amount, currency: 'USD' });

async function customer() {
  return ok(await system.gql(SignUpDocument, { input: { email: uniqueEmail('payer'), password: 'correct horse', name: 'Payer' } })).signUp;
}

/** `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, computed here independently of the service. */
function sign(body: string, secret = WEBHOOK_SECRET, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** Posts a webhook as a provider does. */
async function postWebhook(body: string, signature: string | null, base = system.url) {
  const res = await fetch(`${base}/webhooks/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'payment-signature': signature } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as { received?: boolean; outcome?: string; error?: string } };
}

const event = (type: string, data: Record<string, unknown>, id = `evt_${randomUUID()}`) =>
  JSON.stringify({ id, type, created: Math.floor(Date.now() / 1000), data });

describe('POST /webhooks/payments', () => {
  const body = event('payment.captured', { paymentId: randomUUID(), orderId: 'ord-unknown', amount: usd(100) });

  it('answers 400 for a bad, missing or stale signature', async () => {
    expect((await postWebhook(body, sign(body, 'a-different-webhook-secret'))).status).toBe(400);
    expect((await postWebhook(body, null)).status).toBe(400);
    expect((await postWebhook(body, sign(body, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301))).status).toBe(400);
    expect((await postWebhook(`${body} `, sign(body))).status).toBe(400);
  });

  it('answers 400 for a signed body that is not an event', async () => {
    const answer = await postWebhook('{"id":1}', sign('{"id":1}'));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/id/);
  });

  it('answers 200 to a signed event about an unknown payment, and to its repetition', async () => {
    const id = `evt_${randomUUID()}`;
    const once = event('payment.captured', { paymentId: randomUUID(), orderId: 'ord-unknown', amount: usd(100) }, id);
    expect(await postWebhook(once, sign(once))).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
    expect(await postWebhook(once, sign(once))).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
  });

  it('takes POST only', async () => {
    const res = await fetch(`${system.url}/webhooks/payments`);
    expect(res.status).toBe(405);
  });

  it('counts the outcomes in /metrics', async () => {
    const text = await (await fetch(`${system.url}/metrics`)).text();
    expect(text).toMatch(/shop_webhooks_total\{type="unknown",outcome="rejected"\} [1-9]/);
    expect(text).toMatch(/shop_webhooks_total\{type="payment.captured",outcome="ignored"\} [1-9]/);
  });
});

describe('POST /webhooks/payments on a gateway that calls payments over HTTP', () => {
  it('forwards the raw body and signature to the payments service and relays its answer', async () => {
    const names = [...system.gateway.subgraphs.keys()];
    const servers = await Promise.all([...system.gateway.subgraphs.values()].map((instance) => serveSubgraph(instance, system.gateway.runtime, 0, '127.0.0.1')));
    const config = testConfig({ ...system.env, SUBGRAPH_URLS: names.map((name, i) => `${name}=${servers[i].url}`).join(',') });
    const runtime = await createRuntime(config, { database: false, serviceUrls: config.SUBGRAPH_URLS, defaultMetrics: false });
    const remote = await startGateway({ config, runtime, hostSubgraphs: false });
    try {
      const once = event('refund.failed', { refundId: randomUUID(), orderId: 'ord-unknown', amount: usd(100) });
      expect(await postWebhook(once, sign(once), remote.url)).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
      expect(await postWebhook(once, sign(once), remote.url)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
      expect((await postWebhook(once, sign(once, 'a-different-webhook-secret'), remote.url)).status).toBe(400);
    } finally {
      await remote.close();
      await runtime.close();
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});

describe('wallet', () => {
  it('is credited by staff and shown to its owner', async () => {
    const payer = await customer();
    expect(ok(await system.gql(MyWalletDocument, {}, payer.token)).me?.walletBalance).toEqual(usd(0));
    expect(failure(await system.gql(CreditWalletDocument, { accountId: payer.account.id, amount: usd(500) }, payer.token)).code).toBe('FORBIDDEN');
    expect(ok(await system.gql(CreditWalletDocument, { accountId: payer.account.id, amount: usd(500), reason: 'welcome' }, admin)).creditWallet).toEqual(usd(500));
    expect(ok(await system.gql(MyWalletDocument, {}, payer.token)).me?.walletBalance).toEqual(usd(500));
  });
});
