import {
  formatMoney,
  AccountOps,
  CouponOps,
  InventoryOps,
  PaymentOps,
  Services,
  type AccountAddress,
  type CartProblem,
  type ClassQuote,
  type CouponEligibility,
  type CouponEvaluation,
  type CouponEvaluationInput,
  type CustomerLevel,
  type InternalClient,
  type Money,
  type SkuQuote,
} from '@shop/platform';
import type { CartItemRow } from '../db/schema.js';
import type { CurrencyConverter } from './money.js';
import { applyPromotions, summarize, type PricingLine, type PromotedCart, type Summary } from './pricing.js';
import { asActive, type PromotionService } from './promotions.js';
import { notFoundField, uuidOr404 } from './validation.js';

/** The cart's lines as they stand now for one customer level. */
export interface CartInspection {
  /** Lines that can be bought, priced in the shop currency. */
  lines: PricingLine[];
  /** Lines that cannot, with why; left out of every amount. */
  problems: CartProblem[];
  /** Each line's unit price now (the level price, or the class price), else the price it was added at. */
  unitPrices: Map<string, Money>;
}

/** The contract's types under the names the generated resolver types use for their models. */
export type { CartProblem as CartProblemModel, CouponEligibility as CouponEligibilityModel } from '@shop/platform';

/** A price summary as `Cart.priceSummary` returns it: `walletUsable` is looked up only when asked for. */
export type PriceSummaryView = Summary & { accountId: string };

/** What a price summary is asked for. */
export interface PricingRequest {
  accountId: string;
  level: CustomerLevel;
  couponCodes: string[];
  /** Region of the delivery address, for coupon region rules. */
  region: string | null;
}

/**
 * Prices carts (S2) for `Cart.priceSummary` and for checkout's `snapshot` alike: quotes the
 * lines from inventory at the viewer's level, applies the promotions in force, evaluates the
 * requested coupons in the coupons service, adds freight; see pricing.ts for the arithmetic.
 */
export class CartPricer {
  constructor(
    private readonly deps: { internal: InternalClient; promotions: PromotionService; converter: CurrencyConverter },
  ) {}

  get shopCurrency(): string {
    return this.deps.converter.shopCurrency;
  }

  /**
   * Quotes every line: a SKU gone is NOT_FOUND, off shelf (or priced in a currency without a
   * rate) NOT_ON_SHELF, short of displayed stock OUT_OF_STOCK, and a price that differs from the
   * one the line was added at for the same level PRICE_CHANGED (a different level simply prices
   * the line at the new level). A class gone is NOT_FOUND; a changed class price PRICE_CHANGED.
   */
  async inspect(items: readonly CartItemRow[], level: CustomerLevel): Promise<CartInspection> {
    const skuIds = items.flatMap((i) => (i.skuId ? [i.skuId] : []));
    const classIds = items.flatMap((i) => (i.classId ? [i.classId] : []));
    const [skuQuotes, classQuotes] = await Promise.all([
      skuIds.length ? this.deps.internal.call<SkuQuote[]>(Services.inventory, InventoryOps.quote, { skuIds, level }) : [],
      classIds.length ? this.deps.internal.call<ClassQuote[]>(Services.inventory, InventoryOps.classQuote, { classIds }) : [],
    ]);
    const skus = new Map(skuQuotes.map((q) => [q.skuId, q]));
    const classes = new Map(classQuotes.map((q) => [q.classId, q]));
    const inspection: CartInspection = { lines: [], problems: [], unitPrices: new Map() };
    const shop = (m: Money | null) => (m ? this.deps.converter.convert(m, this.shopCurrency) : null);

    for (const item of items) {
      const added: Money = { amount: item.unitPrice, currency: item.currency };
      const problem = (code: CartProblem['code'], message: string) => {
        inspection.problems.push({ itemId: item.id, code, message });
      };
      const base = {
        itemId: item.id,
        skuId: item.skuId,
        productId: item.productId,
        classId: item.classId,
        swimmerId: item.swimmerId,
        registrationId: item.registrationId,
        title: item.title,
        quantity: item.quantity,
      };
      if (item.skuId) {
        const quote = skus.get(item.skuId);
        inspection.unitPrices.set(item.id, quote?.onShelf && quote.price ? quote.price : added);
        const unitPrice = shop(quote?.price ?? null);
        if (!quote) problem('NOT_FOUND', `${item.title} is no longer sold`);
        else if (!quote.onShelf || !quote.price) problem('NOT_ON_SHELF', `${item.title} is not on shelf`);
        else if (!unitPrice) problem('NOT_ON_SHELF', `${item.title} is priced in ${quote.price.currency}, which the shop cannot convert`);
        else if (quote.displayStock < item.quantity) problem('OUT_OF_STOCK', `Only ${quote.displayStock} of ${item.title} left`);
        else if (item.priceLevel === level && !sameMoney(quote.price, added)) {
          problem('PRICE_CHANGED', `The price of ${item.title} changed from ${formatMoney(added)} to ${formatMoney(quote.price)}`);
        } else inspection.lines.push({ ...base, unitPrice: unitPrice.amount, freight: shop(quote.freight)?.amount ?? 0 });
      } else {
        const quote = item.classId ? classes.get(item.classId) : undefined;
        inspection.unitPrices.set(item.id, quote?.price ?? added);
        const unitPrice = shop(quote?.price ?? null);
        if (!quote) problem('NOT_FOUND', `${item.title} no longer exists`);
        else if (!sameMoney(quote.price, added)) problem('PRICE_CHANGED', `The price of ${item.title} changed from ${formatMoney(added)} to ${formatMoney(quote.price)}`);
        else if (!unitPrice) problem('NOT_FOUND', `${item.title} is priced in ${quote.price.currency}, which the shop cannot convert`);
        else inspection.lines.push({ ...base, unitPrice: unitPrice.amount, freight: null });
      }
    }
    return inspection;
  }

  /** Lines after the promotions in force now. */
  async promote(lines: readonly PricingLine[], now = new Date()): Promise<PromotedCart> {
    const productIds = lines.flatMap((l) => (l.productId ? [l.productId] : []));
    const promotions = productIds.length ? (await this.deps.promotions.active(productIds, now)).map(asActive) : [];
    return applyPromotions(lines, promotions);
  }

  /** The full summary in the shop currency (without the wallet). COUPON_INVALID from the coupons service passes through. */
  async summary(inspection: CartInspection, request: PricingRequest): Promise<Summary> {
    const promoted = await this.promote(inspection.lines);
    const coupons = request.couponCodes.length
      ? (
          await this.deps.internal.call<CouponEvaluation>(Services.coupons, CouponOps.evaluate, {
            ...this.couponInput(promoted, request),
            codes: request.couponCodes,
          } satisfies CouponEvaluationInput)
        ).discounts.map((d) => ({ couponId: d.couponId, code: d.code, amount: this.inShop(d.amount) }))
      : [];
    return summarize(promoted, coupons, this.shopCurrency);
  }

  /** Every coupon of the customer's wallet for this cart: usable ones first, best first, the others with why. */
  async eligibility(inspection: CartInspection, request: Omit<PricingRequest, 'couponCodes'>): Promise<CouponEligibility[]> {
    const promoted = await this.promote(inspection.lines);
    return this.deps.internal.call<CouponEligibility[]>(Services.coupons, CouponOps.applicable, this.couponInput(promoted, request));
  }

  /** min(the customer's wallet balance, total), in the total's currency. */
  async walletUsable(accountId: string, total: Money): Promise<Money> {
    const balance = await this.deps.internal.call<Money>(Services.payments, PaymentOps.walletBalance, { accountId });
    const converted = this.deps.converter.convert(balance, total.currency);
    if (!converted) throw new Error(`wallet balance in ${balance.currency} cannot be converted to ${total.currency}`);
    return { amount: Math.max(0, Math.min(converted.amount, total.amount)), currency: total.currency };
  }

  /** The region of one of the account's addresses; NOT_FOUND on addressId when it is not theirs. */
  async region(accountId: string, addressId: string | null | undefined): Promise<string | null> {
    if (addressId == null) return null;
    uuidOr404('addressId', addressId, 'Address');
    const address = await this.deps.internal.call<AccountAddress | null>(Services.accounts, AccountOps.address, { accountId, addressId });
    if (!address) throw notFoundField('addressId', 'Address');
    return address.region;
  }

  private couponInput(promoted: PromotedCart, request: Pick<PricingRequest, 'accountId' | 'region'>): Omit<CouponEvaluationInput, 'codes'> {
    const lines = promoted.lines.map((l) => ({ productId: l.productId, classId: l.classId, amount: { amount: l.amount - l.promotionDiscount, currency: this.shopCurrency } }));
    return {
      accountId: request.accountId,
      subtotal: { amount: lines.reduce((a, l) => a + l.amount.amount, 0), currency: this.shopCurrency },
      lines,
      region: request.region,
    };
  }

  private inShop(money: Money): number {
    const converted = this.deps.converter.convert(money, this.shopCurrency);
    if (!converted) throw new Error(`coupon discount in ${money.currency} cannot be converted to ${this.shopCurrency}`);
    return converted.amount;
  }
}

const sameMoney = (a: Money, b: Money) => a.amount === b.amount && a.currency === b.currency;

