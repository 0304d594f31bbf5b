import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

/** A drizzle handle over either driver; services write their queries against this. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A drizzle transaction over either driver. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything a query can run on: the database or an open transaction. */
export type Queryable = Db | Tx;

/**
 * The process's one database: PGlite (embedded, single connection, data under DATA_DIR) or a
 * postgres.js pool (DATABASE_URL). Every subgraph shares it and keeps to its own Postgres schema.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory, or `memory://` to keep nothing. */
  dataDir: string;
  poolSize?: number;
  /** Postgres only: distinct statement texts prepared at most (MAX_PREPARED_STATEMENTS). */
  maxPreparedStatements?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      idle_timeout: 30,
      connection: { application_name: 'shop' },
    });
    const db = drizzlePostgres(preparing(client, options.maxPreparedStatements ?? MAX_PREPARED_STATEMENTS)) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir.startsWith('memory://')
    ? options.dataDir
    : ensureDir(resolve(options.dataDir, 'pglite'));
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

/**
 * How many distinct statement texts one database handle prepares. Most texts repeat (a service has a
 * few hundred queries), but a batch's `in ($1, …, $n)` differs with every n; past the cap a new
 * text runs unnamed, as drizzle would send it, so no connection keeps more than this many
 * statements whatever the batch sizes.
 */
export const MAX_PREPARED_STATEMENTS = 1000;

/**
 * The postgres.js client as drizzle sees it, with statements prepared on their connection.
 * drizzle sends its queries unnamed, for which postgres.js makes two round trips (describe the
 * parameters, then bind and execute) and Postgres parses and plans the text every time; a
 * prepared statement seen before on a connection is one round trip and keeps its parse and plan
 * (measured on a checkout: ~40 % less Postgres CPU). Transactions and savepoints hand out their
 * own clients, wrapped the same way. Statements without parameters go as simple queries anyway.
 */
function preparing(client: postgres.Sql, limit: number, texts = new Set<string>()): postgres.Sql {
  const prepare = (query: string, parameters: readonly unknown[] | undefined): boolean => {
    if (!parameters?.length) return false;
    if (texts.has(query)) return true;
    if (texts.size >= limit) return false;
    texts.add(query);
    return true;
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      switch (property) {
        case 'unsafe':
          return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
            target.unsafe(query, parameters, { ...options, prepare: prepare(query, parameters) });
        case 'begin':
        case 'savepoint':
          return (...args: unknown[]) => {
            const body = args.pop() as (inner: postgres.Sql) => unknown;
            return (Reflect.get(target, property) as (...a: unknown[]) => unknown)(...args, (inner: postgres.Sql) => body(preparing(inner, limit, texts)));
          };
        default:
          return Reflect.get(target, property, receiver);
      }
    },
  });
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs raw SQL and returns its rows, whichever driver is underneath. */
export async function queryRows<T extends Record<string, unknown>>(
  db: Queryable,
  query: SQL,
): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Takes a transaction-scoped advisory lock: concurrent holders of the same key run one at a time. */
export async function advisoryXactLock(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** Postgres refused a row for a unique index (SQLSTATE 23505), through either driver and drizzle's wrapper. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}
