import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The accounts service's own Postgres schema; no other service reads or writes it. */
export const accountsSchema = pgSchema('accounts');

export const accounts = accountsSchema.table(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    /** Lower-cased at write time; unique. */
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    phone: text('phone'),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull().default(sql`'{CUSTOMER}'::text[]`),
    level: text('level').notNull().default('REGULAR'),
    channels: text('channels').array().notNull().default(sql`'{EMAIL}'::text[]`),
    locale: text('locale').notNull().default('EN'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    check('accounts_level_check', sql`${t.level} in ('REGULAR', 'VIP', 'PROMOTER')`),
    check('accounts_locale_check', sql`${t.locale} in ('EN', 'ZH', 'RU')`),
    index('accounts_created_idx').on(t.createdAt, t.id),
  ],
);

export const addresses = accountsSchema.table(
  'addresses',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    line1: text('line1').notNull(),
    line2: text('line2'),
    city: text('city').notNull(),
    region: text('region').notNull(),
    country: text('country').notNull(),
    postalCode: text('postal_code').notNull(),
    phone: text('phone'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('addresses_account_idx').on(t.accountId)],
);

export const swimmers = accountsSchema.table(
  'swimmers',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('swimmers_account_idx').on(t.accountId)],
);

export const { outbox, inbox } = messagingTables(accountsSchema);

export type AccountRow = typeof accounts.$inferSelect;
export type AddressRow = typeof addresses.$inferSelect;
export type SwimmerRow = typeof swimmers.$inferSelect;
