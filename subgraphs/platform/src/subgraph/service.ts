import type { PgSchema } from 'drizzle-orm/pg-core';
import { migrate } from '../db/migrate.js';
import type { Database } from '../db/database.js';
import { inboxTable, outboxTable } from '../db/tables.js';
import { Outbox } from '../bus/outbox.js';
import type { Logger } from '../observability/logger.js';
import type { Runtime } from '../runtime.js';

/**
 * What a subgraph factory gets from the platform for its own schema: the database (migrated),
 * its outbox with a running relay, and its inbox table.
 */
export interface ServiceBase {
  name: string;
  database: Database;
  log: Logger;
  outbox: Outbox;
  inbox: ReturnType<typeof inboxTable>;
}

/**
 * Migrates the service's schema and starts its outbox relay. `outbox`/`inbox` must be the same
 * tables the service's drizzle schema declares (so drizzle-kit generates them).
 */
export async function startService(
  runtime: Runtime,
  name: string,
  migrationsFolder: string,
  tables: { outbox: ReturnType<typeof outboxTable>; inbox: ReturnType<typeof inboxTable> },
): Promise<ServiceBase> {
  const database = runtime.database;
  if (!database) throw new Error(`service ${name} needs a database`);
  const log = runtime.log.child({ service: name });
  await migrate(database, name, migrationsFolder, log);
  const outbox = new Outbox({
    service: name,
    database,
    table: tables.outbox,
    bus: runtime.bus,
    nodeId: runtime.nodeId,
    pollMs: runtime.config.OUTBOX_POLL_MS,
    gapMs: runtime.config.OUTBOX_GAP_MS,
    log,
    metrics: runtime.metrics,
  });
  outbox.start();
  return { name, database, log, outbox, inbox: tables.inbox };
}

/** The outbox and inbox tables of a service's Postgres schema. */
export function messagingTables<S extends string>(schema: PgSchema<S>) {
  return { outbox: outboxTable(schema), inbox: inboxTable(schema) };
}
