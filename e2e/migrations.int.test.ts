/**
 * Every service's migrations apply to its own Postgres schema, and two instances starting at
 * once (here: two concurrent runs; on Postgres two separate pools) apply each migration once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cartMigrations } from '@shop/cart';
import { couponsMigrations } from '@shop/coupons';
import { inventoryMigrations } from '@shop/inventory';
import { ordersMigrations } from '@shop/orders';
import { paymentsMigrations } from '@shop/payments';
import { migrate, openDatabase, queryRows, type Database } from '@shop/platform';
import { createTestEnvironment, isDistributed, type TestEnvironment } from '@shop/platform/testing';
import { sql } from 'drizzle-orm';

const services: Record<string, string> = {
  accounts: fileURLToPath(new URL('../subgraphs/accounts/src/db/migrations', import.meta.url)),
  inventory: inventoryMigrations,
  cart: cartMigrations,
  coupons: couponsMigrations,
  orders: ordersMigrations,
  payments: paymentsMigrations,
  notifications: fileURLToPath(new URL('../subgraphs/notifications/src/db/migrations', import.meta.url)),
};

let environment: TestEnvironment;
let databases: Database[];

beforeAll(async () => {
  environment = await createTestEnvironment();
  const open = () => openDatabase({ databaseUrl: environment.env.DATABASE_URL, dataDir: environment.env.DATA_DIR ?? 'memory://', poolSize: 4 });
  const one = await open();
  // PGlite is one in-process instance; Postgres gets a second pool, as a second process would.
  databases = isDistributed ? [one, await open()] : [one, one];
});

afterAll(async () => {
  for (const db of new Set(databases)) await db.close();
  await environment.dispose();
});

it('applies every service migration once when two instances start together', async () => {
  const runs = await Promise.all(
    Object.entries(services).flatMap(([name, folder]) => databases.map((db) => migrate(db, name, folder).then((applied) => ({ name, applied })))),
  );
  for (const [name, folder] of Object.entries(services)) {
    const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const tags = journal.entries.map((e) => e.tag);
    const applied = runs.filter((r) => r.name === name).flatMap((r) => r.applied);
    expect(applied, name).toEqual(tags);
    const rows = await queryRows<{ tag: string }>(databases[0].db, sql.raw(`select tag from "${name}"."__migrations" order by tag`));
    expect(rows.map((r) => r.tag), name).toEqual(tags);
    const tables = await queryRows<{ table_name: string }>(
      databases[0].db,
      sql`select table_name from information_schema.tables where table_schema = ${name} order by table_name`,
    );
    expect(tables.map((t) => t.table_name), name).toEqual(expect.arrayContaining(['__migrations', 'inbox', 'outbox']));
  }
  const again = await Promise.all(Object.entries(services).map(([name, folder]) => migrate(databases[1], name, folder)));
  expect(again.flat()).toEqual([]);
});
