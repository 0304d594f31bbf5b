/**
 * Coupon uses for checkout (issue 5; MISSION S2, S3, S4, M11): the internal evaluate /
 * applicable / reserve / consume / release operations on the mode's database (PGlite, or
 * Postgres through a pool of real connections) and bus, including 50 checkouts racing for a
 * 1-use coupon and one customer's checkouts racing for a 1-per-customer coupon.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppError,
  HttpInternalClient,
  OrderEvents,
  createEnvelope,
  serveSubgraph,
  uuidv7,
  type CouponEligibility,
  type CouponEvaluation,
  type CouponEvaluationInput,
  type CouponOrderUses,
  type EventEnvelope,
  type Runtime,
  type SubgraphInstance,
} from '@shop/platform';
import { createTestEnvironment, createTestRuntime, eventually, type TestEnvironment } from '@shop/platform/testing';
import { coupons as couponsTable, orderUses, wallet } from '../src/db/schema.js';
import { CouponService } from '../src/domain/coupons.js';
import type { CouponInput } from '../src/domain/validation.js';
import { CouponEvents, type CouponUsesPayload } from '../src/events/types.js';
import { createCouponsSubgraph } from '../src/subgraph.js';

let environment: TestEnvironment;
let runtime: Runtime;
let subgraph: SubgraphInstance;
let service: CouponService;
const operator = uuidv7();
const announced: EventEnvelope<CouponUsesPayload>[] = [];

beforeAll(async () => {
  environment = await createTestEnvironment({ DATABASE_POOL_SIZE: '10', SHOP_CURRENCY: 'USD' });
  runtime = await createTestRuntime(environment.env);
  subgraph = await createCouponsSubgraph(runtime);
  service = new CouponService({ db: runtime.database!.db, shopCurrency: 'USD' });
  await runtime.bus.subscribe({
    group: 'coupons-test-audit',
    types: Object.values(CouponEvents),
    handler: async (event) => {
      announced.push(event as EventEnvelope<CouponUsesPayload>);
    },
  });
});

afterAll(async () => {
  await subgraph?.stop();
  await runtime?.close();
  await environment?.dispose();
});

let seq = 0;
const usd = (amount: number) => ({ amount, currency: 'USD' });
const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

/** A new coupon (unique code) with the given terms. */
async function coupon(terms: Partial<CouponInput> = {}) {
  return service.create(operator, { code: `T${Date.now().toString(36)}${seq++}`.toUpperCase(), kind: 'AMOUNT', value: 500, ...terms });
}

/** A new customer holding the given coupons in their wallet. */
async function customer(...held: { code: string }[]) {
  const accountId = uuidv7();
  for (const c of held) await service.redeem(accountId, c.code.toLowerCase());
  return accountId;
}

const cart = (accountId: string, codes: string[], subtotal = 10_000, region: string | null = null): CouponEvaluationInput => ({
  accountId,
  codes,
  subtotal: usd(subtotal),
  lines: [{ productId: uuidv7(), classId: null, amount: usd(subtotal) }],
  region,
});

const internal = () => subgraph.internal;
const evaluate = (input: CouponEvaluationInput) => internal().evaluate(input) as Promise<CouponEvaluation>;
const applicable = (input: Omit<CouponEvaluationInput, 'codes'>) => internal().applicable(input) as Promise<CouponEligibility[]>;
const reserve = (orderId: string, input: CouponEvaluationInput) => internal().reserve({ ...input, orderId }) as Promise<CouponEvaluation>;
const consume = (orderId: string) => internal().consume({ orderId }) as Promise<CouponOrderUses>;
const release = (orderId: string, reason = 'canceled') => internal().release({ orderId, reason }) as Promise<CouponOrderUses>;

async function usesRemaining(id: string) {
  const [row] = await runtime.database!.db.select({ left: couponsTable.usesRemaining }).from(couponsTable).where(eq(couponsTable.id, id));
  return row.left;
}

async function statusOf(orderId: string) {
  const [row] = await runtime.database!.db.select({ status: orderUses.status }).from(orderUses).where(eq(orderUses.orderId, orderId));
  return row?.status ?? null;
}

/** The error a promise rejects with: its code and COUPON_INVALID reason. */
async function rejection(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { code: err.code, reason: err.extensions.reason, field: err.extensions.field, message: err.message };
}

describe('the race for the last use', () => {
  it('lets exactly one of 50 concurrent checkouts take a 1-use coupon; a release gives the use back', async () => {
    const single = await coupon({ maxUses: 1, value: 700 });
    const buyers = await Promise.all(Array.from({ length: 50 }, () => customer(single)));
    const orders = buyers.map(() => uuidv7());
    const results = await Promise.allSettled(buyers.map((accountId, i) => reserve(orders[i], cart(accountId, [single.code]))));

    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ orderId: orders[i], evaluation: r.value }] : []));
    expect(won).toHaveLength(1);
    expect(won[0].evaluation.discounts).toEqual([{ couponId: single.id, code: single.code, amount: usd(700) }]);
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
    expect(lost).toHaveLength(49);
    for (const err of lost) expect([err.code, err.extensions.reason]).toEqual(['COUPON_INVALID', 'EXHAUSTED']);
    expect(await usesRemaining(single.id)).toBe(0);

    const released = await release(won[0].orderId, 'payment failed');
    expect(released).toEqual({ orderId: won[0].orderId, status: 'RELEASED', couponIds: [single.id] });
    expect(await usesRemaining(single.id)).toBe(1);
    // A late "paid" after the release does not spend the use again, nor take it back.
    expect((await consume(won[0].orderId)).status).toBe('RELEASED');
    expect((await release(won[0].orderId)).status).toBe('RELEASED');
    expect(await usesRemaining(single.id)).toBe(1);

    const next = uuidv7();
    await reserve(next, cart(buyers[1], [single.code]));
    expect(await usesRemaining(single.id)).toBe(0);
    expect(await consume(next)).toEqual({ orderId: next, status: 'CONSUMED', couponIds: [single.id] });
    expect(await consume(next)).toEqual({ orderId: next, status: 'CONSUMED', couponIds: [single.id] });
    expect(await usesRemaining(single.id)).toBe(0);

    const events = await eventually(() => {
      const mine = announced.filter((e) => e.aggregateId === won[0].orderId || e.aggregateId === next);
      return mine.length >= 2 && mine;
    }, 15_000);
    expect(events.map((e) => [e.type, e.aggregateId])).toEqual(
      expect.arrayContaining([
        [CouponEvents.CouponUsesReleased, won[0].orderId],
        [CouponEvents.CouponUsesConsumed, next],
      ]),
    );
    expect(events.find((e) => e.type === CouponEvents.CouponUsesReleased)!.payload).toMatchObject({
      orderId: won[0].orderId,
      couponIds: [single.id],
      codes: [single.code],
      reason: 'payment failed',
    });
  });
});

describe('reserve, consume and release are idempotent by order id', () => {
  it('returns the first reservation to a repeated reserve and takes one use only', async () => {
    const tenPercent = await coupon({ kind: 'PERCENT', value: 10, maxUses: 5 });
    const fiver = await coupon({ kind: 'AMOUNT', value: 500 });
    const accountId = await customer(tenPercent, fiver);
    const orderId = uuidv7();
    const first = await reserve(orderId, cart(accountId, [tenPercent.code, fiver.code], 9_999));
    expect(first.discounts.map((d) => d.amount.amount)).toEqual([999, 500]);
    const again = await reserve(orderId, cart(accountId, [fiver.code.toLowerCase(), tenPercent.code], 9_999));
    expect(again).toEqual(first);
    expect(await usesRemaining(tenPercent.id)).toBe(4);
    expect(await usesRemaining(fiver.id)).toBeNull();

    expect(await rejection(reserve(orderId, cart(accountId, [fiver.code], 9_999)))).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect(await rejection(reserve(orderId, cart(await customer(tenPercent, fiver), [tenPercent.code, fiver.code])))).toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });

    await release(orderId);
    await release(orderId);
    expect(await usesRemaining(tenPercent.id)).toBe(5);
    expect(await rejection(reserve(orderId, cart(accountId, [tenPercent.code, fiver.code], 9_999)))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('leaves a tombstone when the release overtakes the reservation, so the late reserve takes nothing', async () => {
    const limited = await coupon({ maxUses: 3 });
    const accountId = await customer(limited);
    const orderId = uuidv7();
    expect(await release(orderId, 'pay timeout')).toEqual({ orderId, status: 'RELEASED', couponIds: [] });
    expect(await rejection(reserve(orderId, cart(accountId, [limited.code])))).toMatchObject({ code: 'INVALID_STATE' });
    expect(await usesRemaining(limited.id)).toBe(3);
  });

  it('consumes nothing for an order that never reserved', async () => {
    const orderId = uuidv7();
    expect(await consume(orderId)).toEqual({ orderId, status: null, couponIds: [] });
    expect(await statusOf(orderId)).toBeNull();
  });

  it('takes nothing when one code of several cannot apply', async () => {
    const good = await coupon({ maxUses: 2 });
    const spent = await coupon({ maxUses: 1 });
    const accountId = await customer(good, spent);
    await reserve(uuidv7(), cart(await customer(spent), [spent.code]));
    const orderId = uuidv7();
    expect(await rejection(reserve(orderId, cart(accountId, [good.code, spent.code])))).toMatchObject({ code: 'COUPON_INVALID', reason: 'EXHAUSTED' });
    expect(await usesRemaining(good.id)).toBe(2);
    expect(await statusOf(orderId)).toBeNull();
  });
});

describe('the per-customer limit', () => {
  it('refuses a second order of the same customer and serves another customer', async () => {
    const oncePerCustomer = await coupon({ perCustomerLimit: 1, maxUses: 10 });
    const ann = await customer(oncePerCustomer);
    const bob = await customer(oncePerCustomer);
    const first = uuidv7();
    await reserve(first, cart(ann, [oncePerCustomer.code]));
    expect(await rejection(reserve(uuidv7(), cart(ann, [oncePerCustomer.code])))).toMatchObject({ code: 'COUPON_INVALID', reason: 'PER_CUSTOMER_LIMIT' });
    expect(await rejection(evaluate(cart(ann, [oncePerCustomer.code])))).toMatchObject({ reason: 'PER_CUSTOMER_LIMIT' });
    // The order that holds the use evaluates as it did at its checkout.
    expect((await evaluate({ ...cart(ann, [oncePerCustomer.code]), orderId: first })).discounts).toHaveLength(1);
    await reserve(uuidv7(), cart(bob, [oncePerCustomer.code]));
    expect(await usesRemaining(oncePerCustomer.id)).toBe(8);

    await consume(first);
    expect(await rejection(reserve(uuidv7(), cart(ann, [oncePerCustomer.code])))).toMatchObject({ reason: 'PER_CUSTOMER_LIMIT' });
    await release(first, 'order canceled after payment');
    await reserve(uuidv7(), cart(ann, [oncePerCustomer.code]));
  });

  it('lets one of a customer\'s concurrent checkouts through', async () => {
    const oncePerCustomer = await coupon({ perCustomerLimit: 1 });
    const ann = await customer(oncePerCustomer);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => reserve(uuidv7(), cart(ann, [oncePerCustomer.code]))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason.extensions.reason).toBe('PER_CUSTOMER_LIMIT');
    }
  });
});

describe('evaluation rules', () => {
  it('matches the region case-insensitively and refuses a region coupon without an address', async () => {
    const bavaria = await coupon({ region: 'Bavaria' });
    const accountId = await customer(bavaria);
    expect((await evaluate(cart(accountId, [bavaria.code], 10_000, '  bavaria '))).discounts[0].amount).toEqual(usd(500));
    expect(await rejection(evaluate(cart(accountId, [bavaria.code], 10_000, 'Saxony')))).toMatchObject({ code: 'COUPON_INVALID', reason: 'REGION' });
    expect(await rejection(evaluate(cart(accountId, [bavaria.code], 10_000, null)))).toMatchObject({ code: 'COUPON_INVALID', reason: 'REGION' });
    expect(await rejection(reserve(uuidv7(), cart(accountId, [bavaria.code], 10_000, 'Saxony')))).toMatchObject({ reason: 'REGION' });
  });

  it('applies a coupon only inside its window', async () => {
    const later = await coupon({ startsAt: hours(2), endsAt: hours(4) });
    const over = await coupon({ startsAt: hours(-4), endsAt: hours(-2) });
    const now = await coupon({ startsAt: hours(-1), endsAt: hours(1) });
    const accountId = await customer(later, now);
    expect(await rejection(service.redeem(accountId, over.code))).toMatchObject({ code: 'COUPON_INVALID', reason: 'EXPIRED' });
    // Redeemed while it was valid: it stays in the wallet after it ends, and no longer applies.
    await runtime.database!.db.insert(wallet).values({ accountId, couponId: over.id, redeemedAt: hours(-3) });
    expect(await rejection(evaluate(cart(accountId, [over.code])))).toMatchObject({ code: 'COUPON_INVALID', reason: 'EXPIRED' });
    expect(await rejection(evaluate(cart(accountId, [later.code])))).toMatchObject({ code: 'COUPON_INVALID', reason: 'NOT_STARTED' });
    expect((await evaluate(cart(accountId, [now.code]))).discounts).toHaveLength(1);
  });

  it('needs the minimum subtotal', async () => {
    const fifty = await coupon({ minSubtotal: usd(5_000) });
    const accountId = await customer(fifty);
    const below = await rejection(evaluate(cart(accountId, [fifty.code], 4_999)));
    expect(below).toMatchObject({ code: 'COUPON_INVALID', reason: 'MIN_SUBTOTAL' });
    expect(below.message).toContain('minimum subtotal 50.00 USD not reached');
    expect((await evaluate(cart(accountId, [fifty.code], 5_000))).discounts[0].amount).toEqual(usd(500));
  });

  it('applies only coupons of the caller\'s wallet, each code once', async () => {
    const foreign = await coupon();
    const mine = await coupon();
    const accountId = await customer(mine);
    await customer(foreign);
    expect(await rejection(evaluate(cart(accountId, [foreign.code])))).toMatchObject({ code: 'COUPON_INVALID', reason: 'NOT_IN_WALLET' });
    expect(await rejection(reserve(uuidv7(), cart(accountId, [foreign.code])))).toMatchObject({ reason: 'NOT_IN_WALLET' });
    expect(await rejection(evaluate(cart(accountId, ['NO-SUCH-CODE'])))).toMatchObject({ code: 'COUPON_INVALID', reason: 'UNKNOWN' });
    expect(await rejection(evaluate(cart(accountId, [mine.code, mine.code.toLowerCase()])))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'codes' });
    expect(await rejection(evaluate({ ...cart(accountId, [mine.code]), subtotal: { amount: 100, currency: 'EUR' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'subtotal.currency',
    });
  });

  it('caps stacked discounts by what is left of the subtotal', async () => {
    const big = await coupon({ kind: 'AMOUNT', value: 3_000 });
    const half = await coupon({ kind: 'PERCENT', value: 50 });
    const accountId = await customer(big, half);
    const result = await evaluate(cart(accountId, [big.code, half.code], 4_001));
    expect(result.discounts.map((d) => d.amount.amount)).toEqual([3_000, 1_001]);
  });

  it('lists the wallet best first, with the reason of each coupon that does not apply', async () => {
    const small = await coupon({ kind: 'AMOUNT', value: 200 });
    const large = await coupon({ kind: 'PERCENT', value: 25 });
    const needsMore = await coupon({ minSubtotal: usd(50_000) });
    const elsewhere = await coupon({ region: 'Tyrol' });
    const accountId = await customer(small, needsMore, large, elsewhere);
    const list = await applicable({ accountId, subtotal: usd(10_000), lines: [], region: 'Bavaria' });
    expect(list.map((c) => [c.code, c.usable, c.amount.amount, c.reasonCode])).toEqual([
      [large.code, true, 2_500, null],
      [small.code, true, 200, null],
      ...[
        [needsMore.code, false, 0, 'MIN_SUBTOTAL'],
        [elsewhere.code, false, 0, 'REGION'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ]);
    expect(list.find((c) => c.code === needsMore.code)!.reason).toBe('minimum subtotal 500.00 USD not reached');
  });
});

describe('order status changes through the inbox', () => {
  const statusChanged = (orderId: string, accountId: string, to: string, version: number) =>
    createEnvelope(
      {
        type: OrderEvents.OrderStatusChanged,
        aggregateId: orderId,
        aggregateVersion: version,
        payload: { orderId, accountId, cartId: uuidv7(), from: null, to, actor: 'system:test', reason: `to ${to}`, at: new Date().toISOString(), paid: usd(0), total: usd(0) },
      },
      'test-node',
    );

  it('consumes the uses of a paid order and releases those of a cancelled one, once', async () => {
    const limited = await coupon({ maxUses: 4 });
    const accountId = await customer(limited);
    const paid = uuidv7();
    const canceled = uuidv7();
    await reserve(paid, cart(accountId, [limited.code]));
    await reserve(canceled, cart(accountId, [limited.code]));
    expect(await usesRemaining(limited.id)).toBe(2);

    const cancel = statusChanged(canceled, accountId, 'CANCELED', 5);
    await runtime.bus.publish(statusChanged(paid, accountId, 'PAID', 4));
    await runtime.bus.publish(cancel);
    await runtime.bus.publish(cancel);
    await eventually(async () => (await statusOf(paid)) === 'CONSUMED' && (await statusOf(canceled)) === 'RELEASED', 15_000);
    expect(await usesRemaining(limited.id)).toBe(3);

    // A cancel of an order the coupons service has not heard of leaves a tombstone.
    const unseen = uuidv7();
    await runtime.bus.publish(statusChanged(unseen, accountId, 'CANCELED', 2));
    await eventually(async () => (await statusOf(unseen)) === 'RELEASED', 15_000);
    expect(await rejection(reserve(unseen, cart(accountId, [limited.code])))).toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('over HTTP, as the cart and orders call it in the distributed mode', () => {
  it('answers with the same results and the same COUPON_INVALID reasons', async () => {
    const server = await serveSubgraph(subgraph, runtime, 0, '127.0.0.1');
    try {
      const client = new HttpInternalClient({ coupons: server.url }, runtime.config.INTERNAL_SECRET);
      const single = await coupon({ maxUses: 1, value: 250 });
      const [ann, bob] = [await customer(single), await customer(single)];
      const orderId = uuidv7();
      const taken = await client.call<CouponEvaluation>('coupons', 'reserve', { ...cart(ann, [single.code]), orderId });
      expect(taken.discounts).toEqual([{ couponId: single.id, code: single.code, amount: usd(250) }]);
      expect(await rejection(client.call('coupons', 'reserve', { ...cart(bob, [single.code]), orderId: uuidv7() }))).toMatchObject({
        code: 'COUPON_INVALID',
        reason: 'EXHAUSTED',
      });
      expect(await client.call('coupons', 'release', { orderId, reason: 'canceled' })).toEqual({ orderId, status: 'RELEASED', couponIds: [single.id] });
    } finally {
      await server.close();
    }
  });
});
