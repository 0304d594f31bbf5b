import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { badInput, uuidv7, type Db } from '@shop/platform';
import { coupons, wallet, type CouponRow } from '../db/schema.js';
import { couponInvalid } from './evaluation.js';
import { normalizeCode, parseCouponInput, type CouponInput } from './validation.js';

/** A coupon of a wallet, with the account it belongs to (for per-account DataLoaders). */
export interface WalletCoupon {
  accountId: string;
  coupon: CouponRow;
}

/**
 * Coupons and the customers' wallets (S3, M11): operators create coupons; customers redeem codes
 * into their wallet, and only coupons of their wallet ever apply to their carts.
 */
export class CouponService {
  constructor(private readonly deps: { db: Db; shopCurrency: string }) {}

  /** Creates a coupon; a code already taken (in any letter case) is BAD_USER_INPUT on `code`. */
  async create(operatorId: string, input: CouponInput): Promise<CouponRow> {
    const coupon = parseCouponInput(input, this.deps.shopCurrency);
    const [row] = await this.deps.db
      .insert(coupons)
      .values({ id: uuidv7(), ...coupon, usesRemaining: coupon.maxUses, createdBy: operatorId })
      .onConflictDoNothing({ target: coupons.code })
      .returning();
    if (!row) throw badInput('code', `A coupon with code ${coupon.code} already exists`);
    return row;
  }

  /** Every coupon by code; with `limit`, one page of them after the code `after`. */
  list(page: { limit: number; after: string | null } | null): Promise<CouponRow[]> {
    const query = this.deps.db.select().from(coupons).orderBy(asc(coupons.code)).$dynamic();
    if (!page) return query;
    return (page.after ? query.where(gt(coupons.code, normalizeCode(page.after))) : query).limit(page.limit);
  }

  byIds(ids: readonly string[]): Promise<CouponRow[]> {
    return this.deps.db.select().from(coupons).where(inArray(coupons.id, [...ids]));
  }

  /** The wallets of some accounts, most recently redeemed first. */
  async wallets(accountIds: readonly string[]): Promise<WalletCoupon[]> {
    return this.deps.db
      .select({ accountId: wallet.accountId, coupon: coupons })
      .from(wallet)
      .innerJoin(coupons, eq(coupons.id, wallet.couponId))
      .where(inArray(wallet.accountId, [...accountIds]))
      .orderBy(desc(wallet.redeemedAt), asc(coupons.code));
  }

  /** Which of `couponIds` are in the account's wallet. */
  async inWallet(accountId: string, couponIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.deps.db
      .select({ couponId: wallet.couponId })
      .from(wallet)
      .where(and(eq(wallet.accountId, accountId), inArray(wallet.couponId, [...couponIds])));
    return new Set(rows.map((r) => r.couponId));
  }

  /**
   * Puts the coupon with this code (any letter case) into the account's wallet. A code already
   * in the wallet returns its coupon again; otherwise an unknown, expired or used-up code is
   * COUPON_INVALID with the reason. A coupon whose window has not started yet may be kept for later.
   */
  async redeem(accountId: string, rawCode: string, now = Date.now()): Promise<CouponRow> {
    const code = normalizeCode(rawCode);
    if (code.length === 0) throw badInput('code', 'code must not be empty');
    if (code.length > 64) throw badInput('code', 'code must be at most 64 characters');
    const [coupon] = await this.deps.db.select().from(coupons).where(eq(coupons.code, code));
    if (!coupon) throw couponInvalid(code, { reason: 'UNKNOWN', message: 'no coupon has this code' });
    if ((await this.inWallet(accountId, [coupon.id])).size > 0) return coupon;
    if (coupon.endsAt && now >= Date.parse(coupon.endsAt)) {
      throw couponInvalid(code, { reason: 'EXPIRED', message: `expired at ${new Date(coupon.endsAt).toISOString()}` });
    }
    if (coupon.usesRemaining !== null && coupon.usesRemaining <= 0) throw couponInvalid(code, { reason: 'EXHAUSTED', message: 'no uses left' });
    // A concurrent redeem of the same code by the same account inserts nothing more.
    await this.deps.db.insert(wallet).values({ accountId, couponId: coupon.id }).onConflictDoNothing();
    return coupon;
  }
}
