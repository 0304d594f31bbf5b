/**
 * Price summary arithmetic (MISSION S2, M12): promotions, coupons, freight, currency conversion
 * and its rounding rule; a discount never makes a line or the total negative.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurrencyConverter, exactRate, roundHalfAwayFromZero } from './money.js';
import { allocate, applyPromotions, bestPromotionFor, convertSummary, summarize, type ActivePromotion, type PricingLine } from './pricing.js';

const rates = { USD: 1, EUR: 0.92, CNY: 7.2, JPY: 150.5, RUB: 92 };
const converter = new CurrencyConverter('USD', rates);

let seq = 0;
function product(productId: string, unitPrice: number, quantity: number, freight = 0): PricingLine {
  const itemId = `item-${seq++}`;
  return { itemId, skuId: `sku-${itemId}`, productId, classId: null, swimmerId: null, registrationId: null, title: productId, quantity, unitPrice, freight };
}
function swimClass(unitPrice: number): PricingLine {
  const itemId = `item-${seq++}`;
  return { itemId, skuId: null, productId: null, classId: 'class-1', swimmerId: 'swimmer-1', registrationId: 'reg-1', title: 'Dolphins', quantity: 1, unitPrice, freight: null };
}
const promotion = (id: string, kind: 'PERCENT' | 'AMOUNT', value: number, productIds: string[] = []): ActivePromotion => ({ id, name: `promo ${id}`, kind, value, productIds });

describe('rounding and conversion', () => {
  it('rounds half away from zero', () => {
    expect([5n, 15n, 25n, -5n, -15n, 4n, 6n].map((n) => roundHalfAwayFromZero(n, 10n))).toEqual([1n, 2n, 3n, -1n, -2n, 0n, 1n]);
  });

  it('reads rates exactly from their decimal form', () => {
    expect(exactRate(0.92)).toEqual({ num: 92n, den: 100n });
    expect(exactRate(150.5)).toEqual({ num: 1505n, den: 10n });
    expect(exactRate(1e-7)).toEqual({ num: 1n, den: 10000000n });
    expect(exactRate(2e21)).toEqual({ num: 2000000000000000000000n, den: 1n });
  });

  it('converts minor units through the rates with one rounding, minding minor-unit digits', () => {
    // 12.50 USD x 0.92 = 11.50 EUR exactly (in doubles 1250 * 0.92 = 1150.0000000000002).
    expect(converter.convert({ amount: 1250, currency: 'USD' }, 'EUR')).toEqual({ amount: 1150, currency: 'EUR' });
    // 0.25 USD x 0.92 = 0.23 EUR.
    expect(converter.convert({ amount: 25, currency: 'USD' }, 'EUR')).toEqual({ amount: 23, currency: 'EUR' });
    // JPY has no minor unit: 10.00 USD x 150.5 = 1505 JPY.
    expect(converter.convert({ amount: 1000, currency: 'USD' }, 'JPY')).toEqual({ amount: 1505, currency: 'JPY' });
    // 1 JPY -> USD: 1 / 150.5 = 0.0066 USD = 0.66 cents -> 1 cent.
    expect(converter.convert({ amount: 1, currency: 'JPY' }, 'USD')).toEqual({ amount: 1, currency: 'USD' });
    // EUR -> CNY crosses two rates: 9.20 EUR = 10 USD = 72 CNY.
    expect(converter.convert({ amount: 920, currency: 'EUR' }, 'CNY')).toEqual({ amount: 7200, currency: 'CNY' });
    // Half away from zero: 0.05 USD * 0.5 = 0.025 -> 0.03.
    expect(new CurrencyConverter('USD', { USD: 1, XTS: 0.5 }).convert({ amount: 5, currency: 'USD' }, 'XTS')).toEqual({ amount: 3, currency: 'XTS' });
    expect(converter.convert({ amount: 100, currency: 'USD' }, 'GBP')).toBeNull();
    expect(converter.knows('EUR')).toBe(true);
    expect(converter.knows('GBP')).toBe(false);
  });
});

describe('allocate', () => {
  it('splits exactly, in proportion, never above a weight', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(7, [0, 7])).toEqual([0, 7]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 8 }), fc.nat(), (weights, seed) => {
        const sum = weights.reduce((a, b) => a + b, 0);
        const total = sum === 0 ? 0 : seed % (sum + 1);
        const shares = allocate(total, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(sum === 0 ? 0 : total);
        shares.forEach((s, i) => expect(s).toBeLessThanOrEqual(weights[i]));
      }),
    );
  });
});

describe('promotions', () => {
  it('takes the best promotion per product: percent vs amount per unit vs whole-cart percent', () => {
    const fins = product('fins', 2000, 2);
    const cap = product('cap', 500, 1);
    const cart = applyPromotions(
      [fins, cap],
      [promotion('p10', 'PERCENT', 10), promotion('fins-300', 'AMOUNT', 300, ['fins']), promotion('cap-50', 'PERCENT', 50, ['cap'])],
    );
    // fins: 10% of 4000 = 400 < 300 x 2 units = 600; cap: 10% of 500 = 50 < 50% = 250.
    expect(cart.lines.map((l) => [l.amount, l.promotionDiscount])).toEqual([
      [4000, 600],
      [500, 250],
    ]);
    expect(cart.subtotal).toBe(4500);
    expect(cart.promotions).toEqual([
      { promotionId: 'fins-300', name: 'promo fins-300', amount: 600 },
      { promotionId: 'cap-50', name: 'promo cap-50', amount: 250 },
    ]);
  });

  it('leaves class lines and products nobody promotes alone, and never goes below zero', () => {
    const goggles = product('goggles', 300, 1);
    const lesson = swimClass(5000);
    const cart = applyPromotions([goggles, lesson, product('other', 100, 1)], [promotion('huge', 'AMOUNT', 10_000, ['goggles'])]);
    expect(cart.lines.map((l) => l.promotionDiscount)).toEqual([300, 0, 0]);
    expect(cart.promotions).toEqual([{ promotionId: 'huge', name: 'promo huge', amount: 300 }]);
  });

  it('applies the largest whole-cart amount once, over what the products still cost', () => {
    const a = product('a', 1000, 1);
    const b = product('b', 3000, 1);
    const cart = applyPromotions([a, b, swimClass(2000)], [promotion('small', 'AMOUNT', 100), promotion('big', 'AMOUNT', 800), promotion('b-half', 'PERCENT', 50, ['b'])]);
    // b: 50% = 1500; then 800 off the remaining 1000 + 1500, in proportion 2:3.
    expect(cart.lines.map((l) => l.promotionDiscount)).toEqual([320, 1500 + 480, 0]);
    expect(cart.promotions).toEqual([
      { promotionId: 'b-half', name: 'promo b-half', amount: 1500 },
      { promotionId: 'big', name: 'promo big', amount: 800 },
    ]);
  });

  it('rounds a percent half away from zero per product', () => {
    const cart = applyPromotions([product('odd', 5, 1)], [promotion('half', 'PERCENT', 50)]);
    expect(cart.lines[0].promotionDiscount).toBe(3);
  });
});

describe('the promotion the catalogue shows', () => {
  it('picks what pricing would take off one unit, then the largest whole-cart amount', () => {
    const percent = promotion('p20', 'PERCENT', 20);
    const amount = promotion('fins-300', 'AMOUNT', 300, ['fins']);
    const cartAmount = promotion('cart-500', 'AMOUNT', 500);
    // 20% of 2000 = 400 > 300; 20% of 1000 = 200 < 300.
    expect(bestPromotionFor('fins', 2000, [percent, amount, cartAmount])).toBe(percent);
    expect(bestPromotionFor('fins', 1000, [percent, amount, cartAmount])).toBe(amount);
    expect(bestPromotionFor('cap', 1000, [amount, cartAmount, promotion('cart-900', 'AMOUNT', 900)])?.id).toBe('cart-900');
    expect(bestPromotionFor('cap', 1000, [amount])).toBeNull();
    // Off shelf (no price): every candidate takes 0 off, the first is kept.
    expect(bestPromotionFor('fins', 0, [amount, percent])).toBe(amount);
  });
});

describe('summary', () => {
  it('adds coupons after promotions, freight once per product, and totals', () => {
    const lines = [product('fins', 2000, 2, 490), product('fins', 2100, 1, 490), product('cap', 500, 1, 200), swimClass(5000)];
    const cart = applyPromotions(lines, [promotion('p10', 'PERCENT', 10, ['fins'])]);
    const summary = summarize(cart, [{ couponId: 'c1', code: 'WELCOME', amount: 1000 }], 'USD');
    expect(summary.subtotal).toEqual({ amount: 4000 + 2100 + 500 + 5000, currency: 'USD' });
    expect(summary.discounts).toEqual([
      { source: 'PROMOTION', code: 'promo p10', amount: { amount: 610, currency: 'USD' }, sourceId: 'p10' },
      { source: 'COUPON', code: 'WELCOME', amount: { amount: 1000, currency: 'USD' }, sourceId: 'c1' },
    ]);
    expect(summary.freight).toEqual({ amount: 690, currency: 'USD' });
    expect(summary.total).toEqual({ amount: 11600 - 610 - 1000 + 690, currency: 'USD' });
    expect(summary.lines.map((l) => [l.unitPrice.amount, l.quantity, l.amount.amount])).toEqual([
      [2000, 2, 4000],
      [2100, 1, 2100],
      [500, 1, 500],
      [5000, 1, 5000],
    ]);
  });

  it('caps coupons so the goods never cost less than zero; freight is still due', () => {
    const cart = applyPromotions([product('a', 1000, 1, 300)], [promotion('p', 'PERCENT', 60)]);
    const summary = summarize(cart, [{ couponId: 'c1', code: 'BIG', amount: 350 }, { couponId: 'c2', code: 'MORE', amount: 350 }], 'USD');
    expect(summary.discounts.map((d) => d.amount.amount)).toEqual([600, 350, 50]);
    expect(summary.total.amount).toBe(300);
  });

  it('converts every figure with the stated rule so that they add up', () => {
    const cart = applyPromotions([product('a', 333, 3, 125), product('b', 1001, 1, 0)], [promotion('p', 'PERCENT', 15)]);
    const usd = summarize(cart, [{ couponId: 'c', code: 'C', amount: 77 }], 'USD');
    const eur = convertSummary(usd, 'EUR', converter);
    expect(eur.lines.map((l) => [l.unitPrice.amount, l.amount.amount])).toEqual([
      [306, 918], // 3.33 x 0.92 = 3.0636 -> 3.06
      [921, 921], // 10.01 x 0.92 = 9.2092 -> 9.21
    ]);
    expect(eur.subtotal.amount).toBe(918 + 921);
    // promotions: 15% of 999 = 149.85 -> 150 (0.92 -> 138); of 1001 = 150.15 -> 150 (-> 138); coupon 77 -> 70.84 -> 71.
    expect(eur.discounts.map((d) => [d.source, d.amount])).toEqual([
      ['PROMOTION', { amount: 276, currency: 'EUR' }],
      ['COUPON', { amount: 71, currency: 'EUR' }],
    ]);
    expect(eur.freight).toEqual({ amount: 115, currency: 'EUR' });
    expect(eur.total).toEqual({ amount: 918 + 921 - 276 - 71 + 115, currency: 'EUR' });
    expect(convertSummary(usd, 'USD', converter)).toBe(usd);
  });

  it('never gives a negative line or total, whatever the promotions, coupons and currency', () => {
    const arbLine = fc.record({
      productId: fc.constantFrom('a', 'b', 'c', null),
      unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
      quantity: fc.integer({ min: 1, max: 99 }),
      freight: fc.integer({ min: 0, max: 5000 }),
    });
    const arbPromotion = fc.record({
      kind: fc.constantFrom<'PERCENT' | 'AMOUNT'>('PERCENT', 'AMOUNT'),
      value: fc.integer({ min: 1, max: 200_000 }),
      productIds: fc.subarray(['a', 'b', 'c']),
    });
    fc.assert(
      fc.property(
        fc.array(arbLine, { minLength: 1, maxLength: 6 }),
        fc.array(arbPromotion, { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 3 }),
        fc.constantFrom('USD', 'EUR', 'JPY', 'CNY'),
        (rawLines, rawPromotions, couponAmounts, currency) => {
          const lines = rawLines.map((l) => (l.productId ? product(l.productId, l.unitPrice, l.quantity, l.freight) : swimClass(l.unitPrice)));
          const promotions = rawPromotions.map((p, i) => promotion(`p${i}`, p.kind, p.kind === 'PERCENT' ? Math.min(p.value, 100) : p.value, p.productIds));
          const cart = applyPromotions(lines, promotions);
          for (const line of cart.lines) {
            expect(line.promotionDiscount).toBeGreaterThanOrEqual(0);
            expect(line.promotionDiscount).toBeLessThanOrEqual(line.amount);
          }
          const summary = summarize(cart, couponAmounts.map((amount, i) => ({ couponId: `c${i}`, code: `C${i}`, amount })), 'USD');
          const discounts = summary.discounts.reduce((a, d) => a + d.amount.amount, 0);
          expect(summary.discounts.every((d) => d.amount.amount >= 0)).toBe(true);
          expect(discounts).toBeLessThanOrEqual(summary.subtotal.amount);
          expect(summary.total.amount).toBe(summary.subtotal.amount - discounts + summary.freight.amount);
          const converted = convertSummary(summary, currency, converter);
          expect(converted.total.amount).toBeGreaterThanOrEqual(0);
          expect(converted.lines.every((l) => l.amount.amount >= 0)).toBe(true);
          expect(converted.subtotal.amount).toBe(converted.lines.reduce((a, l) => a + l.amount.amount, 0));
        },
      ),
    );
  });
});
