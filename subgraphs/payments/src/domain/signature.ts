import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far the signed time may be from ours, either way (API.md Webhook). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The `Payment-Signature` header for `rawBody` signed at `t` (unix seconds): `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signWebhook(rawBody: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${hmac(secret, t, rawBody)}`;
}

export type SignatureVerdict = { ok: true } | { ok: false; problem: string };

/**
 * Checks a `Payment-Signature` header against the raw body: the HMAC must match (compared in
 * constant time) and `t` must be within {@link SIGNATURE_TOLERANCE_SECONDS} of `nowSeconds`, so a
 * captured request cannot be replayed later. Several `v1=` values are accepted (secret rotation).
 */
export function verifyWebhookSignature(
  rawBody: string,
  header: string | null | undefined,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureVerdict {
  if (!header) return { ok: false, problem: 'missing Payment-Signature header' };
  let t: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (t === null || signatures.length === 0) return { ok: false, problem: 'malformed Payment-Signature header' };
  if (Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, problem: 'signature timestamp outside the tolerance' };
  const expected = Buffer.from(hmac(secret, t, rawBody), 'hex');
  const matches = signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  return matches ? { ok: true } : { ok: false, problem: 'signature does not match' };
}

function hmac(secret: string, t: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
}
