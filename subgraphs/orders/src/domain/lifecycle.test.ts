import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderRow } from '../db/schema.js';
import { OrderDraft, needsFollowup } from './aggregate.js';
import { cancel, cartEnded, clientConfirmedPaid, deliver, paymentAuthorized, paymentCaptured, paymentFailed, refundSucceeded, ship, type MoneyEvent } from './lifecycle.js';
import { ORDER_STATUSES, ORDER_TRANSITIONS, canMove } from './states.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });

function order(overrides: Partial<OrderRow> = {}): OrderRow {
  return {
    id: '0190d7c4-8a2e-7000-8000-000000000001',
    accountId: '0190d7c4-8a2e-7000-8000-0000000000aa',
    cartId: 'cart-1',
    status: 'PAY_PENDING',
    stockStatus: 'BOOKED',
    paymentStatus: 'NEW',
    version: 4,
    currency: 'USD',
    subtotal: 1000,
    discountTotal: 0,
    freight: 0,
    total: 1000,
    walletAmount: 0,
    captured: 0,
    refunded: 0,
    lines: [
      {
        itemId: 'i1',
        skuId: 'sku-1',
        productId: 'p1',
        classId: null,
        swimmerId: null,
        registrationId: null,
        title: 'Goggles',
        quantity: 1,
        unitPrice: usd(1000),
        amount: usd(1000),
        warehouseId: 'w1',
      },
    ],
    discounts: [],
    couponCodes: [],
    couponsState: 'NONE',
    address: null,
    paymentMethod: 'card',
    payDeadline: new Date(Date.now() + 60_000).toISOString(),
    idempotencyKey: 'key-12345678',
    trackingNo: null,
    shippedAt: null,
    deliveredAt: null,
    clientConfirmedAt: null,
    needsFollowup: false,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

const captured = (paymentId: string, amount: number, capturedTotal: number, refundedTotal = 0): MoneyEvent => ({
  paymentId,
  amount: usd(amount),
  capturedTotal: usd(capturedTotal),
  refundedTotal: usd(refundedTotal),
  reason: null,
});

describe('the order status table', () => {
  it('ends in CANCELED and REFUNDED, and cancels only before shipping', () => {
    expect(ORDER_TRANSITIONS.CANCELED).toEqual([]);
    expect(ORDER_TRANSITIONS.REFUNDED).toEqual([]);
    const cancelable = ORDER_STATUSES.filter((s) => canMove(ORDER_TRANSITIONS, s, 'CANCELED'));
    expect(cancelable).toEqual(['NEW', 'BOOKING_PENDING', 'BOOKED', 'PAY_PENDING', 'PAID_PARTIAL', 'PAID', 'SHIPPING_PENDING']);
  });

  it('refuses a move the table does not have, and records nothing', () => {
    const draft = new OrderDraft(order({ status: 'SHIPPED' }));
    expect(() => cancel(draft, 'acc', 'no')).toThrow(/SHIPPED and can no longer be canceled/);
    expect(draft.history).toEqual([]);
    expect(() => ship(new OrderDraft(order()), 'ops')).toThrow(/only SHIPPING_PENDING/);
  });
});

describe('payments on an order (S7, M7)', () => {
  it('goes PAID_PARTIAL, then PAID, with one history entry per version', () => {
    const draft = new OrderDraft(order());
    paymentCaptured(draft, captured('p1', 400, 400));
    expect([draft.status, draft.paymentStatus, draft.order.captured, draft.order.version]).toEqual(['PAID_PARTIAL', 'PAID_PARTIAL', 400, 5]);
    paymentCaptured(draft, captured('p2', 600, 1000));
    expect([draft.status, draft.paymentStatus, draft.order.version]).toEqual(['PAID', 'PAID', 6]);
    expect(draft.history.map((h) => [h.version, h.fromStatus, h.toStatus, h.actor])).toEqual([
      [5, 'PAY_PENDING', 'PAID_PARTIAL', 'system:payments'],
      [6, 'PAID_PARTIAL', 'PAID', 'system:payments'],
    ]);
    expect(needsFollowup(draft.order)).toBe(true);
  });

  it('drops an older capture that arrives after a newer one (M2)', () => {
    const draft = new OrderDraft(order());
    paymentCaptured(draft, captured('p2', 600, 1000));
    expect(paymentCaptured(draft, captured('p1', 400, 400))).toBe('stale');
    expect(draft.history).toHaveLength(1);
    expect(paymentAuthorized(draft, captured('p1', 400, 0))).toBe('stale');
  });

  it('ends in the same state whatever the order and repetition of the events (M2)', () => {
    const events: { kind: 'authorized' | 'captured'; event: MoneyEvent }[] = [
      { kind: 'authorized', event: captured('p1', 300, 0) },
      { kind: 'captured', event: captured('p1', 300, 300) },
      { kind: 'authorized', event: captured('p2', 700, 300) },
      { kind: 'captured', event: captured('p2', 700, 1000) },
    ];
    // Every event at least once, some repeated, in any order.
    const sequences = fc
      .array(fc.constantFrom(...events), { maxLength: 8 })
      .chain((repeats) => {
        const all = [...events, ...repeats];
        return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
      });
    fc.assert(
      fc.property(sequences, (sequence) => {
        const draft = new OrderDraft(order());
        for (const { kind, event } of sequence) (kind === 'captured' ? paymentCaptured : paymentAuthorized)(draft, event);
        expect([draft.status, draft.paymentStatus, draft.order.captured, draft.order.refunded]).toEqual(['PAID', 'PAID', 1000, 0]);
        expect(draft.refunds).toEqual([]);
      }),
    );
  });

  it('refunds money captured after the order ended, and money beyond the total', () => {
    const ended = new OrderDraft(order({ status: 'CANCELED' }));
    paymentCaptured(ended, captured('late', 1000, 1000));
    expect(ended.status).toBe('CANCELED');
    expect(ended.refunds).toEqual([{ key: 'late:late', amount: 1000, reason: 'payment captured after the order was canceled' }]);

    const twice = new OrderDraft(order());
    paymentCaptured(twice, captured('a', 1000, 1000));
    paymentCaptured(twice, captured('b', 1000, 2000));
    expect(twice.status).toBe('PAID');
    expect(twice.refunds).toEqual([{ key: 'excess:b', amount: 1000, reason: 'paid more than the order total' }]);
  });

  it('cancels on a failed payment only while nothing is captured (M8)', () => {
    const unpaid = new OrderDraft(order());
    paymentFailed(unpaid, { ...captured('p1', 1000, 0), reason: 'card declined' });
    expect(unpaid.status).toBe('CANCELED');
    expect(unpaid.history[0].reason).toBe('payment p1 failed: card declined');
    expect(unpaid.refunds).toEqual([]);
    expect(needsFollowup(unpaid.order)).toBe(true);

    const partial = new OrderDraft(order({ status: 'PAID_PARTIAL', paymentStatus: 'PAID_PARTIAL', captured: 400 }));
    expect(paymentFailed(partial, captured('p2', 600, 400))).toBe('stale');
    expect(partial.status).toBe('PAID_PARTIAL');
  });

  it('is REFUNDED when everything captured went back, and keeps PAID after a partial refund', () => {
    const draft = new OrderDraft(order({ status: 'SHIPPING_PENDING', paymentStatus: 'PAID', captured: 1000, stockStatus: 'ASSEMBLED' }));
    refundSucceeded(draft, { refundId: 'r1', amount: usd(300), capturedTotal: usd(1000), refundedTotal: usd(300), reason: null });
    expect([draft.status, draft.paymentStatus, draft.order.refunded]).toEqual(['SHIPPING_PENDING', 'PAID', 300]);
    refundSucceeded(draft, { refundId: 'r2', amount: usd(700), capturedTotal: usd(1000), refundedTotal: usd(1000), reason: 'damaged' });
    expect([draft.status, draft.paymentStatus, draft.order.refunded]).toEqual(['REFUNDED', 'REFUNDED', 1000]);
    expect(refundSucceeded(draft, { refundId: 'r1', amount: usd(300), capturedTotal: usd(1000), refundedTotal: usd(300), reason: null })).toBe('stale');
  });
});

describe('cancel, cart end, shipping, delivery', () => {
  it('refunds what a cancelled order kept', () => {
    const draft = new OrderDraft(order({ status: 'PAID', paymentStatus: 'PAID', captured: 1000, refunded: 200 }));
    cancel(draft, 'acc-1', 'changed my mind');
    expect(draft.status).toBe('CANCELED');
    expect(draft.refunds).toEqual([{ key: `cancel:${draft.order.id}`, amount: 800, reason: 'changed my mind' }]);
  });

  it('cancels an unpaid order whose cart ended, and nothing else', () => {
    const unpaid = new OrderDraft(order());
    cartEnded(unpaid, 'expired', null);
    expect(unpaid.history[0]).toMatchObject({ toStatus: 'CANCELED', actor: 'system:cart', reason: 'cart expired' });
    expect(cartEnded(new OrderDraft(order({ status: 'PAID' })), 'canceled', null)).toBe('stale');
  });

  it('ships with a tracking number and delivers once', () => {
    const draft = new OrderDraft(order({ status: 'SHIPPING_PENDING', stockStatus: 'ASSEMBLED', paymentStatus: 'PAID', captured: 1000 }));
    ship(draft, 'shipper');
    expect(draft.order.trackingNo).toMatch(/^TRK\d{8}[0-9A-F]{10}$/);
    expect(draft.status).toBe('SHIPPED');
    deliver(draft);
    expect([draft.status, Boolean(draft.order.deliveredAt)]).toEqual(['COMPLETED', true]);
    expect(deliver(draft)).toBe('stale');
  });

  it('records the app saying it paid once, and refuses it on an ended order', () => {
    const draft = new OrderDraft(order());
    clientConfirmedPaid(draft, 'acc-1');
    clientConfirmedPaid(draft, 'acc-1');
    expect(draft.history).toHaveLength(1);
    expect(draft.history[0]).toMatchObject({ fromStatus: 'PAY_PENDING', toStatus: 'PAY_PENDING', actor: 'acc-1' });
    expect(() => clientConfirmedPaid(new OrderDraft(order({ status: 'CANCELED' })), 'acc-1')).toThrow(/CANCELED/);
  });
});
