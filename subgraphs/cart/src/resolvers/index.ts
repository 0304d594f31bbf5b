import {
  badInput,
  connection,
  decodeCursor,
  encodeCursor,
  forbidden,
  iso,
  isUuid,
  loader,
  pageSize,
  requireAccount,
  requireRole,
  type SubgraphContext,
} from '@shop/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { CartItemRow, CartRow, PromotionRow } from '../db/schema.js';
import type { CartService, Shopper } from '../domain/carts.js';
import type { CurrencyConverter } from '../domain/money.js';
import type { CartInspection, CartPricer } from '../domain/pricer.js';
import { bestPromotionFor, convertSummary } from '../domain/pricing.js';
import { asActive, isActive, type PromotionService } from '../domain/promotions.js';
import { couponCodes } from '../domain/validation.js';

/**
 * Thin resolvers: authorize, then call the cart, pricing and promotion services. A cart is only
 * ever reached through `cart` or a mutation of the caller's own, so its fields serve its owner;
 * per-request loaders keyed by cart version let `items`, `problems`, `unitPrice` and
 * `priceSummary` share one quote from inventory.
 */
export function cartResolvers(deps: { carts: CartService; pricer: CartPricer; promotions: PromotionService; converter: CurrencyConverter }): Resolvers {
  const { carts, pricer, promotions, converter } = deps;

  const shopper = (ctx: SubgraphContext): Shopper => {
    const account = requireAccount(ctx.identity);
    return { accountId: account.accountId, level: account.level };
  };
  /** The viewer, who must own the cart (Cart is not an entity, but a field never serves anyone else). */
  const owner = (ctx: SubgraphContext, cart: Pick<CartRow, 'accountId'>): Shopper => {
    const viewer = shopper(ctx);
    if (viewer.accountId !== cart.accountId) throw forbidden('Not your cart');
    return viewer;
  };
  /** Lines and quotes are cached per cart version: a second mutation in one request sees its own lines. */
  const versionKey = (cart: CartRow) => `${cart.id}@${cart.version}`;
  const itemsOf = (ctx: SubgraphContext) =>
    loader<string, CartItemRow[]>(ctx, 'itemsOfCart', async (keys) => {
      const ids = keys.map((k) => k.split('@')[0]);
      const rows = await carts.itemsOf(ids);
      return ids.map((id) => rows.filter((r) => r.cartId === id));
    });
  const inspections = new WeakMap<SubgraphContext, Map<string, Promise<CartInspection>>>();
  /** The cart's lines quoted for the viewer's level, once per request and cart version. */
  const inspection = (ctx: SubgraphContext, cart: CartRow): Promise<CartInspection> => {
    const viewer = owner(ctx, cart);
    const memo = inspections.get(ctx) ?? new Map<string, Promise<CartInspection>>();
    inspections.set(ctx, memo);
    const key = versionKey(cart);
    if (!memo.has(key)) memo.set(key, itemsOf(ctx).load(key).then((items) => pricer.inspect(items, viewer.level)));
    return memo.get(key)!;
  };
  /** The cart a line belongs to, as loaded in this request. */
  const cartOfItem = (ctx: SubgraphContext) =>
    loader<string, CartRow | null>(ctx, 'cartOfItem', (ids) => Promise.all(ids.map((id) => carts.byId(id))));
  const eligibility = async (ctx: SubgraphContext, cart: CartRow, addressId: string | null | undefined) => {
    const viewer = owner(ctx, cart);
    const region = await pricer.region(viewer.accountId, addressId);
    return pricer.eligibility(await inspection(ctx, cart), { accountId: viewer.accountId, level: viewer.level, region });
  };
  const promotionsFor = (ctx: SubgraphContext) =>
    loader<string, PromotionRow[]>(ctx, 'promotionsFor', async (productIds) => {
      const rows = await promotions.active(productIds);
      return productIds.map((id) => rows.filter((r) => r.productIds.length === 0 || r.productIds.includes(id)));
    });

  return {
    Query: {
      // The cart and its lines from one statement, so the lines shown are those of the state shown.
      cart: async (_, __, ctx) => {
        const { cart, items } = await carts.currentWithItems(shopper(ctx).accountId);
        itemsOf(ctx).prime(versionKey(cart), items);
        return cart;
      },
      promotions: async (_, { first, after }, ctx) => {
        requireRole(ctx.identity, 'OPERATOR');
        const limit = pageSize(first);
        const cursor = decodeCursor(after, 1);
        if (cursor && (typeof cursor[0] !== 'string' || !isUuid(cursor[0]))) throw badInput('after', 'after is not a cursor of this list');
        const rows = await promotions.list(limit, cursor ? String(cursor[0]) : null);
        return connection(rows, limit, (r) => encodeCursor([r.id]));
      },
    },
    Mutation: {
      addToCart: (_, { skuId, quantity }, ctx) => carts.addToCart(shopper(ctx), skuId, quantity),
      updateCartItem: (_, { itemId, quantity }, ctx) => carts.updateItem(shopper(ctx), itemId, quantity),
      removeCartItem: (_, { itemId }, ctx) => carts.removeItem(shopper(ctx), itemId),
      // The lines come from the statement that added the class line: no read after it.
      addClassToCart: async (_, { classId, swimmerId }, ctx) => {
        const { cart, items } = await carts.addClass(shopper(ctx), classId, swimmerId);
        itemsOf(ctx).prime(versionKey(cart), items);
        return cart;
      },
      cancelCart: (_, __, ctx) => carts.cancel(shopper(ctx).accountId),
      createPromotion: (_, { input }, ctx) => {
        const operator = requireRole(ctx.identity, 'OPERATOR');
        return promotions.create(operator.accountId, input);
      },
    },
    Cart: {
      items: (cart, _, ctx) => {
        owner(ctx, cart);
        return itemsOf(ctx).load(versionKey(cart));
      },
      expiresAt: (cart) => (cart.expiresAt ? iso(cart.expiresAt) : null),
      problems: async (cart, _, ctx) => (await inspection(ctx, cart)).problems,
      priceSummary: async (cart, { couponCodes: codes, addressId, currency }, ctx) => {
        const viewer = owner(ctx, cart);
        const target = currency == null ? pricer.shopCurrency : currency.trim().toUpperCase();
        if (!converter.knows(target)) throw badInput('currency', `No exchange rate for ${currency}`);
        const requested = couponCodes(codes);
        const region = await pricer.region(viewer.accountId, addressId);
        const summary = await pricer.summary(await inspection(ctx, cart), { accountId: viewer.accountId, level: viewer.level, couponCodes: requested, region });
        return { ...convertSummary(summary, target, converter), accountId: viewer.accountId };
      },
      applicableCoupons: async (cart, { addressId }, ctx) =>
        (await eligibility(ctx, cart, addressId)).filter((e) => e.usable).map((e) => ({ id: e.couponId })),
      couponEligibility: (cart, { addressId }, ctx) => eligibility(ctx, cart, addressId),
    },
    CartItem: {
      sku: (item) => (item.skuId ? { id: item.skuId } : null),
      swimClass: (item) => (item.classId ? { id: item.classId } : null),
      swimmer: (item) => (item.swimmerId ? { id: item.swimmerId } : null),
      unitPrice: async (item, _, ctx) => {
        const cart = await cartOfItem(ctx).load(item.cartId);
        const current = cart ? (await inspection(ctx, cart)).unitPrices.get(item.id) : undefined;
        return current ?? { amount: item.unitPrice, currency: item.currency };
      },
    },
    CouponEligibility: {
      coupon: (e) => ({ id: e.couponId }),
    },
    PriceSummary: {
      walletUsable: (summary) => pricer.walletUsable(summary.accountId, summary.total),
    },
    Promotion: {
      kind: (p) => p.kind as 'PERCENT' | 'AMOUNT',
      products: (p) => p.productIds.map((id) => ({ id })),
      startsAt: (p) => iso(p.startsAt),
      endsAt: (p) => (p.endsAt ? iso(p.endsAt) : null),
      active: (p) => isActive(p),
      createdAt: (p) => iso(p.createdAt),
    },
    Product: {
      __resolveReference: (ref) => ref,
      promotion: async (product, _, ctx) => {
        const prices = (product.skus ?? []).flatMap((s) => (s?.price ? [s.price.amount] : []));
        const candidates = (await promotionsFor(ctx).load(product.id)).map(asActive);
        return bestPromotionFor(product.id, prices.length ? Math.min(...prices) : 0, candidates)?.row ?? null;
      },
    },
  };
}
