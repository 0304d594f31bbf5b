import type { DiscountSnapshot, Money, PricedLineSnapshot } from '@shop/platform';
import { CurrencyConverter, roundHalfAwayFromZero } from './money.js';

/**
 * The arithmetic of a price summary (S2), free of I/O so that `Cart.priceSummary` and checkout's
 * `snapshot` price a cart with the very same code. Amounts are integer minor units of the shop
 * currency until {@link convertSummary}.
 */

/** A cart line that can be bought, priced in the shop currency. */
export interface PricingLine extends Omit<PricedLineSnapshot, 'unitPrice' | 'amount'> {
  /** Level price (or class price) per unit. */
  unitPrice: number;
  /** The product shelf's freight (product lines). */
  freight: number | null;
}

export type PromotionKind = 'PERCENT' | 'AMOUNT';

/** A promotion inside its window. */
export interface ActivePromotion {
  id: string;
  name: string;
  kind: PromotionKind;
  value: number;
  /** Empty: the whole cart. */
  productIds: readonly string[];
}

/** A line after promotions: what the coupons are evaluated against. */
export interface PromotedLine extends PricingLine {
  amount: number;
  /** Taken off this line by promotions (never more than `amount`). */
  promotionDiscount: number;
}

export interface PromotedCart {
  lines: PromotedLine[];
  subtotal: number;
  /** One entry per promotion that took something off, in the order first used. */
  promotions: { promotionId: string; name: string; amount: number }[];
}

export interface CouponDiscount {
  couponId: string;
  code: string;
  amount: number;
}

/** A price summary in one currency; `walletUsable` is added by whoever knows the balance. */
export interface Summary {
  currency: string;
  lines: PricedLineSnapshot[];
  subtotal: Money;
  discounts: DiscountSnapshot[];
  freight: Money;
  total: Money;
}

/** Discount of one promotion on one product: `amount` of it, over `units` units. */
export function promotionOff(promotion: ActivePromotion, amount: number, units: number): number {
  if (promotion.kind === 'PERCENT') return Number(roundHalfAwayFromZero(BigInt(amount) * BigInt(promotion.value), 100n));
  return Math.min(amount, promotion.value * units);
}

/**
 * Splits `total` over `weights` in proportion, in whole units, exactly (largest remainder; ties
 * to the earlier weight). Never gives a share more than its weight when total <= sum of weights.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = BigInt(weights.reduce((a, b) => a + b, 0));
  if (total <= 0 || sum <= 0n) return weights.map(() => 0);
  // BigInt: total x weight can pass 2^53 for large carts.
  const exact = weights.map((w, i) => ({ i, floor: Number((BigInt(total) * BigInt(w)) / sum), rest: (BigInt(total) * BigInt(w)) % sum }));
  let left = total - exact.reduce((a, e) => a + e.floor, 0);
  const shares = exact.map((e) => e.floor);
  for (const e of [...exact].sort((a, b) => (b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.i - b.i))) {
    if (left === 0) break;
    shares[e.i]++;
    left--;
  }
  return shares;
}

/** Whether a promotion competes for a product: it lists the product, or it is a whole-cart PERCENT one. */
function coversProduct(promotion: ActivePromotion, productId: string): boolean {
  return promotion.productIds.length === 0 ? promotion.kind === 'PERCENT' : promotion.productIds.includes(productId);
}

/**
 * The promotion the catalogue shows for a product (M12): the one pricing would pick for one unit
 * at `unitPrice` (the viewer's lowest SKU price; 0 when not on shelf, which keeps the first
 * candidate), else the largest whole-cart AMOUNT one; null when none applies.
 */
export function bestPromotionFor<P extends ActivePromotion>(productId: string, unitPrice: number, promotions: readonly P[]): P | null {
  let best: { promotion: P; off: number } | null = null;
  for (const promotion of promotions) {
    if (!coversProduct(promotion, productId)) continue;
    const off = promotionOff(promotion, unitPrice, 1);
    if (!best || off > best.off) best = { promotion, off };
  }
  if (best) return best.promotion;
  return promotions.filter((p) => p.kind === 'AMOUNT' && p.productIds.length === 0).reduce<P | null>((a, p) => (p.value > (a?.value ?? 0) ? p : a), null);
}

/**
 * Applies automatic promotions to product lines (class lines are not products and keep their
 * price):
 * - per product, the one promotion that takes the most off it among those listing it and the
 *   whole-cart PERCENT ones (ties: the earlier in `promotions`); PERCENT is value % of the
 *   product's amount rounded half away from zero, a listed AMOUNT is value off each unit;
 * - then the largest whole-cart AMOUNT promotion, once, off what the product lines still cost,
 *   spread over them in proportion to what each still costs.
 * No line goes below zero.
 */
export function applyPromotions(lines: readonly PricingLine[], promotions: readonly ActivePromotion[]): PromotedCart {
  const promoted: PromotedLine[] = lines.map((l) => ({ ...l, amount: l.unitPrice * l.quantity, promotionDiscount: 0 }));
  const used = new Map<string, { promotionId: string; name: string; amount: number }>();
  const take = (promotion: ActivePromotion, targets: PromotedLine[], amount: number) => {
    const shares = allocate(amount, targets.map((l) => l.amount - l.promotionDiscount));
    targets.forEach((l, i) => (l.promotionDiscount += shares[i]));
    const entry = used.get(promotion.id) ?? { promotionId: promotion.id, name: promotion.name, amount: 0 };
    entry.amount += amount;
    if (amount > 0) used.set(promotion.id, entry);
  };

  const byProduct = new Map<string, PromotedLine[]>();
  for (const line of promoted) if (line.productId) byProduct.set(line.productId, [...(byProduct.get(line.productId) ?? []), line]);

  for (const [productId, productLines] of byProduct) {
    const amount = productLines.reduce((a, l) => a + l.amount, 0);
    const units = productLines.reduce((a, l) => a + l.quantity, 0);
    let best: { promotion: ActivePromotion; off: number } | null = null;
    for (const promotion of promotions) {
      if (!coversProduct(promotion, productId)) continue;
      const off = promotionOff(promotion, amount, units);
      if (off > (best?.off ?? 0)) best = { promotion, off };
    }
    if (best) take(best.promotion, productLines, best.off);
  }

  const productLines = promoted.filter((l) => l.productId);
  const cartAmount = promotions
    .filter((p) => p.kind === 'AMOUNT' && p.productIds.length === 0)
    .reduce<ActivePromotion | null>((best, p) => (p.value > (best?.value ?? 0) ? p : best), null);
  if (cartAmount) {
    const left = productLines.reduce((a, l) => a + l.amount - l.promotionDiscount, 0);
    take(cartAmount, productLines, Math.min(cartAmount.value, left));
  }

  return { lines: promoted, subtotal: promoted.reduce((a, l) => a + l.amount, 0), promotions: [...used.values()] };
}

/**
 * The summary in the shop currency: promotions, then coupon discounts (each capped at what the
 * cart still costs, so the goods never go below zero), then freight once per product.
 * total = subtotal - discounts + freight.
 */
export function summarize(cart: PromotedCart, coupons: readonly CouponDiscount[], currency: string): Summary {
  const money = (amount: number): Money => ({ amount, currency });
  const discounts: DiscountSnapshot[] = cart.promotions.map((p) => ({ source: 'PROMOTION', code: p.name, amount: money(p.amount), sourceId: p.promotionId }));
  let left = cart.subtotal - cart.promotions.reduce((a, p) => a + p.amount, 0);
  for (const coupon of coupons) {
    const amount = Math.max(0, Math.min(coupon.amount, left));
    left -= amount;
    discounts.push({ source: 'COUPON', code: coupon.code, amount: money(amount), sourceId: coupon.couponId });
  }
  const freightByProduct = new Map<string, number>();
  for (const line of cart.lines) if (line.productId && line.freight != null) freightByProduct.set(line.productId, line.freight);
  const freight = [...freightByProduct.values()].reduce((a, b) => a + b, 0);
  return {
    currency,
    lines: cart.lines.map((l) => ({
      itemId: l.itemId,
      skuId: l.skuId,
      productId: l.productId,
      classId: l.classId,
      swimmerId: l.swimmerId,
      registrationId: l.registrationId,
      title: l.title,
      quantity: l.quantity,
      unitPrice: money(l.unitPrice),
      amount: money(l.amount),
    })),
    subtotal: money(cart.subtotal),
    discounts,
    freight: money(freight),
    total: money(left + freight),
  };
}

/**
 * The summary in another currency. Rounding rule: each unit price, discount and the freight is
 * converted on its own and rounded half away from zero to the target's minor unit; a line's
 * amount is its converted unit price times its quantity; the subtotal is the sum of the converted
 * lines and the total the converted subtotal minus the converted discounts plus the converted
 * freight (never below zero). So every figure shown adds up in the target currency.
 */
export function convertSummary(summary: Summary, to: string, converter: CurrencyConverter): Summary {
  if (to === summary.currency) return summary;
  const convert = (m: Money): Money => {
    const converted = converter.convert(m, to);
    if (!converted) throw new Error(`no rate between ${m.currency} and ${to}`);
    return converted;
  };
  const lines = summary.lines.map((l) => {
    const unitPrice = convert(l.unitPrice);
    return { ...l, unitPrice, amount: { amount: unitPrice.amount * l.quantity, currency: to } };
  });
  const subtotal = lines.reduce((a, l) => a + l.amount.amount, 0);
  const discounts = summary.discounts.map((d) => ({ ...d, amount: convert(d.amount) }));
  const freight = convert(summary.freight);
  const total = Math.max(0, subtotal - discounts.reduce((a, d) => a + d.amount.amount, 0) + freight.amount);
  return { currency: to, lines, subtotal: { amount: subtotal, currency: to }, discounts, freight, total: { amount: total, currency: to } };
}
