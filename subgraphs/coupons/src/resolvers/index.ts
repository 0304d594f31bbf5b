import { byKeys, forbidden, hasRole, loader, notFound, pageSize, requireAccount, requireRole, type SubgraphContext } from '@shop/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { CouponRow } from '../db/schema.js';
import type { CouponService } from '../domain/coupons.js';

const iso = (value: string) => new Date(value).toISOString();

/**
 * Thin resolvers: authorize, then call the coupon service. Operators (and ADMIN) see every
 * coupon; a customer sees the coupons of their own wallet only.
 */
export function couponResolvers(service: CouponService): Resolvers {
  const couponsById = (ctx: SubgraphContext) =>
    loader<string, CouponRow | null>(ctx, 'coupon', async (ids) => byKeys(ids, await service.byIds(ids), (r) => r.id));
  const walletOf = (ctx: SubgraphContext) =>
    loader<string, CouponRow[]>(ctx, 'wallet', async (accountIds) => {
      const rows = await service.wallets(accountIds);
      return accountIds.map((id) => rows.filter((r) => r.accountId === id).map((r) => r.coupon));
    });
  /** Of the coupons asked for in this request, those in the caller's wallet. */
  const ownedByCaller = (ctx: SubgraphContext, accountId: string) =>
    loader<string, boolean>(ctx, 'owned', async (ids) => {
      const owned = await service.inWallet(accountId, ids);
      return ids.map((id) => owned.has(id));
    });

  return {
    Query: {
      coupons: (_, { first, after }, ctx) => {
        requireRole(ctx.identity, 'OPERATOR');
        return service.list(first == null ? null : { limit: pageSize(first), after: after ?? null });
      },
    },
    Mutation: {
      createCoupon: (_, { input }, ctx) => {
        const operator = requireRole(ctx.identity, 'OPERATOR');
        return service.create(operator.accountId, input);
      },
      redeemCoupon: (_, { code }, ctx) => service.redeem(requireAccount(ctx.identity).accountId, code),
    },
    Coupon: {
      // Other subgraphs (the cart's applicable coupons) hand out coupon ids; the caller must still be allowed to see each.
      __resolveReference: async (ref, ctx) => {
        const caller = requireAccount(ctx.identity);
        const coupon = await couponsById(ctx).load(ref.id);
        if (coupon && (hasRole(caller, 'OPERATOR') || (await ownedByCaller(ctx, caller.accountId).load(coupon.id)))) return coupon;
        throw notFound('Coupon');
      },
      minSubtotal: (coupon) => (coupon.minSubtotal === null ? null : { amount: coupon.minSubtotal, currency: coupon.currency }),
      kind: (coupon) => coupon.kind as 'PERCENT' | 'AMOUNT',
      startsAt: (coupon) => (coupon.startsAt ? iso(coupon.startsAt) : null),
      endsAt: (coupon) => (coupon.endsAt ? iso(coupon.endsAt) : null),
      createdAt: (coupon) => iso(coupon.createdAt),
    },
    Account: {
      __resolveReference: (ref) => ({ id: ref.id }),
      coupons: (account, _, ctx) => {
        const caller = requireAccount(ctx.identity);
        if (caller.accountId !== account.id && !hasRole(caller, 'OPERATOR')) throw forbidden("Only the account itself or staff see an account's coupons");
        return walletOf(ctx).load(account.id);
      },
    },
  };
}
