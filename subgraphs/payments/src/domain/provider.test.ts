/** The simulated provider (S7): signed webhooks through the endpoint's handler, in auto mode only. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '@shop/platform';
import { eventually } from '@shop/platform/testing';
import { SIMULATED_DECLINE_AMOUNT, SimulatedProvider } from './provider.js';
import { verifyWebhookSignature } from './signature.js';

const secret = 'a-webhook-secret-for-tests';

function recorder(answer: (n: number) => number = () => 200) {
  const received: { type: string; data: Record<string, unknown>; signed: boolean }[] = [];
  let calls = 0;
  const deliver = async ({ rawBody, signature }: { rawBody: string; signature: string | null }) => {
    const body = JSON.parse(rawBody) as { type: string; data: Record<string, unknown> };
    received.push({ type: body.type, data: body.data, signed: verifyWebhookSignature(rawBody, signature, secret).ok });
    return { status: answer(calls++), body: {} };
  };
  return { received, deliver };
}

const provider = (mode: 'auto' | 'manual', deliver: ReturnType<typeof recorder>['deliver']) =>
  new SimulatedProvider({ mode, delayMs: 5, secret, deliver, log: createLogger('silent') });

const payment = (amount: number) => ({ paymentId: 'p-1', orderId: 'o-1', amount: { amount, currency: 'USD' } });

describe('simulated provider', () => {
  it('posts payment.authorized then payment.captured, signed, in auto mode', async () => {
    const { received, deliver } = recorder();
    const sim = provider('auto', deliver);
    sim.requestPayment(payment(2500));
    await eventually(() => received.length === 2);
    expect(received.map((r) => r.type)).toEqual(['payment.authorized', 'payment.captured']);
    expect(received.every((r) => r.signed)).toBe(true);
    expect(received[1].data).toEqual({ paymentId: 'p-1', orderId: 'o-1', amount: { amount: 2500, currency: 'USD' } });
    await sim.stop();
  });

  it('declines the documented amount and answers refunds', async () => {
    const { received, deliver } = recorder();
    const sim = provider('auto', deliver);
    sim.requestPayment(payment(SIMULATED_DECLINE_AMOUNT));
    sim.requestRefund({ refundId: 'r-1', orderId: 'o-1', amount: { amount: 700, currency: 'USD' } });
    sim.requestRefund({ refundId: 'r-2', orderId: 'o-1', amount: { amount: SIMULATED_DECLINE_AMOUNT, currency: 'USD' } });
    await eventually(() => received.length === 3);
    expect(received.map((r) => r.type).sort()).toEqual(['payment.failed', 'refund.failed', 'refund.succeeded']);
    await sim.stop();
  });

  it('retries a delivery that is not answered 2xx', async () => {
    const { received, deliver } = recorder((n) => (n === 0 ? 500 : 200));
    const sim = provider('auto', deliver);
    sim.requestRefund({ refundId: 'r-1', orderId: 'o-1', amount: { amount: 700, currency: 'USD' } });
    await eventually(() => received.length === 2, 5000);
    expect(received.map((r) => r.type)).toEqual(['refund.succeeded', 'refund.succeeded']);
    await sim.stop();
  });

  it('sends nothing in manual mode', async () => {
    const { received, deliver } = recorder();
    const sim = provider('manual', deliver);
    sim.requestPayment(payment(2500));
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual([]);
    await sim.stop();
  });
});
