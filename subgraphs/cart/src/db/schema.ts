import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The cart service's own Postgres schema; no other service reads or writes it. */
export const cartSchema = pgSchema('cart');

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * One cart per account at a time (C2): the partial unique index lets an account have any number
 * of finished or detached carts but only one current one, whatever the interleaving of requests.
 */
export const carts = cartSchema.table(
  'carts',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    /** A CartState (domain/states.ts). */
    state: text('state').notNull(),
    /** Increases with every change of the cart or its lines (the checkout request hash includes it). */
    version: integer('version').notNull().default(1),
    /** When held seats go back (PENDING) or the unpaid checkout lapses (CHECKING). */
    expiresAt: timestamptz('expires_at'),
    /** The order the cart was checked out into. */
    orderId: text('order_id'),
    /** S6: the customer said "paid"; the cart left the app's view but its saga goes on. */
    detached: boolean('detached').notNull().default(false),
    /**
     * Set before the first seat hold is asked for, so a crash between the hold and its line still
     * leaves a cart whose end (cancel, expiry) gives the seat back.
     */
    holdsSeats: boolean('holds_seats').notNull().default(false),
    /** Why the cart ended (expired, cancelled by the customer, order cancelled). */
    reason: text('reason'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('carts_current_account_idx')
      .on(t.accountId)
      .where(sql`${t.state} not in ('APPLIED', 'DONE', 'EXPIRED', 'CANCELED') and not ${t.detached}`),
    index('carts_state_expires_idx').on(t.state, t.expiresAt),
    index('carts_order_idx').on(t.orderId),
    check(
      'carts_state_check',
      sql`${t.state} in ('ACTIVE', 'PENDING', 'CHECKING', 'APPLIED', 'DONE', 'EXPIRING', 'EXPIRED', 'CANCELING', 'CANCELED')`,
    ),
  ],
);

/**
 * A line of a cart: a SKU (merged per SKU) or a class seat held for one swimmer. The price the
 * customer saw when adding it is kept, so a later shelf price change shows as a problem instead
 * of silently changing what they pay.
 */
export const cartItems = cartSchema.table(
  'cart_items',
  {
    id: uuid('id').primaryKey(),
    cartId: uuid('cart_id')
      .notNull()
      .references(() => carts.id),
    skuId: uuid('sku_id'),
    productId: uuid('product_id'),
    classId: uuid('class_id'),
    swimmerId: uuid('swimmer_id'),
    /** The seat hold (inventory registration) a class line carries. */
    registrationId: text('registration_id'),
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    /** Unit price when added or last changed, in minor units of `currency`. */
    unitPrice: integer('unit_price').notNull(),
    currency: text('currency').notNull(),
    /** The customer level `unitPrice` was quoted for (null for classes). */
    priceLevel: text('price_level'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('cart_items_cart_idx').on(t.cartId, t.createdAt),
    uniqueIndex('cart_items_cart_sku_idx').on(t.cartId, t.skuId).where(sql`${t.skuId} is not null`),
    uniqueIndex('cart_items_registration_idx').on(t.registrationId).where(sql`${t.registrationId} is not null`),
    check('cart_items_quantity_check', sql`${t.quantity} > 0`),
    check('cart_items_price_check', sql`${t.unitPrice} >= 0`),
    check('cart_items_kind_check', sql`(${t.skuId} is not null) <> (${t.classId} is not null)`),
  ],
);

/**
 * Seat holds to give back because their line was removed: written with the removal, deleted once
 * inventory confirmed the release, retried by the recovery job in between (C4, C5).
 */
export const holdReleases = cartSchema.table('hold_releases', {
  registrationId: text('registration_id').primaryKey(),
  cartId: uuid('cart_id').notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/**
 * Seats offered from a class waitlist, recorded when the offer arrives and put into the
 * customer's cart right after (or by the recovery job): PENDING -> ADOPTED | SKIPPED.
 */
export const waitlistOffers = cartSchema.table(
  'waitlist_offers',
  {
    registrationId: text('registration_id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    classId: uuid('class_id').notNull(),
    swimmerId: uuid('swimmer_id').notNull(),
    title: text('title').notNull(),
    holdUntil: timestamptz('hold_until').notNull(),
    status: text('status').notNull().default('PENDING'),
    /** Why it was skipped. */
    note: text('note'),
    cartId: uuid('cart_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('waitlist_offers_status_idx').on(t.status),
    check('waitlist_offers_status_check', sql`${t.status} in ('PENDING', 'ADOPTED', 'SKIPPED')`),
  ],
);

/** Automatic promotions operators define (M12, S2 "mall discounts"). */
export const promotions = cartSchema.table(
  'promotions',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** PERCENT | AMOUNT. */
    kind: text('kind').notNull(),
    value: integer('value').notNull(),
    /** Products covered; empty: the whole cart. */
    productIds: uuid('product_ids').array().notNull(),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('promotions_window_idx').on(t.startsAt, t.endsAt),
    index('promotions_products_idx').using('gin', t.productIds),
    check('promotions_kind_check', sql`${t.kind} in ('PERCENT', 'AMOUNT')`),
    check('promotions_value_check', sql`${t.value} > 0 and (${t.kind} <> 'PERCENT' or ${t.value} <= 100)`),
    check('promotions_window_check', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
  ],
);

export const { outbox, inbox } = messagingTables(cartSchema);

export type CartRow = typeof carts.$inferSelect;
export type CartItemRow = typeof cartItems.$inferSelect;
export type PromotionRow = typeof promotions.$inferSelect;
export type WaitlistOfferRow = typeof waitlistOffers.$inferSelect;
