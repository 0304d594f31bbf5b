import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import {
  anyUuidOf,
  AppError,
  badInput,
  ErrorCode,
  intInRange,
  intList,
  isUuid,
  notFound,
  SqlStatement,
  Statement,
  uuidList,
  type Db,
  type Logger,
  type Outbox,
  type Queryable,
  type Tx,
} from '@shop/platform';
import { bookingLines, bookings, products, shelfItems, shelves, skus, stock, type BookingLineRow, type BookingRow } from '../db/schema.js';
import { InventoryEvents } from '../events/types.js';
import { isOnShelf } from './shelf-status.js';

export type BookingStatus = 'BOOKED' | 'RELEASED' | 'ASSEMBLED';

export interface BookInput {
  orderId: string;
  lines: { skuId: string; quantity: number }[];
}

/** A booking as callers see it: one warehouse per line. */
export interface Booking {
  orderId: string;
  status: BookingStatus;
  lines: { skuId: string; quantity: number; warehouseId: string }[];
}

const MAX_LINES = 100;
const MAX_LINE_QUANTITY = 10_000;

/**
 * The SKUs of a booking with their current shelf and its item for the SKU (null when off shelf),
 * and what each warehouse has unbooked of each: `[warehouseId, available]` pairs as JSON text
 * (one statement for both reads).
 */
const shelvedSkus = new Statement((db) =>
  db
    .select({
      skuId: skus.id,
      code: skus.code,
      shelf: shelves,
      itemId: shelfItems.id,
      unbooked: sql<string>`(select coalesce(json_agg(json_build_array(${stock.warehouseId}, ${stock.quantity} - ${stock.booked})), '[]')::text from ${stock} where ${stock.skuId} = ${skus.id})`,
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .leftJoin(shelves, eq(shelves.id, products.currentShelfId))
    .leftJoin(shelfItems, and(eq(shelfItems.shelfId, shelves.id), eq(shelfItems.skuId, skus.id)))
    .where(anyUuidOf(skus.id, 'skuIds')),
);

/**
 * Books `quantity` of a SKU in a warehouse if that much is unbooked there (`also` may add a
 * condition); returns the warehouse, no row when not. The no-overbooking rule of every booking.
 */
const bookStockSql = (also: SQL = sql``) =>
  sql`update ${stock} set booked = booked + ${sql.placeholder('quantity')}::int, updated_at = ${sql.placeholder('updatedAt')}
    where warehouse_id = ${sql.placeholder('warehouseId')} and sku_id = ${sql.placeholder('skuId')}
      and quantity - booked >= ${sql.placeholder('quantity')}::int ${also}
    returning warehouse_id`;

/**
 * A line's two decrements in one statement: `quantity` off the shelf item if that many remain,
 * and booked in the warehouse ({@link bookStockSql}) once the shelf's is done. Says which of
 * them happened (a booking with either missing rolls back, or tries the next warehouse). The
 * shelf row is updated first, as in every booking, so concurrent ones lock in the same order.
 */
const shelveAndBook = new SqlStatement<{ shelved: boolean; booked: boolean }>(
  () => sql`with shelved as (
      update ${shelfItems} set remaining = remaining - ${sql.placeholder('quantity')}::int
      where id = ${sql.placeholder('itemId')} and remaining >= ${sql.placeholder('quantity')}::int
      returning id),
    booked as (${bookStockSql(sql`and exists (select 1 from shelved)`)})
    select exists (select 1 from shelved) as shelved, exists (select 1 from booked) as booked`,
);

/** {@link bookStockSql} alone: a line's next warehouse, when the first turned short. */
const bookInWarehouse = new SqlStatement<{ warehouse_id: string }>(() => bookStockSql());

/**
 * A new booking of an order, and the products of its SKUs held FOR SHARE in id order (see
 * {@link BookingService.take}): one statement. `version` is null when the order was booked (or
 * released) before; its products are then held until the transaction ends, for nothing.
 */
const createBooking = new SqlStatement<{ version: number | null }>(
  () => sql`with created as (
      insert into ${bookings} (order_id, status) values (${sql.placeholder('orderId')}, 'BOOKED') on conflict do nothing returning version),
    shared as (
      select id from ${products} where id in (select product_id from ${skus} where id = any(${sql.placeholder('skuIds')}::uuid[])) order by id for share)
    select (select version from created) as version, (select count(*) from shared)::int as products`,
);

/**
 * Stock booking for orders (O4, O5), idempotent by order id. Every decrement is a conditional
 * update (`… where remaining >= n`) under the table's CHECK constraints, so no interleaving of
 * bookings can oversell a shelf or a warehouse; a booking that cannot be served entirely rolls
 * back and leaves nothing behind but a StockNegative event.
 */
export class BookingService {
  constructor(private readonly deps: { db: Db; outbox: Outbox; log: Logger }) {}

  /** A booking's lines (the columns as arrays of one length, any number of lines) and its StockBooked event, in one statement. */
  private readonly insertLinesAndEvent = new SqlStatement(
    () => sql`with lines as (
        insert into ${bookingLines} (order_id, sku_id, shelf_item_id, warehouse_id, quantity)
        select ${sql.placeholder('orderId')}, line.* from unnest(${sql.placeholder('skuIds')}::uuid[], ${sql.placeholder('shelfItemIds')}::uuid[], ${sql.placeholder('warehouseIds')}::uuid[], ${sql.placeholder('quantities')}::int[]) as line)
      ${this.deps.outbox.insertSql(sql.placeholder('events'))}`,
  );

  /**
   * Books the order's lines: each SKU must be on shelf inside its window with shelf quantity
   * left, and one warehouse must have enough of it (one warehouse for the whole order when any
   * can serve it all). Booking the same order again returns the first booking.
   */
  async book(input: BookInput): Promise<Booking> {
    const orderId = checkOrderId(input.orderId);
    try {
      const lines = mergeLines(input.lines);
      return await this.deps.outbox.transaction(async (tx) => {
        const [created] = await createBooking.run(tx, { orderId, skuIds: uuidList(lines.map((l) => l.skuId)) });
        if (created.version === null) return this.existing(tx, orderId, lines);
        const taken = await this.take(tx, lines);
        const booked = taken.map(({ line }) => line);
        const event = this.deps.outbox.records({
          type: InventoryEvents.StockBooked,
          aggregateId: orderId,
          aggregateVersion: created.version,
          payload: { orderId, lines: booked },
        });
        this.deps.outbox.wrote(tx);
        await this.insertLinesAndEvent.run(tx, {
          orderId,
          skuIds: uuidList(taken.map(({ line }) => line.skuId)),
          shelfItemIds: uuidList(taken.map(({ shelfItemId }) => shelfItemId)),
          warehouseIds: uuidList(taken.map(({ line }) => line.warehouseId)),
          quantities: intList(taken.map(({ line }) => line.quantity)),
          events: event.json,
        });
        return { orderId, status: 'BOOKED' as const, lines: booked };
      });
    } catch (err) {
      if (err instanceof AppError && NEGATIVE.has(err.code)) await this.negative(orderId, err);
      throw err;
    }
  }

  /**
   * Gives an order's stock back (cancel, failed payment): booked units are unbooked; units already
   * assembled for a paid order that is cancelled before shipping go back into their warehouse
   * (O4: cancelling reverses all of it). Both return to the shelf. Releasing twice, or an order
   * never booked, changes nothing more.
   */
  async release(orderId: string, reason: string | null | undefined): Promise<Booking> {
    checkOrderId(orderId);
    return this.deps.outbox.transaction(async (tx) => {
      // A release that arrives before (or instead of) the booking leaves a tombstone, so a late book cannot hold stock for a cancelled order.
      await tx.insert(bookings).values({ orderId, status: 'RELEASED' }).onConflictDoNothing();
      const booking = await this.lock(tx, orderId);
      const lines = await this.linesOf(tx, orderId);
      if (booking.status === 'RELEASED') return view(booking, lines);
      // Booked units are still counted in quantity; assembled ones had left it (confirm).
      const restock = booking.status === 'ASSEMBLED';
      for (const line of sortLines(lines)) {
        await tx.update(shelfItems).set({ remaining: sql`${shelfItems.remaining} + ${line.quantity}` }).where(eq(shelfItems.id, line.shelfItemId));
        await tx
          .update(stock)
          .set(
            restock
              ? { quantity: sql`${stock.quantity} + ${line.quantity}`, updatedAt: new Date().toISOString() }
              : { booked: sql`${stock.booked} - ${line.quantity}`, updatedAt: new Date().toISOString() },
          )
          .where(and(eq(stock.warehouseId, line.warehouseId), eq(stock.skuId, line.skuId)));
      }
      const updated = await this.setStatus(tx, booking, 'RELEASED');
      await this.deps.outbox.add(tx, {
        type: InventoryEvents.StockReleased,
        aggregateId: orderId,
        aggregateVersion: updated.version,
        payload: { orderId, reason: reason ?? null, lines: lines.map(publicLine) },
      });
      return view(updated, lines);
    });
  }

  /** The order is paid: its booked units leave their warehouses (booked -> assembled). Idempotent. */
  async confirm(orderId: string): Promise<Booking> {
    checkOrderId(orderId);
    return this.deps.outbox.transaction(async (tx) => {
      const booking = await this.lock(tx, orderId);
      const lines = await this.linesOf(tx, orderId);
      if (booking.status === 'ASSEMBLED') return view(booking, lines);
      if (booking.status !== 'BOOKED') throw new AppError(ErrorCode.INVALID_STATE, `The stock of order ${orderId} is already ${booking.status}`);
      for (const line of sortLines(lines)) {
        await tx
          .update(stock)
          .set({
            quantity: sql`${stock.quantity} - ${line.quantity}`,
            booked: sql`${stock.booked} - ${line.quantity}`,
            updatedAt: new Date().toISOString(),
          })
          .where(and(eq(stock.warehouseId, line.warehouseId), eq(stock.skuId, line.skuId)));
      }
      const updated = await this.setStatus(tx, booking, 'ASSEMBLED');
      await this.deps.outbox.add(tx, {
        type: InventoryEvents.StockAssembled,
        aggregateId: orderId,
        aggregateVersion: updated.version,
        payload: { orderId, lines: lines.map(publicLine) },
      });
      return view(updated, lines);
    });
  }

  /** The booking of an order (which warehouse serves each line), or null. */
  async get(orderId: string): Promise<Booking | null> {
    const [booking] = await this.deps.db.select().from(bookings).where(eq(bookings.orderId, checkOrderId(orderId)));
    return booking ? view(booking, await this.linesOf(this.deps.db, orderId)) : null;
  }

  /**
   * Shelf then warehouse, line by line in SKU order (a fixed lock order: concurrent bookings
   * cannot deadlock).
   */
  private async take(tx: Tx, lines: { skuId: string; quantity: number }[]): Promise<{ line: Booking['lines'][number]; shelfItemId: string }[]> {
    const skuIds = lines.map((l) => l.skuId);
    // putOnShelf and takeOffShelf hold the product row FOR UPDATE. Holding it FOR SHARE (taken
    // with the booking's creation) orders every shelf change before or after this booking, never
    // in between; the shelf is read by a later statement, so it sees any change that committed
    // while we waited.
    const found = await shelvedSkus.run(tx, { skuIds: uuidList(skuIds) });
    const warehouseOrder = rankWarehouses(
      lines,
      found.flatMap((f) => (JSON.parse(f.unbooked) as [string, number][]).map(([warehouseId, available]) => ({ warehouseId, skuId: f.skuId, available }))),
    );
    const bySku = new Map(found.map((f) => [f.skuId, f]));
    const now = Date.now();
    for (const line of lines) {
      const sku = bySku.get(line.skuId);
      if (!sku) throw notFound(`SKU ${line.skuId}`);
      if (!sku.itemId || !isOnShelf(sku.shelf, now)) throw new AppError(ErrorCode.NOT_ON_SHELF, `SKU ${sku.code} is not on shelf`, { skuId: line.skuId });
    }

    const taken: { line: Booking['lines'][number]; shelfItemId: string }[] = [];
    for (const line of lines) {
      const sku = bySku.get(line.skuId)!;
      const warehouseId = await this.takeLine(tx, line, { code: sku.code, itemId: sku.itemId! }, warehouseOrder);
      taken.push({ line: { ...line, warehouseId }, shelfItemId: sku.itemId! });
    }
    return taken;
  }

  /**
   * Takes the line off its shelf item and books it in the first ranked warehouse whose
   * conditional update succeeds; returns that warehouse. Throws OUT_OF_STOCK when the shelf or
   * every warehouse is short (the booking's transaction then rolls back what was taken).
   */
  private async takeLine(
    tx: Tx,
    line: { skuId: string; quantity: number },
    sku: { code: string; itemId: string },
    order: { ranked: string[]; available: Map<string, number> },
  ): Promise<string> {
    const stocked = order.ranked.filter((w) => order.available.has(`${w}/${line.skuId}`));
    const enough = (w: string) => order.available.get(`${w}/${line.skuId}`)! >= line.quantity;
    // Warehouses that looked short are still tried, last: stock may have been added since the read.
    const [first, ...others] = [...stocked.filter(enough), ...stocked.filter((w) => !enough(w))];
    const updatedAt = new Date().toISOString();
    // The shelf together with the first warehouse (with none, the shelf alone says whether it is short).
    const [taken] = await shelveAndBook.run(tx, { itemId: sku.itemId, warehouseId: first ?? null, skuId: line.skuId, quantity: line.quantity, updatedAt });
    if (!taken.shelved) throw outOfStock(sku.code, line.skuId, 'shelf');
    if (taken.booked) return first;
    for (const warehouseId of others) {
      const [row] = await bookInWarehouse.run(tx, { warehouseId, skuId: line.skuId, quantity: line.quantity, updatedAt });
      if (row) return row.warehouse_id;
    }
    throw outOfStock(sku.code, line.skuId, 'warehouse');
  }

  /** A repeated book: the same lines return the booking; different lines are a conflict. */
  private async existing(tx: Tx, orderId: string, lines: { skuId: string; quantity: number }[]): Promise<Booking> {
    const [booking] = await tx.select().from(bookings).where(eq(bookings.orderId, orderId));
    if (booking.status === 'RELEASED') throw new AppError(ErrorCode.INVALID_STATE, `The stock of order ${orderId} was released`);
    const stored = await this.linesOf(tx, orderId);
    const same =
      stored.length === lines.length && stored.every((s) => lines.some((l) => l.skuId === s.skuId && l.quantity === s.quantity));
    if (!same) throw new AppError(ErrorCode.IDEMPOTENCY_CONFLICT, `Order ${orderId} was booked with other lines`);
    return view(booking, stored);
  }

  /** Records, in a transaction of its own, that an order's stock could not be booked (O5). */
  private async negative(orderId: string, err: AppError): Promise<void> {
    try {
      await this.deps.outbox.transaction((tx) =>
        this.deps.outbox.add(tx, {
          type: InventoryEvents.StockNegative,
          aggregateId: orderId,
          aggregateVersion: 1,
          payload: { orderId, code: err.code, reason: err.message, skuId: err.extensions.skuId ?? null },
        }),
      );
    } catch (recordErr) {
      // The caller gets the booking failure either way; the event is the asynchronous echo of it.
      this.deps.log.error({ err: recordErr, orderId }, 'StockNegative not recorded');
    }
  }

  private async lock(tx: Tx, orderId: string): Promise<BookingRow> {
    const [row] = await tx.select().from(bookings).where(eq(bookings.orderId, orderId)).for('update');
    if (!row) throw notFound(`Booking of order ${orderId}`);
    return row;
  }

  private linesOf(tx: Queryable, orderId: string): Promise<BookingLineRow[]> {
    return tx.select().from(bookingLines).where(eq(bookingLines.orderId, orderId)).orderBy(asc(bookingLines.skuId));
  }

  private async setStatus(tx: Tx, booking: BookingRow, status: BookingStatus): Promise<BookingRow> {
    const [row] = await tx
      .update(bookings)
      .set({ status, version: booking.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(bookings.orderId, booking.orderId))
      .returning();
    return row;
  }
}

/**
 * Warehouses able to serve a booking's lines, best first: those that can serve more of the
 * order's lines come first (so an order stays in one warehouse when it can), then the fuller
 * ones. `unbooked` is read before any stock row is locked, so concurrent bookings may have
 * changed it: it only orders the attempts, and the conditional update decides.
 */
function rankWarehouses(lines: { skuId: string; quantity: number }[], unbooked: { warehouseId: string; skuId: string; available: number }[]) {
  const need = new Map(lines.map((l) => [l.skuId, l.quantity]));
  const score = new Map<string, { covers: number; available: number }>();
  for (const row of unbooked) {
    const s = score.get(row.warehouseId) ?? { covers: 0, available: 0 };
    if (row.available >= need.get(row.skuId)!) s.covers++;
    s.available += row.available;
    score.set(row.warehouseId, s);
  }
  const ranked = [...score].sort(([a, x], [b, y]) => y.covers - x.covers || y.available - x.available || a.localeCompare(b)).map(([id]) => id);
  const available = new Map(unbooked.map((r) => [`${r.warehouseId}/${r.skuId}`, r.available]));
  return { ranked, available };
}

const NEGATIVE = new Set<string>([ErrorCode.OUT_OF_STOCK, ErrorCode.NOT_ON_SHELF, ErrorCode.NOT_FOUND]);

function outOfStock(code: string, skuId: string, where: 'shelf' | 'warehouse'): AppError {
  const message = where === 'shelf' ? `SKU ${code} is sold out on the shelf` : `No warehouse has enough stock of SKU ${code}`;
  return new AppError(ErrorCode.OUT_OF_STOCK, message, { skuId });
}

function checkOrderId(orderId: string): string {
  if (typeof orderId !== 'string' || orderId.length === 0 || orderId.length > 100) throw badInput('orderId', 'orderId must be 1 to 100 characters');
  return orderId;
}

/** One line per SKU (quantities of repeated SKUs added up), in SKU order. */
function mergeLines(lines: BookInput['lines']): { skuId: string; quantity: number }[] {
  if (!Array.isArray(lines) || lines.length === 0) throw badInput('lines', 'A booking needs at least one line');
  if (lines.length > MAX_LINES) throw badInput('lines', `A booking has at most ${MAX_LINES} lines`);
  const merged = new Map<string, number>();
  lines.forEach((line, i) => {
    if (typeof line.skuId !== 'string' || !isUuid(line.skuId)) throw notFound(`SKU ${String(line.skuId)}`);
    intInRange(`lines.${i}.quantity`, line.quantity, 1, MAX_LINE_QUANTITY);
    merged.set(line.skuId, (merged.get(line.skuId) ?? 0) + line.quantity);
  });
  return [...merged].map(([skuId, quantity]) => ({ skuId, quantity })).sort((a, b) => a.skuId.localeCompare(b.skuId));
}

const sortLines = (lines: BookingLineRow[]) => [...lines].sort((a, b) => a.skuId.localeCompare(b.skuId));
const publicLine = (line: BookingLineRow) => ({ skuId: line.skuId, quantity: line.quantity, warehouseId: line.warehouseId });
const view = (booking: BookingRow, lines: BookingLineRow[]): Booking => ({
  orderId: booking.orderId,
  status: booking.status as BookingStatus,
  lines: lines.map(publicLine),
});
