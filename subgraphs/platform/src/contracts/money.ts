/** An amount in minor units (cents) of a three-letter currency; never a float. */
export interface Money {
  amount: number;
  currency: string;
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
