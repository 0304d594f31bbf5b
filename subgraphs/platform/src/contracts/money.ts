/** An amount in minor units (cents) of a three-letter currency; never a float. */
export interface Money {
  amount: number;
  currency: string;
}

const digitsByCurrency = new Map<string, number>();

/**
 * Digits of a currency's minor unit (USD 2, JPY 0, BHD 3), from the ISO 4217 data Node carries;
 * remembered per code (building an Intl.NumberFormat is costly, and every price conversion asks).
 */
export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    if (digitsByCurrency.size < 1000) digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** `5000 USD` -> `50.00 USD`, with the currency's own number of minor digits: for messages. */
export function formatMoney(money: Money): string {
  const digits = minorDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const abs = Math.abs(money.amount);
  if (digits === 0) return `${sign}${abs} ${money.currency}`;
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, '0')} ${money.currency}`;
}

/** Service names: the keys of internal calls, SUBGRAPH_URLS and the supergraph. */
export const Services = {
  accounts: 'accounts',
  inventory: 'inventory',
  cart: 'cart',
  coupons: 'coupons',
  orders: 'orders',
  payments: 'payments',
  notifications: 'notifications',
} as const;

/** A cart or order line as priced by the cart service and copied unchanged into the order (S2, S4). */
export interface PricedLineSnapshot {
  itemId: string;
  /** A product line: its SKU and product. */
  skuId: string | null;
  productId: string | null;
  /** A class line: the class, the swimmer and the seat hold (registration) it carries. */
  classId: string | null;
  swimmerId: string | null;
  registrationId: string | null;
  /** Product or class name at the time of pricing: the order keeps it (L2). */
  title: string;
  quantity: number;
  /** The viewer's level price (or the class price) per unit. */
  unitPrice: Money;
  /** unitPrice × quantity, before discounts. */
  amount: Money;
}

/** One discount of a price summary; `source` is PROMOTION, COUPON or LEVEL (API.md `Discount`). */
export interface DiscountSnapshot {
  source: 'PROMOTION' | 'COUPON' | 'LEVEL';
  /** The coupon code, or the promotion's name. */
  code: string | null;
  amount: Money;
  /** The coupon or promotion id. */
  sourceId: string | null;
}
