import type { DiscountSnapshot, Money, PricedLineSnapshot } from './money.js';

/**
 * cart internal operations, for the orders service's checkout (ARCHITECTURE.md "one request"):
 * - `snapshot(CartSnapshotInput) -> CartSnapshot`: the caller's current cart priced exactly as
 *   `Cart.priceSummary` prices it (coupons evaluated, not reserved).
 * - `markChecking({ cartId, orderId, expiresAt, version? })`: PENDING -> CHECKING for that order;
 *   idempotent for the same order; `CART_NOT_EDITABLE` otherwise. With `version` (the snapshot's),
 *   a cart changed since it was priced is refused with `PRICE_CHANGED` and stays PENDING.
 * - `detach({ orderId })`: S6 `confirmPaidFromClient`: the cart of the order stops being the
 *   customer's current cart (its items leave the app's cart view at once); its state is
 *   unchanged and the saga still finishes it. Idempotent.
 * - `states({ cartIds }) -> Record<cartId, state | null>`: for inventory's orphan-reservation job
 *   (C6); null for a cart that does not exist.
 * - `refuseHoldsIfFull({ holds: RefuseHoldInput[] }) -> (Refusal | null)[]`: for the gateway's
 *   flash-sale gate, at most {@link MAX_HOLDS_ASKED} holds at once, answered in their order: for
 *   each, the refusal `addClassToCart` would give (as data, errors.ts) when the cart service knows
 *   the class is full (CLASS_FULL_CACHE_MS); null when it does not, and the hold must go its whole
 *   way. `BAD_USER_INPUT` for a list that is not one.
 */
export const CartOps = {
  snapshot: 'snapshot',
  markChecking: 'markChecking',
  detach: 'detach',
  states: 'states',
  refuseHoldsIfFull: 'refuseHoldsIfFull',
} as const;

/** Holds the gate asks `refuseHoldsIfFull` about in one call, at most. */
export const MAX_HOLDS_ASKED = 200;

export interface RefuseHoldInput {
  accountId: string;
  classId: string;
  swimmerId: string;
}

export interface CartSnapshotInput {
  accountId: string;
  level: string;
  couponCodes: string[];
  /** Region of the delivery address, for coupon region rules. */
  region: string | null;
  useWallet: boolean;
}

export interface PriceSummarySnapshot {
  lines: PricedLineSnapshot[];
  subtotal: Money;
  discounts: DiscountSnapshot[];
  freight: Money;
  /** The wallet balance usable for this cart: min(balance, total); zero in a snapshot taken without `useWallet`. */
  walletUsable: Money;
  /** subtotal − discounts + freight, never negative. */
  total: Money;
}

/** Why a line cannot be bought as it stands (the summary says so instead of failing). */
export interface CartProblem {
  itemId: string;
  code: 'NOT_ON_SHELF' | 'OUT_OF_STOCK' | 'PRICE_CHANGED' | 'NOT_FOUND' | 'CLASS_FULL';
  message: string;
}

/** Input of `markChecking`; `version` is optional (older callers omit it). */
export interface MarkCheckingInput {
  cartId: string;
  orderId: string;
  /** The order's payment deadline: the cart expires then (plus one job interval). */
  expiresAt: string;
  /** The snapshot's version: refuse if the cart changed since. */
  version?: number;
}

export interface CartSnapshot {
  cartId: string;
  state: string;
  /** Increases with every change of the cart: part of the checkout request hash. */
  version: number;
  summary: PriceSummarySnapshot;
  problems: CartProblem[];
}

/** Events the cart publishes (aggregate: the cart). Payload {@link CartEventPayload}. */
export const CartEvents = {
  CartApplied: 'CartApplied',
  CartDone: 'CartDone',
  CartExpired: 'CartExpired',
  CartCanceled: 'CartCanceled',
} as const;

export interface CartEventPayload {
  cartId: string;
  accountId: string;
  /** The order the cart was checked out into, if any. */
  orderId: string | null;
  reason: string | null;
}
