import { getTableColumns, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
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

/** What drizzle keeps on a database or transaction to build and prepare a query from SQL. */
interface DrizzleInternals {
  dialect: { sqlToQuery(sql: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(query: { sql: string; params: unknown[] }, fields: undefined, name: string, isResponseInArrayMode: boolean): ReturnType<Preparable<unknown>['prepare']>;
  };
}

/**
 * A {@link Statement} written as SQL, for what drizzle's builders cannot say: data-modifying
 * CTEs (one statement that writes several tables, where a transaction of several statements
 * would cost a round trip each and a BEGIN and COMMIT), inserts from JSON records. The SQL is
 * built once, with `sql.placeholder`s for its values. Rows come back as the driver reads them,
 * keyed by column name, without drizzle's mapping.
 *
 * @example
 * const bump = new SqlStatement<{ n: number }>(() => sql`update ${items} set n = n + 1 where id = ${sql.placeholder('id')} returning n`);
 * const [row] = await bump.run(db, { id });
 */
export class SqlStatement<Row extends Record<string, unknown>> {
  private readonly statement: Statement<unknown>;

  /** @param build the SQL; drizzle's query builders on `db` may make parts of it (any of them renders inside `sql`). */
  constructor(build: (db: Db) => SQL) {
    this.statement = new Statement((db) => {
      const { dialect, session } = db as unknown as DrizzleInternals;
      return { prepare: (name) => session.prepareQuery(dialect.sqlToQuery(build(db)), undefined, name, false) };
    });
  }

  /** Runs the SQL on `on` with a value for each of its placeholders, by name. */
  async run(on: Queryable, values: Record<string, unknown>): Promise<Row[]> {
    const result = await this.statement.run(on, values);
    // postgres.js answers with the rows, PGlite with a result that holds them.
    return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
  }
}

/**
 * `insert into <table> (<columns>) select … from jsonb_to_recordset(<records>)`: any number of
 * rows in one parameter, so one statement text serves every count. `records` is a JSON array of
 * objects keyed by the table's property names (as drizzle's rows are: `JSON.stringify(rows)`);
 * `columns` are the properties to write (default: all), the others get their defaults. `where`
 * may make the insert conditional (e.g. on a CTE of the same statement).
 */
export function insertJsonRecords(table: PgTable, records: SQL | Placeholder, options: { columns?: readonly string[]; where?: SQL } = {}): SQL {
  const all = getTableColumns(table) as Record<string, AnyPgColumn>;
  const keys = options.columns ?? Object.keys(all);
  const names = sql.raw(keys.map((key) => `"${all[key].name}"`).join(', '));
  const fields = sql.raw(keys.map((key) => `"${key}"`).join(', '));
  const definition = sql.raw(keys.map((key) => `"${key}" ${all[key].getSQLType()}`).join(', '));
  return sql`insert into ${table} (${names}) select ${fields} from jsonb_to_recordset(${records}::jsonb) as record(${definition}) ${options.where ?? sql``}`;
}

/**
 * The columns of `table` as `source` (a CTE or alias of rows of it) holds them, each named as
 * drizzle names it (its property): for a {@link SqlStatement} whose rows must read as drizzle's
 * own rows of the table. Values come through the same driver parsers.
 */
export function columnsOf(table: PgTable, source: string): SQL {
  const all = getTableColumns(table) as Record<string, AnyPgColumn>;
  return sql.raw(Object.entries(all).map(([key, column]) => `${source}."${column.name}" as "${key}"`).join(', '));
}

/**
 * One row of `source` (a CTE or alias of rows of `table`) as a JSON object keyed by drizzle's
 * property names, for a {@link SqlStatement} that returns rows of a table inside one of its
 * columns (with `json_agg`). Timestamps go as their text, as the drivers hand them to drizzle;
 * {@link rowsFromJson} reads them back.
 */
export function jsonRowOf(table: PgTable, source: string): SQL {
  const all = getTableColumns(table) as Record<string, AnyPgColumn>;
  const pairs = Object.entries(all).map(([key, column]) => `'${key}', ${source}."${column.name}"${column.getSQLType().startsWith('timestamp') ? '::text' : ''}`);
  return sql.raw(`json_build_object(${pairs.join(', ')})`);
}

/** Rows of `table` from the objects {@link jsonRowOf} made, each value mapped as drizzle maps the column's. */
export function rowsFromJson<Row>(table: PgTable, records: readonly Record<string, unknown>[]): Row[] {
  const all = Object.entries(getTableColumns(table) as Record<string, AnyPgColumn>);
  return records.map((record) => Object.fromEntries(all.map(([key, column]) => [key, record[key] == null ? null : column.mapFromDriverValue(record[key])])) as Row);
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
