import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Logger } from '../observability/logger.js';
import { advisoryXactLock, queryRows, type Database } from './database.js';

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

const CREATE_SCHEMA = /^\s*CREATE SCHEMA\s+("?)(\w+)\1\s*;?\s*$/i;

/**
 * Applies the drizzle-kit migrations of one service to its own Postgres schema.
 *
 * All of it runs in one transaction under an advisory lock keyed by the schema, so instances
 * starting together apply each migration exactly once and the rest wait, then find nothing to
 * do. Applied migrations are recorded with a hash; an edited, already applied file is an error
 * rather than silent drift.
 */
export async function migrate(
  database: Database,
  schemaName: string,
  migrationsFolder: string,
  log?: Logger,
): Promise<string[]> {
  if (!/^\w+$/.test(schemaName)) throw new Error(`bad schema name ${schemaName}`);
  const journal = JSON.parse(
    readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  const appliedNow: string[] = [];
  await database.db.transaction(async (tx) => {
    await advisoryXactLock(tx, `shop.migrate.${schemaName}`);
    await tx.execute(sql.raw(`create schema if not exists "${schemaName}"`));
    await tx.execute(
      sql.raw(
        `create table if not exists "${schemaName}"."__migrations" (
           tag text primary key, hash text not null, applied_at timestamptz not null default now())`,
      ),
    );
    const done = new Map(
      (
        await queryRows<{ tag: string; hash: string }>(
          tx,
          sql.raw(`select tag, hash from "${schemaName}"."__migrations"`),
        )
      ).map((r) => [r.tag, r.hash]),
    );
    for (const entry of [...journal.entries].sort((a, b) => a.idx - b.idx)) {
      const text = readFileSync(join(migrationsFolder, `${entry.tag}.sql`), 'utf8');
      const hash = createHash('sha256').update(text).digest('hex');
      const appliedHash = done.get(entry.tag);
      if (appliedHash !== undefined) {
        if (appliedHash !== hash) {
          throw new Error(`migration ${schemaName}/${entry.tag} changed after it was applied`);
        }
        continue;
      }
      for (const statement of text.split('--> statement-breakpoint')) {
        const trimmed = statement.trim();
        if (!trimmed) continue;
        const createSchema = CREATE_SCHEMA.exec(trimmed);
        await tx.execute(
          sql.raw(createSchema ? `create schema if not exists "${createSchema[2]}"` : trimmed),
        );
      }
      await tx.execute(
        sql`insert into ${sql.identifier(schemaName)}."__migrations" (tag, hash) values (${entry.tag}, ${hash})`,
      );
      appliedNow.push(entry.tag);
    }
  });
  if (appliedNow.length > 0) log?.info({ schema: schemaName, applied: appliedNow }, 'migrations applied');
  return appliedNow;
}
