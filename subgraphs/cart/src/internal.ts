import type { CartSnapshotInput, InternalHandlers, MarkCheckingInput, RefuseHoldInput } from '@shop/platform';
import type { CartService } from './domain/carts.js';
import type { CartPricer } from './domain/pricer.js';
import { cartSnapshot } from './domain/snapshot.js';

/** Operations other services call on the cart directly (contracts/cart.ts); each is idempotent. */
export function cartInternal(deps: { carts: CartService; pricer: CartPricer }): InternalHandlers {
  const { carts, pricer } = deps;
  return {
    /** Checkout (S4): the customer's current cart priced exactly as `Cart.priceSummary` prices it. */
    snapshot: (input: CartSnapshotInput) => cartSnapshot(carts, pricer, input),
    /** Checkout: PENDING -> CHECKING for the order, expiring at its payment deadline. */
    markChecking: (input: MarkCheckingInput) => carts.markChecking(input),
    /** S6 `confirmPaidFromClient`: the order's cart leaves the customer's view. */
    detach: ({ orderId }: { orderId: string }) => carts.detach(orderId),
    /** The gateway's flash-sale gate: for each hold, the refusal it gets when its class is known full, or null. */
    refuseHoldsIfFull: ({ holds }: { holds: RefuseHoldInput[] }) => carts.refuseHoldsIfFull(holds),
    /** C6: states of carts that class reservations point at. */
    states: ({ cartIds }: { cartIds: string[] }) => carts.states(cartIds),
  };
}
