import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db, Queryable } from './database.js';

/** What a drizzle query builder turns into with `.prepare(name)`. */
interface Preparable<Result> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<Result> };
}

/** The driver session behind a drizzle database or transaction; a prepared query sends through its `client`. */
const sessionOf = (on: Queryable) => (on as unknown as { _: { session: { client: unknown } } })._.session;

/**
 * A query on a hot path whose SQL drizzle builds once, with `sql.placeholder`s for its values,
 * and which runs on the database or inside any of its transactions. drizzle otherwise builds a
 * query's SQL anew on every call — measured here ~40 µs for a small update and ~180 µs for a join
 * selecting whole rows, of a request that is a few milliseconds in all.
 *
 * drizzle binds a prepared query to the client it was built on; {@link run} hands it the client
 * of the database or transaction it is given instead (both drivers' prepared queries send
 * through their `client`), so one statement serves every transaction. It is prepared once per
 * driver (a test process may hold PGlite and Postgres databases at once).
 *
 * @example
 * const byOwner = new Statement((db) => db.select().from(carts).where(eq(carts.accountId, sql.placeholder('accountId'))));
 * const rows = await byOwner.run(tx, { accountId });
 */
export class Statement<Result> {
  private static count = 0;
  private readonly name = `statement_${++Statement.count}`;
  /** By the driver's session class. */
  private readonly prepared = new Map<unknown, ReturnType<Preparable<Result>['prepare']>>();

  constructor(private readonly build: (db: Db) => Preparable<Result>) {}

  /** Runs the statement on `on` with a value for each of its placeholders, by name. */
  run(on: Queryable, values: Record<string, unknown>): Promise<Result> {
    const session = sessionOf(on);
    let prepared = this.prepared.get(session.constructor);
    if (!prepared) {
      prepared = this.build(on as Db).prepare(this.name);
      this.prepared.set(session.constructor, prepared);
    }
    return (Object.create(prepared, { client: { value: session.client } }) as typeof prepared).execute(values);
  }
}

/**
 * `column = any($1::uuid[])`: one parameter for a whole batch of ids, so one statement text
 * whatever their number (an `in ($1, …, $n)` list is a new text for every n, and on PGlite a long
 * one costs several times the query itself). Every id must be a UUID.
 */
export function anyUuid(column: AnyPgColumn, ids: readonly string[]): SQL {
  return sql`${column} = any(${uuidList(ids)}::uuid[])`;
}

/** {@link anyUuid} in a {@link Statement}: the ids come as the placeholder's value, made by {@link uuidList}. */
export function anyUuidOf(column: AnyPgColumn, placeholder: string): SQL {
  return sql`${column} = any(${sql.placeholder(placeholder)}::uuid[])`;
}

/** A Postgres array literal of UUIDs (checked as such by the caller), one parameter for {@link anyUuid}. */
export function uuidList(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

/** A Postgres array literal of integers, one `::int[]` or `::bigint[]` parameter in a {@link Statement}. */
export function intList(numbers: readonly number[]): string {
  return `{${numbers.join(',')}}`;
}
