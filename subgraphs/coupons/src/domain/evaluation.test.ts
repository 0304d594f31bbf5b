import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '@shop/platform';
import {
  couponAmount,
  eligibilities,
  evaluateCoupons,
  ineligibility,
  type CartTerms,
  type CouponTerms,
  type CustomerHolding,
} from './evaluation.js';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const usd = (amount: number) => ({ amount, currency: 'USD' });
const cart = (subtotal: number, region: string | null = null): CartTerms => ({ subtotal: usd(subtotal), region, now: NOW });
const holding = (over: Partial<CustomerHolding> = {}): CustomerHolding => ({ inWallet: true, usedByCustomer: 0, heldByThisOrder: false, ...over });
let n = 0;
const coupon = (over: Partial<CouponTerms> = {}): CouponTerms => ({
  id: `c${n}`,
  code: `CODE${n++}`,
  kind: 'AMOUNT',
  value: 500,
  currency: 'USD',
  minSubtotal: null,
  startsAt: null,
  endsAt: null,
  usesRemaining: null,
  perCustomerLimit: null,
  region: null,
  ...over,
});

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('couponAmount', () => {
  it('rounds a percentage down to the minor unit', () => {
    expect(couponAmount({ kind: 'PERCENT', value: 15 }, 999)).toBe(149); // 149.85
    expect(couponAmount({ kind: 'PERCENT', value: 33 }, 1)).toBe(0);
    expect(couponAmount({ kind: 'PERCENT', value: 100 }, 12_345)).toBe(12_345);
  });

  it('never gives more than the subtotal', () => {
    expect(couponAmount({ kind: 'AMOUNT', value: 5_000 }, 1_200)).toBe(1_200);
    expect(couponAmount({ kind: 'AMOUNT', value: 5_000 }, 0)).toBe(0);
  });
});

describe('ineligibility', () => {
  it('checks the window with an exclusive end', () => {
    const window = coupon({ startsAt: '2026-11-23T10:00:00Z', endsAt: '2026-11-24T10:00:00Z' });
    expect(ineligibility(window, holding(), { ...cart(1000), now: NOW - 1 })?.reason).toBe('NOT_STARTED');
    expect(ineligibility(window, holding(), cart(1000))).toBeNull();
    expect(ineligibility(window, holding(), { ...cart(1000), now: Date.parse('2026-11-24T10:00:00Z') })?.reason).toBe('EXPIRED');
  });

  it('needs the coupon in the wallet, uses left and the customer under the limit', () => {
    expect(ineligibility(coupon(), holding({ inWallet: false }), cart(1000))?.reason).toBe('NOT_IN_WALLET');
    expect(ineligibility(coupon({ usesRemaining: 0 }), holding(), cart(1000))?.reason).toBe('EXHAUSTED');
    expect(ineligibility(coupon({ usesRemaining: 0 }), holding({ heldByThisOrder: true }), cart(1000))).toBeNull();
    expect(ineligibility(coupon({ perCustomerLimit: 2 }), holding({ usedByCustomer: 1 }), cart(1000))).toBeNull();
    expect(ineligibility(coupon({ perCustomerLimit: 2 }), holding({ usedByCustomer: 2 }), cart(1000))?.reason).toBe('PER_CUSTOMER_LIMIT');
  });

  it('matches the region case-insensitively; no address means no region coupon', () => {
    const tyrol = coupon({ region: 'Tyrol' });
    expect(ineligibility(tyrol, holding(), cart(1000, ' TYROL'))).toBeNull();
    expect(ineligibility(tyrol, holding(), cart(1000, 'Vienna'))?.reason).toBe('REGION');
    expect(ineligibility(tyrol, holding(), cart(1000, null))?.message).toContain('choose a delivery address');
  });

  it('names the minimum subtotal in the currency\'s own digits', () => {
    expect(ineligibility(coupon({ minSubtotal: 5_000 }), holding(), cart(4_999))).toEqual({
      reason: 'MIN_SUBTOTAL',
      message: 'minimum subtotal 50.00 USD not reached',
    });
    expect(ineligibility(coupon({ minSubtotal: 5_000 }), holding(), cart(5_000))).toBeNull();
  });

  it('gives the same first reason whatever else is wrong', () => {
    const everything = coupon({ endsAt: '2026-01-01T00:00:00Z', usesRemaining: 0, region: 'Tyrol', minSubtotal: 10 ** 6 });
    expect(ineligibility(everything, holding({ inWallet: false }), cart(1))?.reason).toBe('NOT_IN_WALLET');
    expect(ineligibility(everything, holding(), cart(1))?.reason).toBe('EXPIRED');
  });
});

describe('evaluateCoupons', () => {
  it('stacks in the order given, each capped by what is left', () => {
    const percent = coupon({ kind: 'PERCENT', value: 40 });
    const amount = coupon({ kind: 'AMOUNT', value: 7_000 });
    const result = evaluateCoupons(
      [
        { code: percent.code, coupon: percent, holding: holding() },
        { code: amount.code, coupon: amount, holding: holding() },
      ],
      cart(10_001),
    );
    expect(result.discounts).toEqual([
      { couponId: percent.id, code: percent.code, amount: usd(4_000) },
      { couponId: amount.id, code: amount.code, amount: usd(6_001) },
    ]);
  });

  it('throws COUPON_INVALID with the reason of the first code that cannot apply', () => {
    const err = thrown(() => evaluateCoupons([{ code: 'NOPE', coupon: null, holding: holding({ inWallet: false }) }], cart(100)));
    expect([err.code, err.extensions.reason, err.extensions.couponCode]).toEqual(['COUPON_INVALID', 'UNKNOWN', 'NOPE']);
    const regional = coupon({ region: 'Tyrol' });
    const second = thrown(() =>
      evaluateCoupons(
        [
          { code: 'A', coupon: coupon(), holding: holding() },
          { code: regional.code, coupon: regional, holding: holding() },
        ],
        cart(100),
      ),
    );
    expect(second.extensions.reason).toBe('REGION');
    expect(second.message).toBe(`Coupon ${regional.code}: only for delivery to Tyrol: choose a delivery address`);
  });

  it('never discounts more than the subtotal, nor a negative amount (property)', () => {
    const terms = fc.record({ kind: fc.constantFrom('PERCENT' as const, 'AMOUNT' as const), value: fc.integer({ min: 1, max: 100_000 }) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(terms, { maxLength: 6 }), (subtotal, list) => {
        const requested = list.map((t) => {
          const c = coupon({ kind: t.kind, value: t.kind === 'PERCENT' ? Math.min(t.value, 100) : t.value });
          return { code: c.code, coupon: c, holding: holding() };
        });
        const amounts = evaluateCoupons(requested, cart(subtotal)).discounts.map((d) => d.amount.amount);
        expect(amounts.every((a) => Number.isInteger(a) && a >= 0)).toBe(true);
        expect(amounts.reduce((s, a) => s + a, 0)).toBeLessThanOrEqual(subtotal);
      }),
    );
  });
});

describe('eligibilities', () => {
  it('puts usable coupons first, largest discount first, then the others by code with their reason', () => {
    const a = coupon({ code: 'A-SMALL', kind: 'AMOUNT', value: 100 });
    const b = coupon({ code: 'B-LARGE', kind: 'PERCENT', value: 50 });
    const c = coupon({ code: 'C-FAR', region: 'Tyrol' });
    const d = coupon({ code: 'B-USED', usesRemaining: 0 });
    const list = eligibilities([a, c, d, b].map((x) => ({ coupon: x, holding: holding() })), cart(1_000, 'Vienna'));
    expect(list.map((e) => [e.code, e.usable, e.amount.amount, e.reasonCode])).toEqual([
      ['B-LARGE', true, 500, null],
      ['A-SMALL', true, 100, null],
      ['B-USED', false, 0, 'EXHAUSTED'],
      ['C-FAR', false, 0, 'REGION'],
    ]);
    expect(list[2].reason).toBe('no uses left');
  });
});
