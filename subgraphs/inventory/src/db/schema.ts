import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The inventory service's own Postgres schema; no other service reads or writes it. */
export const inventorySchema = pgSchema('inventory');

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

export const products = inventorySchema.table(
  'products',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    /** The latest shelf (put on or taken off): what the catalogue shows and filters on. */
    currentShelfId: uuid('current_shelf_id'),
    createdAt: createdAt(),
  },
  (t) => [
    // Trigram indexes serve both the fragment (ILIKE) and the typo-tolerant (<%) search.
    index('products_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('products_current_shelf_idx').on(t.currentShelfId),
  ],
);

export const skus = inventorySchema.table(
  'skus',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** Unique across the catalogue, upper-cased. */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** Order of the SKU within its product, as given at creation. */
    position: integer('position').notNull(),
  },
  (t) => [index('skus_product_idx').on(t.productId, t.position)],
);

export const warehouses = inventorySchema.table('warehouses', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  region: text('region'),
  createdAt: createdAt(),
});

/**
 * Stock of one SKU in one warehouse. `booked` is held for orders not yet paid; the CHECKs make
 * overselling impossible whatever the interleaving of writers.
 */
export const stock = inventorySchema.table(
  'stock',
  {
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    skuId: uuid('sku_id')
      .notNull()
      .references(() => skus.id),
    quantity: integer('quantity').notNull(),
    booked: integer('booked').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.warehouseId, t.skuId] }),
    index('stock_sku_idx').on(t.skuId),
    check('stock_quantity_check', sql`${t.quantity} >= 0`),
    check('stock_booked_check', sql`${t.booked} >= 0 and ${t.booked} <= ${t.quantity}`),
  ],
);

/** One on-shelf action's window, freight and placement (O1); a product's later shelf supersedes it. */
export const shelves = inventorySchema.table(
  'shelves',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'string' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'string' }),
    takenOffAt: timestamp('taken_off_at', { withTimezone: true, mode: 'string' }),
    freightAmount: integer('freight_amount').notNull(),
    currency: text('currency').notNull(),
    placement: text('placement').notNull().default('NORMAL'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('shelves_product_idx').on(t.productId),
    check('shelves_window_check', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    check('shelves_freight_check', sql`${t.freightAmount} >= 0`),
    check('shelves_placement_check', sql`${t.placement} in ('NORMAL', 'HOT', 'CAMPAIGN')`),
  ],
);

/** A price per customer level, in minor units of the shelf's currency. */
export type LevelPrices = Record<'REGULAR' | 'VIP' | 'PROMOTER', number>;

export const shelfItems = inventorySchema.table(
  'shelf_items',
  {
    id: uuid('id').primaryKey(),
    shelfId: uuid('shelf_id')
      .notNull()
      .references(() => shelves.id),
    skuId: uuid('sku_id')
      .notNull()
      .references(() => skus.id),
    shelfQuantity: integer('shelf_quantity').notNull(),
    /** Shelf quantity not yet booked by orders (O2, O4). */
    remaining: integer('remaining').notNull(),
    originalPrice: integer('original_price').notNull(),
    prices: jsonb('prices').$type<LevelPrices>().notNull(),
  },
  (t) => [
    uniqueIndex('shelf_items_shelf_sku_idx').on(t.shelfId, t.skuId),
    index('shelf_items_sku_idx').on(t.skuId),
    check('shelf_items_remaining_check', sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.shelfQuantity}`),
    check('shelf_items_price_check', sql`${t.originalPrice} >= 0`),
  ],
);

/** Every shelf action (O3): who did what to which shelf, when. */
export const shelfEvents = inventorySchema.table(
  'shelf_events',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    shelfId: uuid('shelf_id')
      .notNull()
      .references(() => shelves.id),
    action: text('action').notNull(),
    actorId: uuid('actor_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('shelf_events_product_idx').on(t.productId, t.at)],
);

/** Stock held for one order (O4, M10 stock statuses); the order id is the idempotency key. */
export const bookings = inventorySchema.table(
  'bookings',
  {
    orderId: text('order_id').primaryKey(),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [check('bookings_status_check', sql`${t.status} in ('BOOKED', 'RELEASED', 'ASSEMBLED')`)],
);

/** One line of a booking: which shelf item and which warehouse it took its units from. */
export const bookingLines = inventorySchema.table(
  'booking_lines',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => bookings.orderId),
    skuId: uuid('sku_id')
      .notNull()
      .references(() => skus.id),
    shelfItemId: uuid('shelf_item_id')
      .notNull()
      .references(() => shelfItems.id),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.skuId] }), check('booking_lines_quantity_check', sql`${t.quantity} > 0`)],
);

export const swimClasses = inventorySchema.table(
  'swim_classes',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'string' }).notNull(),
    seatsTotal: integer('seats_total').notNull(),
    /** Seats neither held nor registered (C1); class registration takes and gives them back. */
    seatsRemain: integer('seats_remain').notNull(),
    priceAmount: integer('price_amount').notNull(),
    currency: text('currency').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    index('swim_classes_starts_idx').on(t.startsAt, t.id),
    check('swim_classes_seats_check', sql`${t.seatsTotal} > 0 and ${t.seatsRemain} >= 0 and ${t.seatsRemain} <= ${t.seatsTotal}`),
    check('swim_classes_price_check', sql`${t.priceAmount} >= 0`),
  ],
);

/**
 * A swimmer's place in a class (C1, C7): the class's "carted" reservations (HELD, with the cart
 * that holds the seat) and its students (REGISTERED) in one table. Every HELD or REGISTERED row
 * owns one seat of its class, so `seats_remain + held + registered = seats_total` always; the
 * partial unique index keeps one such row per swimmer and class.
 */
export const registrations = inventorySchema.table(
  'registrations',
  {
    id: uuid('id').primaryKey(),
    classId: uuid('class_id')
      .notNull()
      .references(() => swimClasses.id),
    swimmerId: uuid('swimmer_id').notNull(),
    /** The account the swimmer belongs to (accounts owns it; checked by the caller). */
    accountId: uuid('account_id').notNull(),
    /** As it was when the seat was taken: events and notifications quote it. */
    swimmerName: text('swimmer_name').notNull(),
    /** The cart holding the seat; null for a waitlist offer not yet in a cart. */
    cartId: text('cart_id'),
    /** The order that paid for it, once REGISTERED. */
    orderId: text('order_id'),
    status: text('status').notNull(),
    /** The class price when the seat was taken, in minor units of `currency`. */
    priceAmount: integer('price_amount').notNull(),
    currency: text('currency').notNull(),
    heldAt: timestamp('held_at', { withTimezone: true, mode: 'string' }).notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'string' }),
    canceledAt: timestamp('canceled_at', { withTimezone: true, mode: 'string' }),
    /** A waitlist offer lapses after this unless its cart is being paid. */
    holdUntil: timestamp('hold_until', { withTimezone: true, mode: 'string' }),
    /** Why it was released, cancelled or moved. */
    reason: text('reason'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('registrations_active_swimmer_idx').on(t.classId, t.swimmerId).where(sql`${t.status} in ('HELD', 'REGISTERED')`),
    index('registrations_cart_idx').on(t.cartId).where(sql`${t.status} = 'HELD'`),
    index('registrations_held_idx').on(t.heldAt).where(sql`${t.status} = 'HELD'`),
    index('registrations_order_idx').on(t.orderId),
    index('registrations_account_idx').on(t.accountId, t.heldAt),
    index('registrations_swimmer_idx').on(t.swimmerId).where(sql`${t.status} = 'REGISTERED'`),
    index('registrations_class_idx').on(t.classId, t.registeredAt).where(sql`${t.status} = 'REGISTERED'`),
    check('registrations_status_check', sql`${t.status} in ('HELD', 'REGISTERED', 'CANCELED')`),
    check('registrations_price_check', sql`${t.priceAmount} >= 0`),
  ],
);

/**
 * The line of swimmers waiting for a seat of a full class. WAITING entries are served oldest
 * first: the seat that comes back goes to the first one as a HELD registration (OFFERED).
 */
export const waitlistEntries = inventorySchema.table(
  'waitlist_entries',
  {
    id: uuid('id').primaryKey(),
    classId: uuid('class_id')
      .notNull()
      .references(() => swimClasses.id),
    swimmerId: uuid('swimmer_id').notNull(),
    accountId: uuid('account_id').notNull(),
    swimmerName: text('swimmer_name').notNull(),
    status: text('status').notNull(),
    /** The seat offered to the swimmer, once OFFERED. */
    registrationId: uuid('registration_id').references(() => registrations.id),
    joinedAt: timestamp('joined_at', { withTimezone: true, mode: 'string' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('waitlist_waiting_swimmer_idx').on(t.classId, t.swimmerId).where(sql`${t.status} = 'WAITING'`),
    index('waitlist_line_idx').on(t.classId, t.joinedAt, t.id).where(sql`${t.status} = 'WAITING'`),
    index('waitlist_swimmer_idx').on(t.swimmerId).where(sql`${t.status} = 'WAITING'`),
    check('waitlist_status_check', sql`${t.status} in ('WAITING', 'OFFERED', 'LEFT')`),
  ],
);

export const { outbox, inbox } = messagingTables(inventorySchema);

export type ProductRow = typeof products.$inferSelect;
export type SkuRow = typeof skus.$inferSelect;
export type WarehouseRow = typeof warehouses.$inferSelect;
export type StockRow = typeof stock.$inferSelect;
export type ShelfRow = typeof shelves.$inferSelect;
export type ShelfItemRow = typeof shelfItems.$inferSelect;
export type ShelfEventRow = typeof shelfEvents.$inferSelect;
export type BookingRow = typeof bookings.$inferSelect;
export type BookingLineRow = typeof bookingLines.$inferSelect;
export type SwimClassRow = typeof swimClasses.$inferSelect;
export type RegistrationRow = typeof registrations.$inferSelect;
export type WaitlistRow = typeof waitlistEntries.$inferSelect;
/** An account as inventory knows it: its id (accounts owns the rest). */
export interface AccountRef {
  id: string;
}
/** A swimmer as inventory knows it: its id (accounts owns the rest). */
export interface SwimmerRef {
  id: string;
}
