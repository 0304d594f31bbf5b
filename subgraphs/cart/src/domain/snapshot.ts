import { CUSTOMER_LEVELS, badInput, isUuid, type CartSnapshot, type CartSnapshotInput, type CustomerLevel } from '@shop/platform';
import type { CartService } from './carts.js';
import type { CartPricer } from './pricer.js';
import type { CartState } from './states.js';
import { couponCodes } from './validation.js';

/**
 * The customer's current cart priced for checkout (contracts/cart.ts `snapshot`), with the same
 * code as `Cart.priceSummary`. The cart and its lines come from one statement, so the lines
 * priced are exactly those of `version`. The wallet is asked only when the checkout uses it.
 */
export async function cartSnapshot(carts: CartService, pricer: CartPricer, input: CartSnapshotInput): Promise<CartSnapshot> {
  if (!isUuid(input?.accountId ?? '')) throw badInput('accountId', 'accountId must be an account id');
  if (!CUSTOMER_LEVELS.includes(input.level as CustomerLevel)) throw badInput('level', `level must be one of ${CUSTOMER_LEVELS.join(', ')}`);
  if (input.region != null && typeof input.region !== 'string') throw badInput('region', 'region must be a string');
  const codes = couponCodes(input.couponCodes);
  const level = input.level as CustomerLevel;
  const { cart, items } = await carts.currentWithItems(input.accountId);
  const inspection = await pricer.inspect(items, level);
  const summary = await pricer.summary(inspection, { accountId: input.accountId, level, couponCodes: codes, region: input.region ?? null });
  const walletUsable = input.useWallet ? await pricer.walletUsable(input.accountId, summary.total) : { amount: 0, currency: summary.total.currency };
  return {
    cartId: cart.id,
    state: cart.state as CartState,
    version: cart.version,
    summary: { lines: summary.lines, subtotal: summary.subtotal, discounts: summary.discounts, freight: summary.freight, walletUsable, total: summary.total },
    problems: inspection.problems,
  };
}
