import { randomUUID } from 'node:crypto';
import type { Logger, Money, PaymentWebhookInput, PaymentWebhookResult } from '@shop/platform';
import { signWebhook } from './signature.js';

/** A payment the provider is asked to take; its outcome comes back as webhooks. */
export interface ProviderPaymentRequest {
  paymentId: string;
  orderId: string;
  amount: Money;
}

/** A refund the provider is asked to make (only the part that goes back through it). */
export interface ProviderRefundRequest {
  refundId: string;
  orderId: string;
  amount: Money;
}

/** The webhook types of API.md. */
export type WebhookType = 'payment.authorized' | 'payment.captured' | 'payment.failed' | 'refund.succeeded' | 'refund.failed';

/**
 * An external payment provider. Asking never settles anything by itself: the provider reports
 * results later through signed webhooks, which are the only way a payment or refund moves on.
 */
export interface PaymentProvider {
  requestPayment(request: ProviderPaymentRequest): void;
  requestRefund(request: ProviderRefundRequest): void;
  /** Stops sending; resolves when nothing is in flight. */
  stop(): Promise<void>;
}

/**
 * The amount (in minor units, any currency) that the simulated provider declines: a payment of it
 * is answered `payment.failed`, a refund of it `refund.failed`. The demo's way to see failures.
 */
export const SIMULATED_DECLINE_AMOUNT = 1313;

export interface SimulatedProviderOptions {
  /** `auto` posts webhooks by itself; `manual` sends nothing (tests and tools post them). */
  mode: 'auto' | 'manual';
  delayMs: number;
  secret: string;
  /** The webhook endpoint's handler: the same one `POST /webhooks/payments` reaches. */
  deliver: (input: PaymentWebhookInput) => Promise<PaymentWebhookResult>;
  log: Logger;
}

const DELIVERY_ATTEMPTS = 4;

/**
 * The built-in provider (S7). In `auto` mode, `PAYMENT_AUTO_DELAY_MS` after a request it sends
 * signed webhooks — `payment.authorized` then `payment.captured` (or `payment.failed` for
 * {@link SIMULATED_DECLINE_AMOUNT}), `refund.succeeded` (or `refund.failed`) — through the webhook
 * handler with a real `Payment-Signature`, so the signature check is exercised; like a real
 * provider it retries a delivery that is not answered 2xx.
 */
export class SimulatedProvider implements PaymentProvider {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: SimulatedProviderOptions) {}

  requestPayment(request: ProviderPaymentRequest): void {
    const data = { paymentId: request.paymentId, orderId: request.orderId, amount: request.amount };
    const declined = request.amount.amount === SIMULATED_DECLINE_AMOUNT;
    this.later(declined ? [['payment.failed', { ...data, reason: 'declined by the simulated provider' }]] : [['payment.authorized', data], ['payment.captured', data]]);
  }

  requestRefund(request: ProviderRefundRequest): void {
    const data = { refundId: request.refundId, orderId: request.orderId, amount: request.amount };
    this.later([[request.amount.amount === SIMULATED_DECLINE_AMOUNT ? 'refund.failed' : 'refund.succeeded', data]]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.inFlight);
  }

  private later(events: [WebhookType, Record<string, unknown>][]): void {
    if (this.options.mode !== 'auto' || this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = this.sendAll(events).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }, this.options.delayMs);
    this.timers.add(timer);
  }

  private async sendAll(events: [WebhookType, Record<string, unknown>][]): Promise<void> {
    for (const [type, data] of events) {
      const rawBody = JSON.stringify({ id: `evt_${randomUUID()}`, type, created: Math.floor(Date.now() / 1000), data });
      await this.send(type, rawBody);
    }
  }

  private async send(type: WebhookType, rawBody: string): Promise<void> {
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS && !this.stopped; attempt++) {
      try {
        // Signed at each attempt, as a provider does, so a retry is never outside the tolerance.
        const response = await this.options.deliver({ rawBody, signature: signWebhook(rawBody, this.options.secret) });
        if (response.status >= 200 && response.status < 300) return;
        this.options.log.warn({ type, status: response.status, attempt }, 'simulated provider: webhook refused');
      } catch (err) {
        this.options.log.warn({ type, err, attempt }, 'simulated provider: webhook delivery failed');
      }
      if (attempt < DELIVERY_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
    this.options.log.error({ type }, 'simulated provider: webhook not delivered');
  }
}
