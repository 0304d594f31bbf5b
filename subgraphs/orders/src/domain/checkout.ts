import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  PaymentOps,
  AccountOps,
  AppError,
  CartOps,
  CouponOps,
  ErrorCode,
  InventoryOps,
  OrderEvents,
  Services,
  badInput,
  isUuid,
  SqlStatement,
  type AccountAddress,
  type AccountIdentity,
  type CartSnapshot,
  type InternalClient,
  type Logger,
  type MarkCheckingInput,
  type Money,
  type OrderCreatedPayload,
  type PaymentMethodConfig,
  type Db,
  type WalletPaymentInput,
} from '@shop/platform';
import { checkoutRequests, openOrders, type AddressSnapshot, type CheckoutRequestRow, type OrderLine, type OrderRow } from '../db/schema.js';
import { OrderDraft } from './aggregate.js';
import { newOrderId } from './ids.js';
import type { OrderMetrics } from './metrics.js';
import type { OrderStore } from './store.js';
import type { OrderUpdates } from './updates.js';

export interface CheckoutInput {
  idempotencyKey: string;
  addressId?: string | null;
  couponCodes?: string[] | null;
  useWallet?: boolean | null;
  paymentMethod: string;
  expectedTotal?: Money | null;
}

interface Request {
  key: string;
  method: PaymentMethodConfig;
  addressId: string | null;
  codes: string[];
  useWallet: boolean;
  expectedTotal: Money | null;
  inputHash: string;
}

/** The booking inventory answers (subgraphs/inventory BookingService): one warehouse per SKU. */
interface Booking {
  orderId: string;
  status: string;
  lines: { skuId: string; quantity: number; warehouseId: string }[];
}

/**
 * Claims a checkout's idempotency key and, only with it, the customer's open-order slot (the
 * primary keys decide races): `requested` 0 means the key was used before, `slotted` 0 that
 * another order holds the slot.
 */
const claimRequest = new SqlStatement<{ requested: number; slotted: number }>(
  () => sql`with request as (
      insert into ${checkoutRequests} (account_id, idempotency_key, input_hash, cart_id, cart_version, order_id, status)
      values (${sql.placeholder('accountId')}, ${sql.placeholder('key')}, ${sql.placeholder('inputHash')}, ${sql.placeholder('cartId')}, ${sql.placeholder('cartVersion')}, ${sql.placeholder('orderId')}, 'PENDING')
      on conflict do nothing
      returning order_id),
    slot as (
      insert into ${openOrders} (account_id, order_id, idempotency_key)
      select ${sql.placeholder('accountId')}, ${sql.placeholder('orderId')}, ${sql.placeholder('key')} where exists (select 1 from request)
      on conflict do nothing
      returning order_id)
    select (select count(*) from request)::int as requested, (select count(*) from slot)::int as slotted`,
);

const MAX_CODES = 10;
/** How long a repeated request waits for the first one with its key to finish. */
const REPEAT_WAIT_MS = 20_000;
const REPEAT_POLL_MS = 50;
const CHECKOUT_ACTOR = 'system:checkout';

/**
 * Checkout (S4, M6; ARCHITECTURE.md "one request"): the one place where the customer needs the
 * answer at once, so this service orchestrates it with idempotent internal calls keyed by the
 * order id chosen up front, and compensates every step already done when a later one fails.
 *
 * 1. The idempotency key and the customer's single open-order slot are claimed in one
 *    transaction (the primary keys of `checkout_requests` and `open_orders` decide races).
 * 2. The cart is priced by the cart service (the client's prices are never used), problems and a
 *    differing `expectedTotal` end it, stock is booked (inventory), coupon uses reserved (coupons)
 *    and the cart moved to CHECKING for the order.
 * 3. The order is written in PAY_PENDING with its history NEW → BOOKING_PENDING → BOOKED →
 *    PAY_PENDING and its events, in one transaction.
 *
 * The cart goes to CHECKING before the order is written, so a refusal there (the cart changed
 * or expired meanwhile) still leaves no order behind.
 */
export class CheckoutService {
  constructor(
    private readonly deps: {
      db: Db;
      store: OrderStore;
      updates: OrderUpdates;
      internal: InternalClient;
      methods: PaymentMethodConfig[];
      nodeId: string;
      metrics: OrderMetrics;
      log: Logger;
    },
  ) {}

  async checkout(caller: AccountIdentity, input: CheckoutInput): Promise<OrderRow> {
    const started = performance.now();
    let outcome = 'OK';
    try {
      return await this.run(caller, this.validate(input));
    } catch (err) {
      outcome = err instanceof AppError ? err.code : 'INTERNAL';
      throw err;
    } finally {
      this.deps.metrics.checkoutSeconds.observe({ outcome }, (performance.now() - started) / 1000);
    }
  }

  private validate(input: CheckoutInput): Request {
    const key = input.idempotencyKey.trim();
    if (key.length < 8 || key.length > 100) throw badInput('idempotencyKey', 'idempotencyKey must be 8 to 100 characters');
    const method = this.deps.methods.find((m) => m.code === input.paymentMethod);
    if (!method) {
      throw badInput('paymentMethod', `Unknown payment method ${input.paymentMethod}; one of ${this.deps.methods.map((m) => m.code).join(', ')}`);
    }
    const addressId = input.addressId ?? null;
    if (addressId !== null && !isUuid(addressId)) throw new AppError(ErrorCode.NOT_FOUND, 'Address not found', { field: 'addressId' });
    const codes = [...new Set((input.couponCodes ?? []).map((c) => c.trim().toUpperCase()))];
    if (codes.length > MAX_CODES) throw badInput('couponCodes', `At most ${MAX_CODES} coupon codes`);
    if (codes.some((c) => c.length === 0 || c.length > 40)) throw badInput('couponCodes', 'Coupon codes are 1 to 40 characters');
    let expectedTotal: Money | null = null;
    if (input.expectedTotal) {
      const { amount, currency } = input.expectedTotal;
      if (!Number.isSafeInteger(amount) || amount < 0) throw badInput('expectedTotal.amount', 'expectedTotal.amount must be a non-negative integer of minor units');
      if (!/^[A-Za-z]{3}$/.test(currency.trim())) throw badInput('expectedTotal.currency', 'expectedTotal.currency must be a three-letter ISO 4217 code');
      expectedTotal = { amount, currency: currency.trim().toUpperCase() };
    }
    const useWallet = input.useWallet ?? false;
    const inputHash = sha256(JSON.stringify({ addressId, codes: [...codes].sort(), useWallet, method: method.code, expectedTotal }));
    return { key, method, addressId, codes, useWallet, expectedTotal, inputHash };
  }

  private async run(caller: AccountIdentity, request: Request, attempt = 1): Promise<OrderRow> {
    const address = request.addressId ? await this.address(caller.accountId, request.addressId) : null;
    const snapshot = await this.deps.internal.call<CartSnapshot>(Services.cart, CartOps.snapshot, {
      accountId: caller.accountId,
      level: caller.level,
      couponCodes: request.codes,
      region: address?.region ?? null,
      useWallet: request.useWallet,
    });
    const orderId = newOrderId(this.deps.nodeId);
    const claimed = await this.claim(caller.accountId, request, snapshot, orderId);
    if (claimed !== 'claimed') return this.repeat(caller, request, snapshot, claimed, attempt);

    // What may be held for the order: a step that answered, or one whose answer never came.
    const held = { stock: false, coupons: false };
    const step = async <T>(what: keyof typeof held, call: () => Promise<T>): Promise<T> => {
      try {
        const result = await call();
        held[what] = true;
        return result;
      } catch (err) {
        // A contract error means the callee refused and kept nothing.
        if (!(err instanceof AppError)) held[what] = true;
        throw err;
      }
    };
    try {
      const summary = this.checkSnapshot(snapshot, request);
      const productLines = summary.lines.filter((l) => l.skuId !== null);
      let warehouses = new Map<string, string>();
      if (productLines.length > 0) {
        const booking = await step('stock', () =>
          this.deps.internal.call<Booking>(Services.inventory, InventoryOps.book, {
            orderId,
            lines: productLines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
          }),
        );
        warehouses = new Map(booking.lines.map((l) => [l.skuId, l.warehouseId]));
      }
      if (request.codes.length > 0) {
        const nonCoupon = summary.discounts.filter((d) => d.source !== 'COUPON').reduce((sum, d) => sum + d.amount.amount, 0);
        await step('coupons', () =>
          this.deps.internal.call(Services.coupons, CouponOps.reserve, {
            orderId,
            accountId: caller.accountId,
            codes: request.codes,
            subtotal: { amount: summary.subtotal.amount - nonCoupon, currency: summary.subtotal.currency },
            lines: summary.lines.map((l) => ({ productId: l.productId, classId: l.classId, amount: l.amount })),
            region: address?.region ?? null,
          }),
        );
      }
      const payDeadline = new Date(Date.now() + request.method.timeoutMs).toISOString();
      // With the snapshot's version: a cart changed since it was priced is refused (PRICE_CHANGED).
      const checking: MarkCheckingInput = { cartId: snapshot.cartId, orderId, expiresAt: payDeadline, version: snapshot.version };
      await this.deps.internal.call(Services.cart, CartOps.markChecking, checking);

      const lines: OrderLine[] = summary.lines.map((l) => ({ ...l, warehouseId: l.skuId ? (warehouses.get(l.skuId) ?? null) : null }));
      return await this.write(caller, request, snapshot, { orderId, lines, address, payDeadline });
    } catch (err) {
      await this.compensate(caller.accountId, orderId, held, err);
      throw err;
    }
  }

  /** The delivery address, checked against the blacklist (S4). */
  private async address(accountId: string, addressId: string): Promise<AddressSnapshot> {
    const found = await this.deps.internal.call<AccountAddress | null>(Services.accounts, AccountOps.address, { accountId, addressId });
    if (!found) throw new AppError(ErrorCode.NOT_FOUND, 'Address not found', { field: 'addressId' });
    if (found.blocked) throw badInput('addressId', found.blocked.message);
    const { blocked: _blocked, accountId: _owner, ...snapshot } = found;
    return snapshot;
  }

  /** The priced cart as it must be to become an order: every line buyable, the total the client expects. */
  private checkSnapshot(snapshot: CartSnapshot, request: Request) {
    const [problem] = snapshot.problems;
    if (problem) throw new AppError(problem.code, problem.message, { itemId: problem.itemId });
    const { summary } = snapshot;
    if (summary.lines.length === 0) throw new AppError(ErrorCode.BAD_USER_INPUT, 'The cart is empty');
    const expected = request.expectedTotal;
    if (expected && (expected.amount !== summary.total.amount || expected.currency !== summary.total.currency)) {
      throw new AppError(ErrorCode.PRICE_CHANGED, `The total is now ${summary.total.amount} ${summary.total.currency}`, { total: summary.total });
    }
    return summary;
  }

  /**
   * Claims the idempotency key and the customer's open-order slot together, in one statement
   * (one round trip: checkout's throughput is bound by them). Returns the row of an earlier
   * request with this key (a repeat), or throws INVALID_STATE naming the customer's other unpaid
   * order (M6); a key claimed without its slot is given back first.
   */
  private async claim(accountId: string, request: Request, snapshot: CartSnapshot, orderId: string): Promise<'claimed' | CheckoutRequestRow> {
    for (;;) {
      const [claim] = await claimRequest.run(this.deps.db, {
        accountId,
        key: request.key,
        inputHash: request.inputHash,
        cartId: snapshot.cartId,
        cartVersion: snapshot.version,
        orderId,
      });
      if (claim.slotted === 1) return 'claimed';
      if (claim.requested === 0) {
        const [earlier] = await this.deps.db
          .select()
          .from(checkoutRequests)
          .where(and(eq(checkoutRequests.accountId, accountId), eq(checkoutRequests.idempotencyKey, request.key)));
        // Gone meanwhile (that attempt failed): claim again.
        if (earlier) return earlier;
        continue;
      }
      await this.deps.db.delete(checkoutRequests).where(and(eq(checkoutRequests.accountId, accountId), eq(checkoutRequests.orderId, orderId)));
      const [other] = await this.deps.db.select().from(openOrders).where(eq(openOrders.accountId, accountId));
      // Gone meanwhile (paid or cancelled just now): claim again.
      if (other) {
        throw new AppError(ErrorCode.INVALID_STATE, `You have an unpaid order ${other.orderId}: pay or cancel it first`, { orderId: other.orderId });
      }
    }
  }

  /**
   * A request whose key was used before: a different input or cart is IDEMPOTENCY_CONFLICT;
   * the same one gets that request's order, waiting for it while it is still being made. If the
   * first attempt failed meanwhile (its claim is gone), this one runs the checkout itself.
   */
  private async repeat(caller: AccountIdentity, request: Request, snapshot: CartSnapshot, earlier: CheckoutRequestRow, attempt: number): Promise<OrderRow> {
    const sameCart =
      earlier.cartId === snapshot.cartId && (earlier.cartVersion === snapshot.version || !['ACTIVE', 'PENDING'].includes(snapshot.state));
    if (earlier.inputHash !== request.inputHash || !sameCart) {
      throw new AppError(ErrorCode.IDEMPOTENCY_CONFLICT, 'This idempotencyKey was used for another checkout request');
    }
    const deadline = Date.now() + REPEAT_WAIT_MS;
    for (;;) {
      const [row] = await this.deps.db
        .select()
        .from(checkoutRequests)
        .where(and(eq(checkoutRequests.accountId, caller.accountId), eq(checkoutRequests.idempotencyKey, request.key)));
      if (!row || row.orderId !== earlier.orderId) {
        if (attempt >= 3) throw new AppError(ErrorCode.INVALID_STATE, 'A checkout with this idempotencyKey keeps failing; try again');
        return this.run(caller, request, attempt + 1);
      }
      if (row.status === 'DONE') {
        const order = await this.deps.store.byId(row.orderId);
        if (order) return order;
      }
      if (Date.now() > deadline) throw new AppError(ErrorCode.INVALID_STATE, 'A checkout with this idempotencyKey is still in progress');
      await new Promise((r) => setTimeout(r, REPEAT_POLL_MS));
    }
  }

  /** Writes the order in PAY_PENDING (PAID at once when nothing is to be paid) with its history and events. */
  private async write(
    caller: AccountIdentity,
    request: Request,
    snapshot: CartSnapshot,
    made: { orderId: string; lines: OrderLine[]; address: AddressSnapshot | null; payDeadline: string },
  ): Promise<OrderRow> {
    const { summary } = snapshot;
    const currency = summary.total.currency;
    const now = new Date().toISOString();
    const hasStock = made.lines.some((l) => l.skuId !== null);
    const draft = OrderDraft.create(
      {
        id: made.orderId,
        accountId: caller.accountId,
        cartId: snapshot.cartId,
        status: 'NEW',
        stockStatus: hasStock ? 'PENDING' : 'NONE',
        paymentStatus: 'NEW',
        version: 1,
        currency,
        subtotal: summary.subtotal.amount,
        discountTotal: summary.discounts.reduce((sum, d) => sum + d.amount.amount, 0),
        freight: summary.freight.amount,
        total: summary.total.amount,
        walletAmount: request.useWallet ? summary.walletUsable.amount : 0,
        captured: 0,
        refunded: 0,
        lines: made.lines,
        discounts: summary.discounts,
        couponCodes: request.codes,
        couponsState: request.codes.length > 0 ? 'RESERVED' : 'NONE',
        address: made.address,
        paymentMethod: request.method.code,
        payDeadline: made.payDeadline,
        idempotencyKey: request.key,
        trackingNo: null,
        shippedAt: null,
        deliveredAt: null,
        clientConfirmedAt: null,
        needsFollowup: false,
        createdAt: now,
        updatedAt: now,
      },
      caller.accountId,
    );
    draft
      .apply({ status: 'BOOKING_PENDING', actor: CHECKOUT_ACTOR })
      .apply({ status: 'BOOKED', stockStatus: hasStock ? 'BOOKED' : undefined, actor: CHECKOUT_ACTOR, reason: hasStock ? 'stock booked' : 'nothing to book' })
      .apply({ status: 'PAY_PENDING', actor: CHECKOUT_ACTOR, reason: `pay by ${made.payDeadline}` });
    if (summary.total.amount === 0) draft.apply({ status: 'PAID', paymentStatus: 'PAID', actor: CHECKOUT_ACTOR, reason: 'nothing to pay' });

    const created = {
      type: OrderEvents.OrderCreated,
      aggregateId: made.orderId,
      aggregateVersion: 1,
      payload: {
        orderId: made.orderId,
        accountId: caller.accountId,
        cartId: snapshot.cartId,
        lines: made.lines.map(({ warehouseId: _w, ...line }) => line),
        discounts: summary.discounts,
        total: summary.total,
        paymentMethod: request.method.code,
        payDeadline: made.payDeadline,
      } satisfies OrderCreatedPayload,
    };
    // Only while this checkout still holds its claim (the reconciler may have taken it for dead).
    const changes = await this.deps.store.insertClaimed(draft, created, { accountId: caller.accountId, idempotencyKey: request.key });
    if (!changes) throw new AppError(ErrorCode.INVALID_STATE, 'The checkout took too long and was undone; try again');
    await this.deps.updates.afterCommit(draft.order, changes);
    if (draft.order.walletAmount > 0 && draft.order.status === 'PAY_PENDING') await this.payWalletPart(draft.order);
    return draft.order;
  }

  /**
   * Pays the wallet part the customer chose (`useWallet`, L1 mixed payment) from their balance at
   * once; the rest is paid with another method. The order moves when payments' PaymentCaptured
   * arrives. If the balance no longer covers it, the order simply stays due in full: logged, not
   * a failed checkout.
   */
  private async payWalletPart(order: OrderRow): Promise<void> {
    try {
      await this.deps.internal.call(Services.payments, PaymentOps.payWallet, {
        orderId: order.id,
        accountId: order.accountId,
        amount: { amount: order.walletAmount, currency: order.currency },
      } satisfies WalletPaymentInput);
    } catch (err) {
      this.deps.log.warn({ orderId: order.id, err: err instanceof Error ? err.message : err }, 'wallet part of the checkout not paid; the order stays due in full');
    }
  }

  /**
   * Undoes what a failed checkout did. A step that failed with a contract error held nothing;
   * one that failed otherwise (a timeout) may have, so it is released too (inventory and coupons
   * leave a tombstone that makes a late booking or reservation fail). The claims go
   * only when every release succeeded; otherwise the reconciler finds the claim without an order
   * and finishes the job.
   */
  private async compensate(accountId: string, orderId: string, held: { stock: boolean; coupons: boolean }, cause: unknown): Promise<void> {
    const reason = `checkout failed: ${cause instanceof AppError ? cause.code : 'error'}`;
    const steps: Promise<unknown>[] = [];
    if (held.coupons) steps.push(this.deps.internal.call(Services.coupons, CouponOps.release, { orderId, reason }));
    if (held.stock) steps.push(this.deps.internal.call(Services.inventory, InventoryOps.release, { orderId, reason }));
    const results = await Promise.allSettled(steps);
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      this.deps.log.warn({ orderId, err: (failed[0] as PromiseRejectedResult).reason }, 'checkout compensation incomplete; the reconciler will finish it');
      return;
    }
    await this.deps.db.transaction(async (tx) => {
      await tx.delete(openOrders).where(and(eq(openOrders.accountId, accountId), eq(openOrders.orderId, orderId)));
      await tx.delete(checkoutRequests).where(and(eq(checkoutRequests.accountId, accountId), eq(checkoutRequests.orderId, orderId)));
    });
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
