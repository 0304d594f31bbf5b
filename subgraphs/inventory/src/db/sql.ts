import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * `column = any($1::uuid[])`: one parameter for a whole batch of ids. On PGlite a long IN list
 * (one parameter per id) costs several times the query itself. Every id must be a UUID.
 */
export function anyUuid(column: AnyPgColumn, ids: readonly string[]): SQL {
  return sql`${column} = any(${`{${ids.join(',')}}`}::uuid[])`;
}
