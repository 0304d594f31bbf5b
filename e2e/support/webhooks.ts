import { createHmac, randomUUID } from 'node:crypto';

/** The payment provider's event types (API.md Webhook). */
export type WebhookType = 'payment.authorized' | 'payment.captured' | 'payment.failed' | 'refund.succeeded' | 'refund.failed';

export interface WebhookData {
  paymentId?: string;
  refundId?: string;
  orderId: string;
  amount: { amount: number; currency: string };
}

/** A provider event body as API.md fixes it: `{ id, type, created, data }`. */
export function webhookBody(type: WebhookType, data: WebhookData, id = `evt_${randomUUID()}`): string {
  return JSON.stringify({ id, type, created: Math.floor(Date.now() / 1000), data });
}

/** The `Payment-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, computed independently of the service. */
export function signWebhook(body: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** Posts a raw body to `POST /webhooks/payments` as the provider does; `signature` null sends none. */
export async function postWebhook(baseUrl: string, body: string, signature: string | null): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/webhooks/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'payment-signature': signature } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A provider bound to one gateway and secret: builds, signs and posts events. */
export class WebhookSender {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  /** Signs and posts an event; resolves with the HTTP answer (200 for applied, duplicate or ignored). */
  send(type: WebhookType, data: WebhookData, id?: string) {
    const body = webhookBody(type, data, id);
    return postWebhook(this.baseUrl, body, signWebhook(body, this.secret));
  }

  /** Posts an already built body (e.g. the same event again). */
  resend(body: string) {
    return postWebhook(this.baseUrl, body, signWebhook(body, this.secret));
  }
}
