import { CUSTOMER_LEVELS, badInput, isUuid, type CartSnapshot, type CartSnapshotInput, type CustomerLevel } from '@shop/platform';
import type { CartService } from './carts.js';
import type { CartPricer } from './pricer.js';
import type { CartState } from './states.js';
import { couponCodes } from './validation.js';

/**
 * The customer's current cart priced for checkout (contracts/cart.ts `snapshot`), with the same
 * code as `Cart.priceSummary`. The version is read again after the lines, and the read repeated
 * if the cart changed meanwhile, so the lines priced are exactly those of `version`.
 */
export async function cartSnapshot(carts: CartService, pricer: CartPricer, input: CartSnapshotInput): Promise<CartSnapshot> {
  if (!isUuid(input?.accountId ?? '')) throw badInput('accountId', 'accountId must be an account id');
  if (!CUSTOMER_LEVELS.includes(input.level as CustomerLevel)) throw badInput('level', `level must be one of ${CUSTOMER_LEVELS.join(', ')}`);
  if (input.region != null && typeof input.region !== 'string') throw badInput('region', 'region must be a string');
  const codes = couponCodes(input.couponCodes);
  const level = input.level as CustomerLevel;
  for (let attempt = 0; ; attempt++) {
    const cart = await carts.current(input.accountId);
    const items = await carts.itemsOf([cart.id]);
    const again = await carts.byId(cart.id);
    if (again?.version !== cart.version && attempt < 3) continue;
    const inspection = await pricer.inspect(items, level);
    const summary = await pricer.summary(inspection, { accountId: input.accountId, level, couponCodes: codes, region: input.region ?? null });
    const walletUsable = await pricer.walletUsable(input.accountId, summary.total);
    return {
      cartId: cart.id,
      state: cart.state as CartState,
      version: cart.version,
      summary: { lines: summary.lines, subtotal: summary.subtotal, discounts: summary.discounts, freight: summary.freight, walletUsable, total: summary.total },
      problems: inspection.problems,
    };
  }
}
