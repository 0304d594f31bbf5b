import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import {
  AppError,
  ErrorCode,
  badInput,
  isUuid,
  type CouponEligibility,
  type CouponEvaluation,
  type CouponEvaluationInput,
  type CouponOrderUses,
  type Db,
  type Logger,
  type Money,
  type Outbox,
  type Queryable,
  type Tx,
} from '@shop/platform';
import { coupons, orderUses, reservations, wallet, type CouponRow, type OrderUsesRow, type ReservationRow } from '../db/schema.js';
import { CouponEvents, type CouponUsesPayload } from '../events/types.js';
import { couponInvalid, eligibilities, evaluateCoupons, type CartTerms, type CustomerHolding, type RequestedCoupon } from './evaluation.js';
import { HOLDING_STATUSES, canMove, type UseStatus } from './use-status.js';
import { MAX_AMOUNT, normalizeCode } from './validation.js';

/** More codes than this on one cart is not a shopper; it is a probe. */
export const MAX_CODES_PER_ORDER = 10;

/** A checked evaluation request. */
interface Request {
  accountId: string;
  codes: string[];
  subtotal: Money;
  region: string | null;
  orderId: string | null;
}

/**
 * Coupon uses of carts and orders (S2, S3, S4): what codes are worth to a cart, and the
 * reserve / consume / release steps of checkout. A reservation takes one use of each code with a
 * conditional decrement (`… where uses_remaining > 0`) under the table's CHECK, and re-checks the
 * per-customer limit while holding the customer's wallet rows, so no interleaving of checkouts
 * can take more uses than a coupon or a customer has. Every step is idempotent by order id.
 */
export class CouponUseService {
  constructor(private readonly deps: { db: Db; outbox: Outbox; log: Logger; shopCurrency: string }) {}

  /** The discounts `codes` give the cart, in the order given, without taking a use. */
  async evaluate(input: CouponEvaluationInput): Promise<CouponEvaluation> {
    const request = this.check(input, true);
    if (request.codes.length === 0) return { discounts: [] };
    return evaluateCoupons(await this.requested(this.deps.db, request, false), cartOf(request));
  }

  /** Every coupon of the customer's wallet against the cart: usable ones best first, then the others with their reason. */
  async applicable(input: Omit<CouponEvaluationInput, 'codes'>): Promise<CouponEligibility[]> {
    const request = this.check({ ...input, codes: [] }, true);
    const owned = await this.deps.db
      .select({ coupon: coupons })
      .from(wallet)
      .innerJoin(coupons, eq(coupons.id, wallet.couponId))
      .where(eq(wallet.accountId, request.accountId));
    const ids = owned.map((o) => o.coupon.id);
    const used = await this.usedByCustomer(this.deps.db, request.accountId, ids, request.orderId);
    const held = await this.heldByOrder(this.deps.db, request.orderId);
    return eligibilities(
      owned.map(({ coupon }) => ({ coupon, holding: { inWallet: true, usedByCustomer: used.get(coupon.id) ?? 0, heldByThisOrder: held.has(coupon.id) } })),
      cartOf(request),
    );
  }

  /**
   * Takes one use of each code for the order, all or none: COUPON_INVALID with the reason (and
   * nothing taken) when any cannot apply. Reserving the same order again returns the first
   * result; with other codes or for another account it is IDEMPOTENCY_CONFLICT, and after the
   * order's uses were released (a cancel that overtook the checkout) INVALID_STATE.
   */
  async reserve(input: CouponEvaluationInput & { orderId: string }): Promise<CouponEvaluation> {
    const orderId = checkOrderId(input.orderId);
    const request = { ...this.check(input, false), orderId };
    return this.deps.outbox.transaction(async (tx) => {
      const [created] = await tx
        .insert(orderUses)
        .values({ orderId, accountId: request.accountId, status: 'RESERVED', codes: request.codes })
        .onConflictDoNothing()
        .returning();
      if (!created) return this.repeated(tx, request);
      if (request.codes.length === 0) return { discounts: [] };

      const requested = await this.requested(tx, request, true);
      const evaluation = evaluateCoupons(requested, cartOf(request));
      const byId = new Map(requested.flatMap((r) => (r.coupon ? [[r.coupon.id, r.coupon] as const] : [])));
      // Coupon rows in id order: two orders taking the same coupons queue up instead of deadlocking.
      for (const discount of [...evaluation.discounts].sort((a, b) => a.couponId.localeCompare(b.couponId))) {
        const coupon = byId.get(discount.couponId)!;
        if (coupon.usesRemaining === null) continue;
        const [taken] = await tx
          .update(coupons)
          .set({ usesRemaining: sql`${coupons.usesRemaining} - 1` })
          .where(and(eq(coupons.id, coupon.id), sql`${coupons.usesRemaining} > 0`))
          .returning({ id: coupons.id });
        if (!taken) throw couponInvalid(coupon.code, { reason: 'EXHAUSTED', message: 'no uses left' });
      }
      await tx.insert(reservations).values(
        evaluation.discounts.map((d) => ({
          orderId,
          couponId: d.couponId,
          accountId: request.accountId,
          status: 'RESERVED',
          amount: d.amount.amount,
          currency: d.amount.currency,
        })),
      );
      await tx.update(orderUses).set({ discounts: evaluation.discounts }).where(eq(orderUses.orderId, orderId));
      return evaluation;
    });
  }

  /** The order is paid: its reserved uses are spent (CouponUsesConsumed). Idempotent; a released order stays released. */
  consume(orderId: string): Promise<CouponOrderUses> {
    const id = checkOrderId(orderId);
    return this.deps.outbox.transaction((tx) => this.consumeIn(tx, id));
  }

  /**
   * The order's uses go back to their coupons (CouponUsesReleased). Idempotent; for an order that
   * reserved nothing yet it leaves a tombstone, so a reservation arriving later fails.
   */
  release(orderId: string, reason: string | null): Promise<CouponOrderUses> {
    const id = checkOrderId(orderId);
    return this.deps.outbox.transaction((tx) => this.releaseIn(tx, id, reason));
  }

  /** {@link consume} inside the caller's transaction (the inbox's). */
  async consumeIn(tx: Tx, orderId: string): Promise<CouponOrderUses> {
    const [row] = await tx.select().from(orderUses).where(eq(orderUses.orderId, orderId)).for('update');
    if (!row) return { orderId, status: null, couponIds: [] };
    const lines = await linesOf(tx, orderId);
    if (!canMove(row.status as UseStatus, 'CONSUMED')) {
      if (row.status === 'RELEASED') this.deps.log.warn({ orderId }, 'coupon uses of a paid order were already released; left released');
      return view(row, lines);
    }
    await tx.update(reservations).set({ status: 'CONSUMED' }).where(eq(reservations.orderId, orderId));
    const updated = await this.move(tx, row, 'CONSUMED', row.reason);
    await this.announce(tx, CouponEvents.CouponUsesConsumed, updated, lines, null);
    return view(updated, lines);
  }

  /** {@link release} inside the caller's transaction (the inbox's). */
  async releaseIn(tx: Tx, orderId: string, reason: string | null): Promise<CouponOrderUses> {
    await tx.insert(orderUses).values({ orderId, status: 'RELEASED', reason }).onConflictDoNothing();
    const [row] = await tx.select().from(orderUses).where(eq(orderUses.orderId, orderId)).for('update');
    const lines = await linesOf(tx, orderId);
    if (!canMove(row.status as UseStatus, 'RELEASED')) return view(row, lines);
    for (const line of lines) {
      await tx
        .update(coupons)
        .set({ usesRemaining: sql`${coupons.usesRemaining} + 1` })
        .where(and(eq(coupons.id, line.couponId), sql`${coupons.usesRemaining} is not null`));
    }
    await tx.update(reservations).set({ status: 'RELEASED' }).where(eq(reservations.orderId, orderId));
    const updated = await this.move(tx, row, 'RELEASED', reason);
    await this.announce(tx, CouponEvents.CouponUsesReleased, updated, lines, reason);
    return view(updated, lines);
  }

  /** A reserve for an order that already has a row: the first answer, or why there is none. */
  private async repeated(tx: Tx, request: Request): Promise<CouponEvaluation> {
    const [row] = await tx.select().from(orderUses).where(eq(orderUses.orderId, request.orderId!));
    if (row.status === 'RELEASED') throw new AppError(ErrorCode.INVALID_STATE, `The coupon uses of order ${row.orderId} were released`);
    const same = row.accountId === request.accountId && sameCodes(row.codes, request.codes);
    if (!same) throw new AppError(ErrorCode.IDEMPOTENCY_CONFLICT, `Order ${row.orderId} reserved other coupons`);
    return { discounts: row.discounts };
  }

  /**
   * The requested codes with their coupons and what the customer holds of each. With `lock`, the
   * customer's wallet rows of these coupons are locked first (in coupon id order), so the uses
   * counted next cannot change under a concurrent checkout of the same customer.
   */
  private async requested(q: Queryable, request: Request, lock: boolean): Promise<RequestedCoupon[]> {
    const found = await q.select().from(coupons).where(inArray(coupons.code, request.codes));
    const ids = found.map((c) => c.id);
    const owned = new Set<string>();
    if (ids.length > 0) {
      const query = q
        .select({ couponId: wallet.couponId })
        .from(wallet)
        .where(and(eq(wallet.accountId, request.accountId), inArray(wallet.couponId, ids)))
        .orderBy(asc(wallet.couponId));
      for (const row of lock ? await query.for('update') : await query) owned.add(row.couponId);
    }
    const used = await this.usedByCustomer(q, request.accountId, ids, request.orderId);
    const held = await this.heldByOrder(q, request.orderId);
    const byCode = new Map<string, CouponRow>(found.map((c) => [c.code, c]));
    return request.codes.map((code) => {
      const coupon = byCode.get(code) ?? null;
      const holding: CustomerHolding = {
        inWallet: coupon !== null && owned.has(coupon.id),
        usedByCustomer: coupon ? (used.get(coupon.id) ?? 0) : 0,
        heldByThisOrder: coupon !== null && held.has(coupon.id),
      };
      return { code, coupon, holding };
    });
  }

  /** Uses of each coupon held by the account's orders (RESERVED or CONSUMED), except `exceptOrder`'s own. */
  private async usedByCustomer(q: Queryable, accountId: string, couponIds: string[], exceptOrder: string | null): Promise<Map<string, number>> {
    if (couponIds.length === 0) return new Map();
    const rows = await q
      .select({ couponId: reservations.couponId, uses: sql<number>`count(*)`.mapWith(Number) })
      .from(reservations)
      .where(
        and(
          eq(reservations.accountId, accountId),
          inArray(reservations.couponId, couponIds),
          inArray(reservations.status, [...HOLDING_STATUSES]),
          exceptOrder ? ne(reservations.orderId, exceptOrder) : undefined,
        ),
      )
      .groupBy(reservations.couponId);
    return new Map(rows.map((r) => [r.couponId, r.uses]));
  }

  /** The coupons whose use the order already holds. */
  private async heldByOrder(q: Queryable, orderId: string | null): Promise<Set<string>> {
    if (!orderId) return new Set();
    const rows = await q
      .select({ couponId: reservations.couponId })
      .from(reservations)
      .where(and(eq(reservations.orderId, orderId), inArray(reservations.status, [...HOLDING_STATUSES])));
    return new Set(rows.map((r) => r.couponId));
  }

  private async move(tx: Tx, row: OrderUsesRow, status: UseStatus, reason: string | null): Promise<OrderUsesRow> {
    const [updated] = await tx
      .update(orderUses)
      .set({ status, reason, version: row.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(orderUses.orderId, row.orderId))
      .returning();
    return updated;
  }

  /** An order that held no coupon has nothing to tell: only real uses are announced. */
  private async announce(tx: Tx, type: string, row: OrderUsesRow, lines: ReservationRow[], reason: string | null): Promise<void> {
    if (lines.length === 0) return;
    const payload: CouponUsesPayload = {
      orderId: row.orderId,
      accountId: row.accountId!,
      couponIds: lines.map((l) => l.couponId),
      codes: row.codes,
      reason,
    };
    await this.deps.outbox.add(tx, { type, aggregateId: row.orderId, aggregateVersion: row.version, payload });
  }

  /** Checks an internal request; `codes` are upper-cased, and a code given twice is BAD_USER_INPUT. */
  private check(input: CouponEvaluationInput, withOrder: boolean): Request {
    if (typeof input?.accountId !== 'string' || !isUuid(input.accountId)) throw badInput('accountId', 'accountId must be an account id');
    if (!Array.isArray(input.codes)) throw badInput('codes', 'codes must be a list');
    if (input.codes.length > MAX_CODES_PER_ORDER) throw badInput('codes', `At most ${MAX_CODES_PER_ORDER} coupon codes per order`);
    const codes: string[] = [];
    for (const raw of input.codes) {
      const code = typeof raw === 'string' ? normalizeCode(raw) : '';
      if (code.length === 0 || code.length > 64) throw badInput('codes', 'Each coupon code must be 1 to 64 characters');
      if (codes.includes(code)) throw badInput('codes', `Coupon ${code} is given twice: a code is used once per order`);
      codes.push(code);
    }
    const subtotal = input.subtotal;
    if (!subtotal || !Number.isInteger(subtotal.amount) || subtotal.amount < 0 || subtotal.amount > MAX_AMOUNT * 100) {
      throw badInput('subtotal.amount', 'subtotal.amount must be a non-negative integer of minor units');
    }
    if (subtotal.currency !== this.deps.shopCurrency) {
      throw badInput('subtotal.currency', `Coupons apply to subtotals in the shop currency ${this.deps.shopCurrency}`);
    }
    if (input.region != null && typeof input.region !== 'string') throw badInput('region', 'region must be text');
    const region = input.region?.trim() ? input.region.trim() : null;
    const orderId = withOrder && input.orderId != null ? checkOrderId(input.orderId) : null;
    return { accountId: input.accountId, codes, subtotal: { amount: subtotal.amount, currency: subtotal.currency }, region, orderId };
  }
}

function cartOf(request: Request): CartTerms {
  return { subtotal: request.subtotal, region: request.region, now: Date.now() };
}

function checkOrderId(orderId: unknown): string {
  if (typeof orderId !== 'string' || orderId.length === 0 || orderId.length > 100) throw badInput('orderId', 'orderId must be 1 to 100 characters');
  return orderId;
}

const sameCodes = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

function linesOf(q: Queryable, orderId: string): Promise<ReservationRow[]> {
  return q.select().from(reservations).where(eq(reservations.orderId, orderId)).orderBy(asc(reservations.couponId));
}

const view = (row: OrderUsesRow, lines: ReservationRow[]): CouponOrderUses => ({
  orderId: row.orderId,
  status: row.status as UseStatus,
  couponIds: lines.map((l) => l.couponId),
});
