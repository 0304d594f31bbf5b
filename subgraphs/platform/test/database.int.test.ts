/**
 * Database contract (PGlite | Postgres), both variants in every test mode: migrations applied
 * once under concurrency, edited migrations refused, and the helpers that hide the drivers.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, gte, sql, type SQL } from 'drizzle-orm';
import { integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  advisoryXactLock,
  anyUuidOf,
  insertJsonRecords,
  jsonRowOf,
  migrate,
  rowsFromJson,
  openDatabase,
  queryRows,
  SqlStatement,
  Statement,
  uuidList,
  uuidv7,
  type Database,
  type Queryable,
} from '../src/index.js';
import { createTestDatabase, createTestEnvironment, type TestDatabase, type TestEnvironment } from '../src/testing/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/migrate-migrations', import.meta.url));
const SCHEMA = 'mig_test';
const TAGS = ['0000_create', '0001_seed'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path, 'utf8')).digest('hex');

interface Variant {
  kind: 'pglite' | 'postgres';
  /** Prepares the variant's database for the file. */
  setup(): Promise<void>;
  /**
   * A handle as a second process would have it: on Postgres a new pool on the same database;
   * PGlite has a single connection, so the same handle again.
   */
  open(): Promise<Database>;
  teardown(): Promise<void>;
}

// Shared by both variants: a Statement is prepared once per driver.
const items = pgSchema(SCHEMA).table('items', { id: uuid('id').primaryKey(), n: integer('n').notNull() });
const atLeast = new Statement((db) =>
  db.select({ n: items.n }).from(items).where(sql`${anyUuidOf(items.id, 'ids')} and ${gte(items.n, sql.placeholder('min'))}`).orderBy(items.n),
);
const add = new Statement((db) =>
  db.update(items).set({ n: sql`${items.n} + ${sql.placeholder('by')}` }).where(eq(items.id, sql.placeholder('id'))).returning({ n: items.n }),
);
/** Rows of every kind jsonb_to_recordset must carry: jsonb, a text array, a timestamp, a default. */
const notes = pgSchema(SCHEMA).table('notes', {
  id: uuid('id').primaryKey(),
  itemId: uuid('item_id').notNull(),
  body: jsonb('body').$type<{ lines: string[] }>().notNull(),
  tags: text('tags').array().notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  kind: text('kind').notNull().default('plain'),
});
/** The notes of an item as JSON objects, read back with rowsFromJson. */
const notesAsJson = new SqlStatement<{ notes: Record<string, unknown>[] }>(
  () => sql`select coalesce(json_agg(${jsonRowOf(notes, 'n')} order by n.id), '[]'::json) as notes from ${notes} n where n.item_id = ${sql.placeholder('itemId')}::uuid`,
);
/** Notes for an item, written only when the item exists, and how many items matched: one statement. */
const noteItem = new SqlStatement<{ matched: number }>(
  () => sql`with item as (select id from ${items} where id = ${sql.placeholder('itemId')} for update),
    written as (${insertJsonRecords(notes, sql.placeholder('notes'), { columns: ['id', 'itemId', 'body', 'tags', 'at'], where: sql`where exists (select 1 from item)` })})
    select count(*)::int as matched from item`,
);

let env: TestEnvironment;
let postgresDb: TestDatabase | undefined;

beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => {
  await postgresDb?.dispose();
  await env?.dispose();
});

const pglite = (): Variant => {
  let database: Database | undefined;
  return {
    kind: 'pglite',
    setup: async () => {
      database = await openDatabase({ dataDir: 'memory://' });
    },
    open: async () => database!,
    teardown: async () => {
      await database?.close();
    },
  };
};

const postgresVariant = (): Variant => {
  let url = '';
  return {
    kind: 'postgres',
    setup: async () => {
      // The environment's own database in the distributed mode; a new one otherwise.
      if (env.env.DATABASE_URL) url = env.env.DATABASE_URL;
      else {
        postgresDb = await createTestDatabase();
        url = postgresDb.url;
      }
    },
    open: () => openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 4 }),
    teardown: async () => {},
  };
};

describe.each([pglite(), postgresVariant()])('Database contract ($kind)', (variant) => {
  let opened: Database[];
  let folder: string;

  const open = async () => {
    const database = await variant.open();
    if (!opened.includes(database)) opened.push(database);
    return database;
  };
  const applied = async (database: Database) =>
    queryRows<{ tag: string; hash: string }>(database.db, sql.raw(`select tag, hash from "${SCHEMA}"."__migrations" order by tag`));
  const things = async (database: Database) =>
    queryRows<{ name: string }>(database.db, sql.raw(`select name from "${SCHEMA}"."things"`));

  beforeAll(() => variant.setup());
  afterAll(() => variant.teardown());

  beforeEach(async () => {
    opened = [];
    folder = mkdtempSync(join(tmpdir(), 'shop-migrate-'));
    cpSync(FIXTURE, folder, { recursive: true });
    const database = await open();
    await database.db.execute(sql.raw(`drop schema if exists "${SCHEMA}" cascade`));
  });

  afterEach(async () => {
    rmSync(folder, { recursive: true, force: true });
    for (const database of opened) if (database.kind === 'postgres') await database.close();
  });

  it('answers ping and returns rows from raw SQL', async () => {
    const database = await open();
    expect(database.kind).toBe(variant.kind);
    await expect(database.ping()).resolves.toBeUndefined();
    const rows = await queryRows<{ n: number; s: string }>(database.db, sql`select 41 + 1 as n, ${'text'}::text as s`);
    expect(rows).toEqual([{ n: 42, s: 'text' }]);
  });

  it('applies each migration once when two migrate() calls race, and nothing on a re-run', async () => {
    const [a, b] = [await open(), await open()];
    expect(a === b).toBe(variant.kind === 'pglite');

    const results = await Promise.all([migrate(a, SCHEMA, folder), migrate(b, SCHEMA, folder)]);
    expect([...results].sort((x, y) => y.length - x.length)).toEqual([TAGS, []]);

    expect(await applied(a)).toEqual(TAGS.map((tag) => ({ tag, hash: sha256(join(folder, `${tag}.sql`)) })));
    // 0001_seed inserts a row and adds a column: run twice it would have failed or doubled.
    expect(await things(b)).toEqual([{ name: 'seeded' }]);

    expect(await migrate(a, SCHEMA, folder)).toEqual([]);
    expect(await migrate(b, SCHEMA, folder)).toEqual([]);
    expect(await applied(b)).toHaveLength(2);
    expect(await things(a)).toHaveLength(1);
  });

  it('applies only new migrations, and refuses an applied migration whose file changed', async () => {
    const database = await open();
    expect(await migrate(database, SCHEMA, folder)).toEqual(TAGS);

    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
    journal.entries.push({ idx: 2, version: '7', when: 1760000200000, tag: '0002_more', breakpoints: true });
    writeFileSync(journalPath, JSON.stringify(journal));
    writeFileSync(join(folder, '0002_more.sql'), `INSERT INTO "${SCHEMA}"."things" ("name") VALUES ('more');`);
    expect(await migrate(database, SCHEMA, folder)).toEqual(['0002_more']);

    appendFileSync(join(folder, '0001_seed.sql'), '\n-- edited after it was applied\n');
    journal.entries.push({ idx: 3, version: '7', when: 1760000300000, tag: '0003_never', breakpoints: true });
    writeFileSync(journalPath, JSON.stringify(journal));
    writeFileSync(join(folder, '0003_never.sql'), `INSERT INTO "${SCHEMA}"."things" ("name") VALUES ('never');`);

    await expect(migrate(database, SCHEMA, folder)).rejects.toThrow(
      `migration ${SCHEMA}/0001_seed changed after it was applied`,
    );
    // Nothing of that run stayed.
    expect((await applied(database)).map((r) => r.tag)).toEqual([...TAGS, '0002_more']);
    expect((await things(database)).map((r) => r.name).sort()).toEqual(['more', 'seeded']);
  });

  it('rolls back every migration of a run when one fails', async () => {
    const database = await open();
    writeFileSync(join(folder, '0001_seed.sql'), `INSERT INTO "${SCHEMA}"."things" ("name") VALUES ('x');\n--> statement-breakpoint\nSELECT no_such_function();`);
    await expect(migrate(database, SCHEMA, folder)).rejects.toThrow(/no_such_function/);
    const rows = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from information_schema.tables where table_schema = ${SCHEMA} and table_name = 'things'`,
    );
    expect(rows[0].n).toBe(0);
    await expect(migrate(database, 'bad-name; drop', folder)).rejects.toThrow('bad schema name');
  });

  it('runs Statements, built once, on the database and inside transactions', async () => {
    const database = await open();
    await database.db.execute(sql.raw(`create schema if not exists "${SCHEMA}"`));
    await database.db.execute(sql.raw(`create table "${SCHEMA}"."items" (id uuid primary key, n integer not null)`));
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    await database.db.insert(items).values([{ id: a, n: 1 }, { id: b, n: 2 }]);

    const ns = async (on: Queryable, ids: string[], min = 0) => (await atLeast.run(on, { ids: uuidList(ids), min })).map((r) => r.n);

    expect(await ns(database.db, [a, b])).toEqual([1, 2]);
    expect(await ns(database.db, [a, b], 2)).toEqual([2]);
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(items).values({ id: c, n: 3 });
        // The transaction's own row and change are seen: the statement ran on its connection.
        expect(await add.run(tx, { id: a, by: 10 })).toEqual([{ n: 11 }]);
        expect(await ns(tx, [a, b, c])).toEqual([2, 3, 11]);
        if (variant.kind === 'postgres') expect(await ns(database.db, [a, b, c])).toEqual([1, 2]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await ns(database.db, [a, b, c])).toEqual([1, 2]);
    expect(await add.run(database.db, { id: b, by: 5 })).toEqual([{ n: 7 }]);
  });

  it('runs SqlStatements with JSON-record inserts, conditional on a CTE, on the database and inside transactions', async () => {
    const database = await open();
    await database.db.execute(sql.raw(`create schema if not exists "${SCHEMA}"`));
    await database.db.execute(sql.raw(`create table "${SCHEMA}"."items" (id uuid primary key, n integer not null)`));
    await database.db.execute(
      sql.raw(
        `create table "${SCHEMA}"."notes" (id uuid primary key, item_id uuid not null, body jsonb not null, tags text[] not null, at timestamptz not null, kind text not null default 'plain')`,
      ),
    );
    const item = uuidv7();
    await database.db.insert(items).values({ id: item, n: 1 });
    const note = (itemId: string, tag: string) => ({ id: uuidv7(), itemId, body: { lines: ['a "quoted" line', 'ü'] }, tags: [tag, 'x,y'], at: '2026-01-02T03:04:05.678Z' });
    const stored = async () =>
      (await database.db.select().from(notes).orderBy(notes.id)).map((n) => ({ ...n, at: new Date(n.at).toISOString() }));

    const two = [note(item, 'one'), note(item, 'two')];
    expect(await noteItem.run(database.db, { itemId: item, notes: JSON.stringify(two) })).toEqual([{ matched: 1 }]);
    expect(await stored()).toEqual(two.map((n) => ({ ...n, kind: 'plain' })).sort((a, b) => a.id.localeCompare(b.id)));

    // No such item: nothing written.
    const missing = uuidv7();
    expect(await noteItem.run(database.db, { itemId: missing, notes: JSON.stringify([note(missing, 'three')]) })).toEqual([{ matched: 0 }]);
    await expect(
      database.db.transaction(async (tx) => {
        expect(await noteItem.run(tx, { itemId: item, notes: JSON.stringify([note(item, 'four')]) })).toEqual([{ matched: 1 }]);
        expect(await tx.select().from(notes)).toHaveLength(3);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await stored()).toHaveLength(2);

    // Read back from JSON objects, every kind of column comes as drizzle's own select has it.
    const [{ notes: objects }] = await notesAsJson.run(database.db, { itemId: item });
    expect(rowsFromJson(notes, objects)).toEqual(await database.db.select().from(notes).orderBy(notes.id));
    expect((await notesAsJson.run(database.db, { itemId: missing }))[0].notes).toEqual([]);
  });

  it('runs holders of one advisory lock one at a time', async () => {
    const [a, b] = [await open(), await open()];
    await a.db.execute(sql.raw(`create schema if not exists "${SCHEMA}"`));
    await a.db.execute(sql.raw(`create table "${SCHEMA}"."counter" (n integer not null)`));
    await a.db.execute(sql.raw(`insert into "${SCHEMA}"."counter" values (0)`));
    // Read-modify-write with a pause in between: without the lock, one increment is lost.
    const increment = (database: Database) =>
      database.db.transaction(async (tx) => {
        await advisoryXactLock(tx, 'test.counter');
        const [{ n }] = await queryRows<{ n: number }>(tx, sql.raw(`select n from "${SCHEMA}"."counter"`));
        await sleep(50);
        await tx.execute(sql.raw(`update "${SCHEMA}"."counter" set n = ${n + 1}`));
      });
    await Promise.all([increment(a), increment(b), increment(a), increment(b)]);
    const [{ n }] = await queryRows<{ n: number }>(a.db, sql.raw(`select n from "${SCHEMA}"."counter"`));
    expect(n).toBe(4);
  });
});

describe('Postgres statements', () => {
  let database: Database;
  let own: TestDatabase | undefined;

  beforeAll(async () => {
    let url = env.env.DATABASE_URL;
    if (!url) {
      own = await createTestDatabase();
      url = own.url;
    }
    // One connection, so every statement below lands on the connection whose prepared statements are read.
    database = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 1, maxPreparedStatements: 3 });
  });
  afterAll(async () => {
    await database?.close();
    await own?.dispose();
  });

  it('prepares parameterised statements, in transactions and savepoints too, up to the cap', async () => {
    const prepared = async () =>
      (await queryRows<{ statement: string }>(database.db, sql.raw(`select statement from pg_prepared_statements where statement like 'select $1::int + %'`))).map((r) => r.statement).sort();
    const n = async (db: Queryable, query: SQL) => (await queryRows<{ n: number }>(db, query))[0].n;

    expect(await prepared()).toEqual([]);
    expect(await n(database.db, sql`select ${1}::int + 1 as n`)).toBe(2);
    await database.db.transaction(async (tx) => {
      expect(await n(tx, sql`select ${2}::int + 2 as n`)).toBe(4);
      await tx.transaction(async (savepoint) => {
        expect(await n(savepoint, sql`select ${3}::int + 3 as n`)).toBe(6);
      });
    });
    // Past the cap: answered all the same, but unnamed.
    expect(await n(database.db, sql`select ${4}::int + 4 as n`)).toBe(8);
    // A prepared text runs again with other values.
    expect(await n(database.db, sql`select ${10}::int + 1 as n`)).toBe(11);

    expect(await prepared()).toEqual(['select $1::int + 1 as n', 'select $1::int + 2 as n', 'select $1::int + 3 as n']);
  });
});
