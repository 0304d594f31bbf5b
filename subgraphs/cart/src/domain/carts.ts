import DataLoader from 'dataloader';
import { and, asc, count, eq, inArray, isNotNull, lt, notInArray, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import {
  AccountOps,
  AppError,
  badInput,
  CartEvents,
  ErrorCode,
  intInRange,
  InventoryOps,
  FullClasses,
  isUuid,
  MAX_HOLDS_ASKED,
  refusalError,
  Services,
  SqlStatement,
  Statement,
  columnsOf,
  jsonRowOf,
  rowsFromJson,
  anyUuidOf,
  uuidList,
  uuidv7,
  type CartEventPayload,
  type CustomerLevel,
  type Db,
  type InternalClient,
  type Logger,
  type MarkCheckingInput,
  type Metrics,
  type OrderStatusChangedPayload,
  type Outbox,
  type Refusal,
  type RefuseHoldInput,
  type SeatHold,
  type SkuQuote,
  type SwimmerRef,
  type Tx,
  type WaitlistOfferedPayload,
} from '@shop/platform';
import { cartItems, carts, holdReleases, waitlistOffers, type CartItemRow, type CartRow } from '../db/schema.js';
import { EDITABLE_STATES, FINISHED_STATES, assertEditable, transition, type CartState } from './states.js';
import { notFoundField, uuidOr404 } from './validation.js';

export interface CartLimits {
  maxLines: number;
  maxQuantity: number;
  /** How long held seats stay in a PENDING cart (CART_HOLD_MS). */
  holdMs: number;
  /** How long a class learnt to be full is refused without asking inventory (CLASS_FULL_CACHE_MS). */
  fullClassMs: number;
}

/** The signed-in customer a cart operation is for. */
export interface Shopper {
  accountId: string;
  level: CustomerLevel;
}

/** Order statuses that mean the order has been paid (a later one implies PAID happened). */
const PAID_STATUSES = new Set(['PAID', 'SHIPPING_PENDING', 'SHIPPED', 'COMPLETED']);

/** The condition that picks an account's current cart (C2: at most one, by a partial unique index). */
const currentCartOf = (accountId: string | Placeholder | SQL) => and(eq(carts.accountId, accountId), notInArray(carts.state, [...FINISHED_STATES]), eq(carts.detached, false));

/** The account's current cart (most operations start by finding it). */
const currentCart = new Statement((db) => db.select().from(carts).where(currentCartOf(sql.placeholder('accountId'))));

const cartById = new Statement((db) => db.select().from(carts).where(eq(carts.id, sql.placeholder('id'))));

/** The account's current cart joined with its lines, oldest line first (no line: one row, item null). */
const currentCartWithLines = new Statement((db) =>
  db
    .select({ cart: carts, item: cartItems })
    .from(carts)
    .leftJoin(cartItems, eq(cartItems.cartId, carts.id))
    .where(currentCartOf(sql.placeholder('accountId')))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.id)),
);

/**
 * The cart of a class hold with what its checks need, in one read: the cart, its number of lines
 * and whether the swimmer's seat of the class (placeholders `classId`, `swimmerId`) is already
 * one of them.
 */
const seatChecks = {
  cart: carts,
  // Qualified by hand: drizzle leaves a one-table select's columns bare, which the subqueries would take for their own.
  lines: sql<number>`(select count(*)::int from ${cartItems} line where line.cart_id = ${carts}.id)`,
  seated: sql<boolean>`exists (select 1 from ${cartItems} line where line.cart_id = ${carts}.id and line.class_id = ${sql.placeholder('classId')} and line.swimmer_id = ${sql.placeholder('swimmerId')})`,
};

/** holdClass's first read: the account's current cart (no row: it has none) with {@link seatChecks}. */
const currentCartForSeat = new Statement((db) =>
  db
    .select(seatChecks)
    .from(carts)
    .where(currentCartOf(sql.placeholder('accountId'))),
);

/**
 * Whether each (account, class, swimmer) has the swimmer's seat of the class in the account's
 * current cart, in the order asked: the refusals of a flash sale, hundreds at the same moment,
 * read in one statement per batch instead of one each.
 */
const seatedInCurrentCarts = new SqlStatement<{ seated: boolean }>(
  () => sql`select exists (
      select 1 from ${carts} join ${cartItems} on ${cartItems.cartId} = ${carts.id}
      where ${currentCartOf(sql`asked.account_id`)} and ${cartItems.classId} = asked.class_id and ${cartItems.swimmerId} = asked.swimmer_id
    ) as seated
    from unnest(${sql.placeholder('accountIds')}::uuid[], ${sql.placeholder('classIds')}::uuid[], ${sql.placeholder('swimmerIds')}::uuid[])
      with ordinality as asked(account_id, class_id, swimmer_id, n)
    order by asked.n`,
);

/** One refusal's question to {@link seatedInCurrentCarts}. */
interface SeatQuestion {
  accountId: string;
  classId: string;
  swimmerId: string;
}
/** Refusals read together at most (one statement's arrays). */
const SEAT_QUESTIONS_AT_ONCE = 200;

/**
 * A class line added under the cart's lock, in one statement: the cart locked with the checks
 * of {@link seatChecks}; only when it is editable, has room and does not hold the swimmer's seat
 * yet, the line carrying the hold (a line already carrying it stays) and the cart PENDING with
 * its new expiry. The checks come back for the answer, beside the cart as saved and its lines
 * (those the statement saw and the new one, as {@link jsonRowOf} objects, in the order of
 * {@link linesOfCarts}), or nothing when a check failed and nothing was written (its columns
 * null). A statement sees the lines as of its start: when the lock waited for another change of
 * the cart (`fresh` false), nothing is written and the caller asks again.
 */
const addClassLine = new SqlStatement<{ fresh: boolean; lockedState: string; lines: number; seated: boolean; items: Record<string, unknown>[] } & CartRow>(
  () => sql`with locked as (
      select ${carts.id} as id, ${carts.state} as state,
        -- The version as locked against the version this statement's snapshot sees: they differ
        -- when the lock waited for another change of the cart, whose lines the checks cannot see.
        ${carts.version} = (select version from ${carts} seen where seen.id = ${carts.id}) as fresh,
        ${seatChecks.lines} as lines, ${seatChecks.seated} as seated
      from ${carts} where ${carts.id} = ${sql.placeholder('cartId')}::uuid
      for update
    ),
    fits as (
      select id from locked
      where fresh and state = any(${sql.placeholder('editable')}::text[]) and lines < ${sql.placeholder('maxLines')}::int and not seated
    ),
    line as (
      insert into ${cartItems} (id, cart_id, class_id, swimmer_id, registration_id, title, quantity, unit_price, currency)
      select ${sql.placeholder('lineId')}::uuid, id, ${sql.placeholder('classId')}::uuid, ${sql.placeholder('swimmerId')}::uuid,
        ${sql.placeholder('registrationId')}::text, ${sql.placeholder('title')}::text, 1, ${sql.placeholder('unitPrice')}::int, ${sql.placeholder('currency')}::text
      from fits
      on conflict do nothing
      returning *
    ),
    saved as (
      update ${carts} set
        state = case when state = ${sql.placeholder('active')}::text then ${sql.placeholder('pending')}::text else state end,
        expires_at = ${sql.placeholder('expiresAt')}::timestamptz, version = version + 1, updated_at = ${sql.placeholder('updatedAt')}::timestamptz
      where id in (select id from fits)
      returning *
    )
    select locked.fresh, locked.state as "lockedState", locked.lines, locked.seated, ${columnsOf(carts, 'saved')},
      (select coalesce(json_agg(${jsonRowOf(cartItems, 'l')} order by l.created_at, l.id), '[]'::json)
        from (select * from ${cartItems} where ${cartItems.cartId} = ${sql.placeholder('cartId')}::uuid union all select * from line) l) as items
    from locked left join saved on true`,
);

/** A new ACTIVE cart (marked as holding seats when made for a seat hold); no row when the account already has a current one. */
const newCart = new Statement((db) =>
  db
    .insert(carts)
    .values({ id: sql.placeholder('id'), accountId: sql.placeholder('accountId'), state: 'ACTIVE', holdsSeats: sql.placeholder('holdsSeats') })
    .onConflictDoNothing()
    .returning(),
);

/** Marks a cart as one whose end must give seats back, before it holds its first. */
const markHoldsSeats = new Statement((db) =>
  db
    .update(carts)
    .set({ holdsSeats: true })
    .where(and(eq(carts.id, sql.placeholder('cartId')), eq(carts.holdsSeats, false))),
);

/** A class line carrying its seat hold; a line already carrying it stays as it is. */
const classLineInsert = new Statement((db) =>
  db
    .insert(cartItems)
    .values({
      id: sql.placeholder('id'),
      cartId: sql.placeholder('cartId'),
      classId: sql.placeholder('classId'),
      swimmerId: sql.placeholder('swimmerId'),
      registrationId: sql.placeholder('registrationId'),
      title: sql.placeholder('title'),
      quantity: 1,
      unitPrice: sql.placeholder('unitPrice'),
      currency: sql.placeholder('currency'),
    })
    .onConflictDoNothing(),
);

/** The lines of a batch of carts (ids as made by `uuidList`), oldest first. */
const linesOfCarts = new Statement((db) =>
  db
    .select()
    .from(cartItems)
    .where(anyUuidOf(cartItems.cartId, 'cartIds'))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.id)),
);

/** markChecking's usual case: the cart as it was priced (`version`), still PENDING, to CHECKING for the order. */
const checkPricedCart = new Statement((db) =>
  db
    .update(carts)
    .set({
      state: sql`${sql.placeholder('state')}`,
      orderId: sql`${sql.placeholder('orderId')}`,
      expiresAt: sql`${sql.placeholder('expiresAt')}`,
      version: sql`${carts.version} + 1`,
      updatedAt: sql`${sql.placeholder('updatedAt')}`,
    })
    .where(and(eq(carts.id, sql.placeholder('cartId')), eq(carts.state, 'PENDING'), eq(carts.version, sql.placeholder('version'))))
    .returning({ id: carts.id, state: carts.state, version: carts.version }),
);

/** Whether an order's status change can move its cart: paid (APPLIED) or cancelled (CANCELING). */
export const concernsCart = ({ to }: Pick<OrderStatusChangedPayload, 'to'>): boolean => PAID_STATUSES.has(to) || to === 'CANCELED';

/** The end each in-between state is driven to, and the event that announces it. */
const ENDINGS = {
  APPLIED: { to: 'DONE', event: CartEvents.CartDone },
  CANCELING: { to: 'CANCELED', event: CartEvents.CartCanceled },
  EXPIRING: { to: 'EXPIRED', event: CartEvents.CartExpired },
} as const satisfies Partial<Record<CartState, { to: CartState; event: string }>>;
type InBetween = keyof typeof ENDINGS;
const IN_BETWEEN = Object.keys(ENDINGS) as InBetween[];

/**
 * Carts (MISSION C2–C5, S6): one current cart per account, its lines, and every move of its
 * state machine. Each change runs in one transaction that locks the cart row, bumps its
 * version and writes its event to the outbox. Calls to other services never run inside a
 * transaction (on PGlite that would wait on itself); a step that calls out is preceded by a
 * persisted in-between state (CANCELING, EXPIRING, APPLIED) or a pending row (hold releases,
 * waitlist offers), which {@link CartService.advance} and the recovery job finish.
 */
export class CartService {
  private readonly fullClasses: FullClasses;
  /** Batches the refusals' reads: every one asked in the same tick goes in one statement. */
  private readonly seated: DataLoader<SeatQuestion, boolean>;

  constructor(
    private readonly deps: { db: Db; outbox: Outbox; internal: InternalClient; log: Logger; metrics: Metrics; limits: CartLimits },
  ) {
    this.fullClasses = new FullClasses(deps.limits.fullClassMs);
    this.seated = new DataLoader(
      async (questions) =>
        (
          await seatedInCurrentCarts.run(this.db, {
            accountIds: questions.map((q) => q.accountId),
            classIds: questions.map((q) => q.classId),
            swimmerIds: questions.map((q) => q.swimmerId),
          })
        ).map((row) => row.seated),
      { cache: false, maxBatchSize: SEAT_QUESTIONS_AT_ONCE },
    );
  }

  private get db() {
    return this.deps.db;
  }

  // ---- reads ----

  /** The account's current cart, created (ACTIVE) when it has none; concurrent callers get the same one. */
  async current(accountId: string): Promise<CartRow> {
    return (await this.findCurrent(accountId)) ?? this.createCurrent(accountId);
  }

  /** A new current cart (ACTIVE) for an account that had none, or the one a concurrent caller made first. */
  private async createCurrent(accountId: string, holdsSeats = false): Promise<CartRow> {
    for (let attempt = 0; attempt < 3; attempt++) {
      // The partial unique index turns a racing second insert into a no-op.
      const [created] = await newCart.run(this.db, { id: uuidv7(), accountId, holdsSeats });
      if (created) return created;
      const found = await this.findCurrent(accountId);
      if (found) return found;
    }
    throw new Error(`no current cart for account ${accountId} after creating one`);
  }

  /** The account's current cart (created when it has none) and its lines, as of one moment: one statement. */
  async currentWithItems(accountId: string): Promise<{ cart: CartRow; items: CartItemRow[] }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const rows = await currentCartWithLines.run(this.db, { accountId });
      if (rows.length > 0) return { cart: rows[0].cart, items: rows.flatMap((r) => (r.item ? [r.item] : [])) };
      await this.createCurrent(accountId);
    }
    throw new Error(`no current cart for account ${accountId} after creating one`);
  }

  async findCurrent(accountId: string, db: Db | Tx = this.db): Promise<CartRow | null> {
    const [row] = await currentCart.run(db, { accountId });
    return row ?? null;
  }

  async byId(id: string): Promise<CartRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await cartById.run(this.db, { id });
    return row ?? null;
  }

  /** The lines of each cart, in the order they were added. */
  itemsOf(cartIds: readonly string[]): Promise<CartItemRow[]> {
    const ids = cartIds.filter(isUuid);
    if (ids.length === 0) return Promise.resolve([]);
    return linesOfCarts.run(this.db, { cartIds: uuidList(ids) });
  }

  /** For inventory's orphan-reservation job (C6): the state of each cart, null when it does not exist. */
  async states(cartIds: readonly string[]): Promise<Record<string, CartState | null>> {
    if (!Array.isArray(cartIds) || cartIds.some((id) => typeof id !== 'string')) throw badInput('cartIds', 'cartIds must be a list of ids');
    if (cartIds.length > 1000) throw badInput('cartIds', 'At most 1000 carts at a time');
    const ids = [...new Set(cartIds.filter(isUuid))];
    const rows = ids.length ? await this.db.select({ id: carts.id, state: carts.state }).from(carts).where(inArray(carts.id, ids)) : [];
    const states = new Map(rows.map((r) => [r.id, r.state as CartState]));
    return Object.fromEntries(cartIds.map((id) => [id, states.get(id) ?? null]));
  }

  // ---- the customer's changes ----

  /**
   * Adds `quantity` units of a SKU at the shopper's level price (C2, S2). The same SKU adds to
   * its line; the line may not ask for more than the displayed stock (O2).
   */
  async addToCart(shopper: Shopper, skuId: string, quantity: number): Promise<CartRow> {
    const { maxQuantity } = this.deps.limits;
    intInRange('quantity', quantity, 1, maxQuantity);
    uuidOr404('skuId', skuId, 'SKU');
    await this.assertCurrentEditable(shopper.accountId);
    const quote = await this.buyable(skuId, shopper.level, quantity);
    const cart = await this.current(shopper.accountId);
    return this.edit(cart.id, async (tx, locked) => {
      const [line] = await tx.select().from(cartItems).where(and(eq(cartItems.cartId, locked.id), eq(cartItems.skuId, skuId)));
      const price = quote.price!;
      if (line) {
        const total = line.quantity + quantity;
        if (total > maxQuantity) throw badInput('quantity', `A line holds at most ${maxQuantity} units; this one has ${line.quantity}`);
        if (total > quote.displayStock) throw outOfStock(quote, line.quantity);
        await tx
          .update(cartItems)
          .set({ quantity: total, unitPrice: price.amount, currency: price.currency, priceLevel: shopper.level })
          .where(eq(cartItems.id, line.id));
      } else {
        this.assertRoom(await this.lineCount(tx, locked.id), 'skuId');
        await tx.insert(cartItems).values({
          id: uuidv7(),
          cartId: locked.id,
          skuId,
          productId: quote.productId,
          title: `${quote.productName}, ${quote.skuName}`,
          quantity,
          unitPrice: price.amount,
          currency: price.currency,
          priceLevel: shopper.level,
        });
      }
      return this.save(tx, locked, { state: locked.state === 'ACTIVE' ? transition('ACTIVE', 'PENDING') : locked.state });
    });
  }

  /** Sets a line's quantity; 0 removes it. A product line takes today's price (accepting a changed one). */
  async updateItem(shopper: Shopper, itemId: string, quantity: number): Promise<CartRow> {
    if (quantity === 0) return this.removeItem(shopper, itemId);
    intInRange('quantity', quantity, 1, this.deps.limits.maxQuantity);
    const { cart, item } = await this.ownItem(shopper.accountId, itemId);
    assertEditable(cart.state as CartState);
    if (item.classId) {
      if (quantity !== 1) throw badInput('quantity', 'A class line holds exactly one seat');
      return cart;
    }
    const quote = await this.buyable(item.skuId!, shopper.level, quantity);
    const price = quote.price!;
    return this.edit(cart.id, async (tx, locked) => {
      const updated = await tx
        .update(cartItems)
        .set({ quantity, unitPrice: price.amount, currency: price.currency, priceLevel: shopper.level })
        .where(and(eq(cartItems.id, item.id), eq(cartItems.cartId, locked.id)))
        .returning({ id: cartItems.id });
      if (updated.length === 0) throw notFoundField('itemId', 'Cart item');
      return this.save(tx, locked, {});
    });
  }

  /** Removes a line; a class line's seat goes back to the class (recorded first, so it is retried until it does). */
  async removeItem(shopper: Shopper, itemId: string): Promise<CartRow> {
    const { cart } = await this.ownItem(shopper.accountId, itemId);
    let released: CartItemRow | undefined;
    const saved = await this.edit(cart.id, async (tx, locked) => {
      const [removed] = await tx
        .delete(cartItems)
        .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, locked.id)))
        .returning();
      if (!removed) throw notFoundField('itemId', 'Cart item');
      let expiresAt = locked.expiresAt;
      if (removed.registrationId) {
        released = removed;
        await tx.insert(holdReleases).values({ registrationId: removed.registrationId, cartId: locked.id, reason: 'removed from the cart' }).onConflictDoNothing();
        // Product lines alone hold nothing, so they do not expire.
        if (!(await this.hasClassLines(tx, locked.id))) expiresAt = null;
      }
      return this.save(tx, locked, { expiresAt });
    });
    if (released) {
      await this.releaseRemoved(saved.id, [released.registrationId!]);
      this.fullClasses.forget(released.classId!);
    }
    return saved;
  }

  /**
   * Phase 1 of class registration (C1–C3): checks the swimmer is the caller's, takes one seat at
   * once in inventory, and adds the line; the cart becomes PENDING and expires CART_HOLD_MS from
   * now. A seat taken for a change that then fails is given back.
   */
  async addClass(shopper: Shopper, classId: string, swimmerId: string): Promise<{ cart: CartRow; items: CartItemRow[] }> {
    uuidOr404('classId', classId, 'Swim class');
    uuidOr404('swimmerId', swimmerId, 'Swimmer');
    return this.fullClasses.inTurn(classId, () => this.holdClass(shopper, classId, swimmerId));
  }

  private async holdClass(shopper: Shopper, classId: string, swimmerId: string): Promise<{ cart: CartRow; items: CartItemRow[] }> {
    // Checked again before each costly step: the class may fill while this request waits.
    const unlessFull = async () => {
      if (this.fullClasses.isFull(classId)) throw refusalError(await this.fullRefusal(shopper.accountId, classId, swimmerId));
    };
    await unlessFull();
    // Read without a lock (CART_NOT_EDITABLE before anything else); all is checked again under
    // the cart's lock before the line goes in, and a seat taken for a line that cannot go in is
    // given back.
    const [found] = await currentCartForSeat.run(this.db, { accountId: shopper.accountId, classId, swimmerId });
    if (found) assertEditable(found.cart.state as CartState);
    await unlessFull();
    const swimmer = await this.deps.internal.call<SwimmerRef | null>(Services.accounts, AccountOps.swimmer, { accountId: shopper.accountId, swimmerId });
    if (!swimmer) throw notFoundField('swimmerId', 'Swimmer');
    if (found) this.assertSeatFits(found);
    const cart = found?.cart ?? (await this.createCurrent(shopper.accountId, true));
    // Before the first seat (a cart made for this hold is marked already): the cart's end (or the
    // recovery job) then knows to give seats back.
    if (!cart.holdsSeats) await markHoldsSeats.run(this.db, { cartId: cart.id });
    await unlessFull();
    let hold: SeatHold;
    try {
      hold = await this.deps.internal.call<SeatHold>(Services.inventory, InventoryOps.holdSeat, {
        cartId: cart.id,
        accountId: shopper.accountId,
        classId,
        swimmerId,
        swimmerName: swimmer.name,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.CLASS_FULL) this.fullClasses.markFull(classId);
      throw err;
    }
    if (hold.seatsRemain === 0) this.fullClasses.markFull(classId);
    try {
      return await this.addHeldLine(cart.id, hold, { classId, swimmerId });
    } catch (err) {
      // A line of this cart already carries the hold (a concurrent request for the same seat): it stays.
      const carried = await this.db.select({ id: cartItems.id }).from(cartItems).where(eq(cartItems.registrationId, hold.registrationId));
      if (carried.length === 0) await this.releaseRemoved(cart.id, [hold.registrationId]);
      throw err;
    }
  }

  /**
   * The held seat's line, checked under the cart's lock and written with the cart's PENDING in
   * one statement ({@link addClassLine}); asked again when the lock waited for another change of
   * the cart, so that the checks see it. Answers the cart as saved and its lines.
   */
  private async addHeldLine(cartId: string, hold: SeatHold, seat: { classId: string; swimmerId: string }): Promise<{ cart: CartRow; items: CartItemRow[] }> {
    for (;;) {
      const [added] = await addClassLine.run(this.db, {
        cartId,
        ...seat,
        editable: `{${EDITABLE_STATES.join(',')}}`,
        maxLines: this.deps.limits.maxLines,
        active: 'ACTIVE',
        pending: transition('ACTIVE', 'PENDING'),
        lineId: uuidv7(),
        registrationId: hold.registrationId,
        title: hold.title,
        unitPrice: hold.price.amount,
        currency: hold.price.currency,
        expiresAt: new Date(Date.now() + this.deps.limits.holdMs).toISOString(),
        updatedAt: new Date().toISOString(),
      });
      if (!added) throw notFoundField('cartId', 'Cart');
      const { fresh, lockedState, lines, seated, items, ...saved } = added;
      if (!fresh) continue;
      assertEditable(lockedState as CartState);
      this.assertSeatFits({ lines, seated });
      return { cart: saved, items: rowsFromJson<CartItemRow>(cartItems, items) };
    }
  }

  /** A class line fits the cart: room for one more line (BAD_USER_INPUT on classId), and the swimmer's seat not already in it. */
  private assertSeatFits({ lines, seated }: { lines: number; seated: boolean }): void {
    this.assertRoom(lines, 'classId');
    if (seated) throw refusalError(seatInCart);
  }

  /**
   * cancelCart (C5): persists CANCELING, gives the held seats back, then CANCELED with a
   * CartCanceled event (orders cancels the unpaid order of a CHECKING cart on it). If inventory
   * cannot be reached the cart stays CANCELING and the recovery job finishes it.
   */
  async cancel(accountId: string): Promise<CartRow> {
    const cart = await this.current(accountId);
    if (cart.state !== 'CANCELING') {
      await this.deps.outbox.transaction(async (tx) => {
        const locked = await this.lock(tx, cart.id);
        return this.save(tx, locked, { state: transition(locked.state as CartState, 'CANCELING'), reason: 'canceled by the customer' });
      });
    }
    return this.advanceOrLeave(cart.id);
  }

  // ---- checkout (orders) ----

  /**
   * PENDING -> CHECKING for an order, with the order's payment deadline as the cart's expiry.
   * Idempotent for the same order (also once the cart moved on); CART_NOT_EDITABLE otherwise.
   */
  async markChecking(input: MarkCheckingInput): Promise<{ cartId: string; state: CartState; version: number }> {
    if (typeof input?.orderId !== 'string' || input.orderId.length === 0) throw badInput('orderId', 'orderId is required');
    const expiresAt = new Date(input.expiresAt);
    if (Number.isNaN(expiresAt.getTime())) throw badInput('expiresAt', 'expiresAt must be a time');
    if (input.version != null && !Number.isInteger(input.version)) throw badInput('version', 'version must be an integer');
    uuidOr404('cartId', input.cartId, 'Cart');
    const patch = { state: transition('PENDING', 'CHECKING'), orderId: input.orderId, expiresAt: expiresAt.toISOString() };
    if (input.version != null) {
      // The usual case in one statement: the cart as it was priced, still PENDING.
      const [moved] = await checkPricedCart.run(this.db, { ...patch, cartId: input.cartId, version: input.version, updatedAt: new Date().toISOString() });
      if (moved) return { cartId: moved.id, state: moved.state as CartState, version: moved.version };
    }
    // Anything else (a repeat for the same order, a changed or finished cart) is told apart under the lock.
    const row = await this.deps.outbox.transaction(async (tx) => {
      const locked = await this.lock(tx, input.cartId);
      if (locked.orderId === input.orderId && ['CHECKING', 'APPLIED', 'DONE'].includes(locked.state)) return locked;
      if (locked.state !== 'PENDING') {
        throw new AppError(ErrorCode.CART_NOT_EDITABLE, `The cart is ${locked.state} and cannot be checked out`, { state: locked.state });
      }
      if (input.version != null && input.version !== locked.version) {
        throw new AppError(ErrorCode.PRICE_CHANGED, 'The cart changed since it was priced; check out again', { version: locked.version });
      }
      return this.save(tx, locked, patch);
    });
    return { cartId: row.id, state: row.state as CartState, version: row.version };
  }

  /** S6: the cart of the order leaves the customer's view (a new cart becomes current); its saga goes on. Idempotent. */
  async detach(orderId: string): Promise<{ cartId: string | null }> {
    if (typeof orderId !== 'string' || orderId.length === 0) throw badInput('orderId', 'orderId is required');
    return this.deps.outbox.transaction(async (tx) => {
      const [row] = await tx.select().from(carts).where(eq(carts.orderId, orderId)).for('update');
      if (!row) return { cartId: null };
      if (!row.detached) await this.save(tx, row, { detached: true });
      return { cartId: row.id };
    });
  }

  // ---- the saga after checkout ----

  /**
   * An order status change {@link concernsCart} accepts (inbox transaction): paid -> the cart
   * APPLIED (CartApplied); cancelled while CHECKING -> CANCELING. Returns the cart to drive on
   * after commit, or 'stale' when the cart has already moved past the event (M2) or is not the
   * order's.
   */
  async onOrderStatus(tx: Tx, payload: OrderStatusChangedPayload): Promise<string | 'stale'> {
    const paid = PAID_STATUSES.has(payload.to);
    if (!isUuid(payload.cartId ?? '')) return 'stale';
    const [cart] = await tx.select().from(carts).where(eq(carts.id, payload.cartId)).for('update');
    if (!cart) return 'stale';
    const ours = cart.orderId === payload.orderId;
    if (paid && cart.state === 'CHECKING' && ours) {
      await this.save(tx, cart, { state: transition('CHECKING', 'APPLIED') }, CartEvents.CartApplied);
      return cart.id;
    }
    if (paid && cart.state === 'PENDING' && cart.orderId === null) {
      // Paid before markChecking landed: the cart takes both steps at once.
      const checking = await this.save(tx, cart, { state: transition('PENDING', 'CHECKING'), orderId: payload.orderId });
      await this.save(tx, checking, { state: transition('CHECKING', 'APPLIED') }, CartEvents.CartApplied);
      return cart.id;
    }
    if (payload.to === 'CANCELED' && cart.state === 'CHECKING' && ours) {
      await this.save(tx, cart, { state: transition('CHECKING', 'CANCELING'), reason: payload.reason ?? 'order canceled' });
      return cart.id;
    }
    return 'stale';
  }

  /**
   * Drives a cart in APPLIED, CANCELING or EXPIRING to its end by running the idempotent step
   * again (C4): register the held seats (APPLIED -> DONE) or give them back (-> CANCELED,
   * EXPIRED). Safe to run concurrently: only the first to finish moves the state and writes the
   * event. Resolves with the cart as it is afterwards.
   */
  async advance(cartId: string): Promise<CartRow | null> {
    const cart = await this.byId(cartId);
    if (!cart || !IN_BETWEEN.includes(cart.state as InBetween)) return cart;
    const from = cart.state as InBetween;
    if (cart.holdsSeats) {
      if (from === 'APPLIED') {
        await this.deps.internal.call(Services.inventory, InventoryOps.registerHolds, { cartId: cart.id, orderId: cart.orderId });
      } else {
        await this.deps.internal.call(Services.inventory, InventoryOps.releaseHolds, { cartId: cart.id, reason: cart.reason ?? from.toLowerCase() });
      }
    }
    return this.deps.outbox.transaction(async (tx) => {
      const locked = await this.lock(tx, cart.id);
      if (locked.state !== from) return locked;
      const ending = ENDINGS[from];
      return this.save(tx, locked, { state: transition(from, ending.to) }, ending.event);
    });
  }

  /** Carts left in APPLIED, CANCELING or EXPIRING (the recovery job's work list). */
  async inBetween(limit: number): Promise<string[]> {
    const rows = await this.db.select({ id: carts.id }).from(carts).where(inArray(carts.state, IN_BETWEEN)).orderBy(asc(carts.updatedAt)).limit(limit);
    return rows.map((r) => r.id);
  }

  /**
   * Moves one cart whose time ran out to EXPIRING (C3): PENDING past its expiry, or CHECKING past
   * its payment deadline plus `graceMs` (orders cancels the order on CartExpired). False when
   * it no longer qualifies.
   */
  async startExpiry(cartId: string, graceMs: number, now = new Date()): Promise<boolean> {
    return this.deps.outbox.transaction(async (tx) => {
      const locked = await this.lock(tx, cartId);
      if (!this.isDue(locked, graceMs, now)) return false;
      await this.save(tx, locked, { state: transition(locked.state as CartState, 'EXPIRING'), reason: 'expired' });
      return true;
    });
  }

  /** Carts whose hold or payment time is over. */
  async dueForExpiry(graceMs: number, limit: number, now = new Date()): Promise<string[]> {
    const rows = await this.db
      .select({ id: carts.id })
      .from(carts)
      .where(
        or(
          and(eq(carts.state, 'PENDING'), lt(carts.expiresAt, now.toISOString())),
          and(eq(carts.state, 'CHECKING'), lt(carts.expiresAt, new Date(now.getTime() - graceMs).toISOString())),
        ),
      )
      .orderBy(asc(carts.expiresAt))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  private isDue(cart: CartRow, graceMs: number, now: Date): boolean {
    if (!cart.expiresAt) return false;
    const expires = new Date(cart.expiresAt).getTime();
    if (cart.state === 'PENDING') return expires < now.getTime();
    if (cart.state === 'CHECKING') return expires + graceMs < now.getTime();
    return false;
  }

  // ---- seats released after a line was removed ----

  /** Gives back the seats of removed lines still waiting for inventory, grouped per cart; returns how many. */
  async flushReleases(limit: number): Promise<number> {
    const rows = await this.db.select().from(holdReleases).orderBy(asc(holdReleases.createdAt)).limit(limit);
    const byCart = new Map<string, string[]>();
    for (const r of rows) byCart.set(r.cartId, [...(byCart.get(r.cartId) ?? []), r.registrationId]);
    let released = 0;
    for (const [cartId, registrationIds] of byCart) {
      if (await this.releaseRemoved(cartId, registrationIds)) released += registrationIds.length;
    }
    return released;
  }

  /** Asks inventory to release the seats, then forgets them; a failure leaves them for the recovery job. */
  private async releaseRemoved(cartId: string, registrationIds: string[]): Promise<boolean> {
    try {
      await this.deps.internal.call(Services.inventory, InventoryOps.releaseHolds, { cartId, registrationIds, reason: 'removed from the cart' });
      await this.db.delete(holdReleases).where(inArray(holdReleases.registrationId, registrationIds));
      return true;
    } catch (err) {
      this.deps.log.warn({ err, cartId, registrationIds }, 'seat release failed; the recovery job retries it');
      return false;
    }
  }

  // ---- seats offered from a waitlist ----

  /** Records an offered seat (inbox transaction); {@link adoptOffer} puts it into the cart after commit. */
  async recordOffer(tx: Tx, offer: WaitlistOfferedPayload): Promise<void> {
    if (![offer.accountId, offer.classId, offer.swimmerId].every(isUuid) || Number.isNaN(Date.parse(offer.holdUntil))) {
      this.deps.log.warn({ offer }, 'malformed waitlist offer ignored');
      return;
    }
    await tx
      .insert(waitlistOffers)
      .values({
        registrationId: offer.registrationId,
        accountId: offer.accountId,
        classId: offer.classId,
        swimmerId: offer.swimmerId,
        title: offer.classTitle,
        holdUntil: new Date(offer.holdUntil).toISOString(),
      })
      .onConflictDoNothing();
  }

  /**
   * Puts a seat offered from the waitlist into the account's current cart (created if needed):
   * inventory adopts the hold for the cart, the cart becomes PENDING and expires when the offer
   * does. A cart that cannot be edited leaves the offer alone (inventory lapses it).
   * Returns what happened to the offer.
   */
  async adoptOffer(registrationId: string): Promise<'ADOPTED' | 'SKIPPED' | null> {
    const [offer] = await this.db.select().from(waitlistOffers).where(and(eq(waitlistOffers.registrationId, registrationId), eq(waitlistOffers.status, 'PENDING')));
    if (!offer) return null;
    const skip = async (note: string, cartId: string | null) => {
      this.deps.log.info({ registrationId, accountId: offer.accountId, cartId, note }, 'waitlist offer left alone');
      await this.db.update(waitlistOffers).set({ status: 'SKIPPED', note, cartId }).where(eq(waitlistOffers.registrationId, registrationId));
      return 'SKIPPED' as const;
    };
    const cart = await this.current(offer.accountId);
    if (!EDITABLE_STATES.includes(cart.state as CartState)) return skip(`the current cart is ${cart.state}`, cart.id);
    if ((await this.lineCount(this.db, cart.id)) >= this.deps.limits.maxLines) return skip('the cart is full', cart.id);
    await this.db.update(carts).set({ holdsSeats: true }).where(eq(carts.id, cart.id));
    let hold: SeatHold;
    try {
      hold = await this.deps.internal.call<SeatHold>(Services.inventory, InventoryOps.adoptHold, { registrationId, cartId: cart.id });
    } catch (err) {
      // A contract error (the offer lapsed, the seat is gone) is final; anything else is retried.
      if (err instanceof AppError) return skip(`inventory refused: ${err.message}`, cart.id);
      throw err;
    }
    return this.deps.outbox.transaction(async (tx) => {
      const locked = await this.lock(tx, cart.id);
      if (!EDITABLE_STATES.includes(locked.state as CartState)) {
        // The seat now belongs to this cart; the cart's end gives it back.
        await tx.update(waitlistOffers).set({ status: 'SKIPPED', note: `the cart became ${locked.state}`, cartId: cart.id }).where(eq(waitlistOffers.registrationId, registrationId));
        return 'SKIPPED' as const;
      }
      await this.insertClassLine(tx, locked.id, hold, offer.title);
      await this.save(tx, locked, { state: locked.state === 'ACTIVE' ? transition('ACTIVE', 'PENDING') : locked.state, expiresAt: offer.holdUntil });
      await tx.update(waitlistOffers).set({ status: 'ADOPTED', cartId: cart.id }).where(eq(waitlistOffers.registrationId, registrationId));
      return 'ADOPTED' as const;
    });
  }

  /** Offers recorded but not yet put into a cart. */
  async pendingOffers(limit: number): Promise<string[]> {
    const rows = await this.db
      .select({ id: waitlistOffers.registrationId })
      .from(waitlistOffers)
      .where(eq(waitlistOffers.status, 'PENDING'))
      .orderBy(asc(waitlistOffers.createdAt))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  // ---- helpers ----

  /**
   * CART_NOT_EDITABLE before anything else when the current cart is being paid or ending (the
   * change is re-checked under the lock; this only makes the answer not depend on the input).
   */
  private async assertCurrentEditable(accountId: string): Promise<void> {
    const cart = await this.findCurrent(accountId);
    if (cart) assertEditable(cart.state as CartState);
  }

  /** Runs `fn` on the locked cart after checking that the customer may still change it. */
  private edit<T>(cartId: string, fn: (tx: Tx, cart: CartRow) => Promise<T>): Promise<T> {
    return this.deps.outbox.transaction(async (tx) => {
      const locked = await this.lock(tx, cartId);
      assertEditable(locked.state as CartState);
      return fn(tx, locked);
    });
  }

  private async lock(tx: Tx, cartId: string): Promise<CartRow> {
    const [row] = await tx.select().from(carts).where(eq(carts.id, cartId)).for('update');
    if (!row) throw notFoundField('cartId', 'Cart');
    return row;
  }

  /**
   * Writes a change of the cart with the next version; `event` (if any) goes to the outbox in
   * the same transaction with that version as its aggregate version (M1, M9).
   */
  private async save(tx: Tx, cart: CartRow, patch: Partial<Pick<CartRow, 'state' | 'expiresAt' | 'orderId' | 'detached' | 'reason'>>, event?: string): Promise<CartRow> {
    const [row] = await tx
      .update(carts)
      .set({ ...patch, version: cart.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(carts.id, cart.id))
      .returning();
    if (event) {
      const payload: CartEventPayload = { cartId: row.id, accountId: row.accountId, orderId: row.orderId, reason: row.reason };
      await this.deps.outbox.add(tx, { type: event, aggregateId: row.id, aggregateVersion: row.version, payload });
    }
    return row;
  }

  /** The cart's line and the cart itself, for a line of the caller's current cart; NOT_FOUND on itemId otherwise. */
  private async ownItem(accountId: string, itemId: string): Promise<{ cart: CartRow; item: CartItemRow }> {
    uuidOr404('itemId', itemId, 'Cart item');
    const cart = await this.findCurrent(accountId);
    const [item] = cart ? await this.db.select().from(cartItems).where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, cart.id))) : [];
    if (!cart || !item) throw notFoundField('itemId', 'Cart item');
    return { cart, item };
  }

  /** The SKU's quote if `quantity` of it can be bought now: NOT_FOUND, NOT_ON_SHELF or OUT_OF_STOCK otherwise. */
  private async buyable(skuId: string, level: CustomerLevel, quantity: number): Promise<SkuQuote> {
    const [quote] = await this.deps.internal.call<SkuQuote[]>(Services.inventory, InventoryOps.quote, { skuIds: [skuId], level });
    if (!quote) throw notFoundField('skuId', 'SKU');
    if (!quote.onShelf || !quote.price) throw new AppError(ErrorCode.NOT_ON_SHELF, `${quote.productName} is not on shelf`, { field: 'skuId' });
    if (quantity > quote.displayStock) throw outOfStock(quote, 0);
    return quote;
  }

  /** BAD_USER_INPUT on `field` when a cart of `lines` lines has no room for another. */
  private assertRoom(lines: number, field: string): void {
    const { maxLines } = this.deps.limits;
    if (lines >= maxLines) throw badInput(field, `A cart holds at most ${maxLines} lines`);
  }

  /**
   * For the gateway's flash-sale gate: when this service knows the class is full, the refusal
   * `addClassToCart` would give (CLASS_FULL, or BAD_USER_INPUT for a swimmer whose seat is already
   * in the cart) after the one read that tells them apart; null otherwise, and for ids that are
   * not uuids, so that the hold itself answers those.
   */
  private async refuseHoldIfFull(accountId: string, classId: string, swimmerId: string): Promise<Refusal | null> {
    if (![accountId, classId, swimmerId].every(isUuid) || !this.fullClasses.isFull(classId)) return null;
    return this.fullRefusal(accountId, classId, swimmerId);
  }

  /** {@link refuseHoldIfFull} for each of a batch of holds (the gate's of one moment), in their order. */
  refuseHoldsIfFull(holds: readonly RefuseHoldInput[]): Promise<(Refusal | null)[]> {
    if (!Array.isArray(holds) || holds.length > MAX_HOLDS_ASKED || holds.some((h) => typeof h !== 'object' || h === null)) {
      throw badInput('holds', `holds must be a list of at most ${MAX_HOLDS_ASKED} holds`);
    }
    return Promise.all(holds.map(({ accountId, classId, swimmerId }) => this.refuseHoldIfFull(accountId, classId, swimmerId)));
  }

  /**
   * The answer to a hold of a class known to be full, from one read: the swimmer's seat already in
   * the customer's cart is BAD_USER_INPUT, as it would be with seats left; anything else is
   * CLASS_FULL, as inventory would answer (a full class is full whoever asks, so the cart's state
   * and the swimmer's owner are not looked up for it).
   */
  private async fullRefusal(accountId: string, classId: string, swimmerId: string): Promise<Refusal> {
    const seated = await this.seated.load({ accountId, classId, swimmerId });
    const refusal: Refusal = seated ? seatInCart : { code: ErrorCode.CLASS_FULL, message: 'No seat is left in this class', extra: { classId } };
    this.deps.metrics.classFullShortcuts.inc({ code: refusal.code });
    return refusal;
  }

  private async lineCount(db: Db | Tx, cartId: string): Promise<number> {
    const [{ n }] = await db.select({ n: count() }).from(cartItems).where(eq(cartItems.cartId, cartId));
    return n;
  }

  private async hasClassLines(tx: Tx, cartId: string): Promise<boolean> {
    const [row] = await tx.select({ id: cartItems.id }).from(cartItems).where(and(eq(cartItems.cartId, cartId), isNotNull(cartItems.classId))).limit(1);
    return Boolean(row);
  }

  private async insertClassLine(tx: Tx, cartId: string, hold: SeatHold, title = hold.title): Promise<void> {
    await classLineInsert.run(tx, {
      id: uuidv7(),
      cartId,
      classId: hold.classId,
      swimmerId: hold.swimmerId,
      registrationId: hold.registrationId,
      title,
      unitPrice: hold.price.amount,
      currency: hold.price.currency,
    });
  }

  /** Finishes an in-between state now if it can; a failure is logged and left to the recovery job. */
  private async advanceOrLeave(cartId: string): Promise<CartRow> {
    try {
      const row = await this.advance(cartId);
      if (row) return row;
    } catch (err) {
      this.deps.log.warn({ err, cartId }, 'cart step failed; the recovery job finishes it');
    }
    const row = await this.byId(cartId);
    if (!row) throw notFoundField('cartId', 'Cart');
    return row;
  }
}

function outOfStock(quote: SkuQuote, inCart: number): AppError {
  const more = Math.max(0, quote.displayStock - inCart);
  return new AppError(ErrorCode.OUT_OF_STOCK, `Only ${more} more of ${quote.productName} can be added`, { field: 'quantity', available: more });
}

const seatInCart: Refusal = { code: ErrorCode.BAD_USER_INPUT, message: 'This swimmer already has a seat of the class in the cart', extra: { field: 'swimmerId' } };
