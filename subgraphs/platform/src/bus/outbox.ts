import { asc, isNull, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Database, Tx } from '../db/database.js';
import { insertJsonRecords, intList, SqlStatement, Statement } from '../db/statement.js';
import type { OutboxTable } from '../db/tables.js';
import { createEnvelope, type EventEnvelope, type NewEvent } from '../events/envelope.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { Pump } from '../pump.js';
import type { EventBus } from './types.js';

const BATCH = 100;
/** An envelope's properties, as its row stores them. */
const ENVELOPE_COLUMNS = ['id', 'type', 'version', 'aggregateId', 'aggregateVersion', 'nodeId', 'occurredAt', 'payload'] as const;

export interface OutboxOptions {
  service: string;
  database: Database;
  table: OutboxTable;
  bus: EventBus;
  nodeId: string;
  pollMs: number;
  /** The least time between two relay passes that pokes start (see {@link Pump}); their events gather meanwhile. */
  gapMs?: number;
  log: Logger;
  metrics?: Metrics;
}

/**
 * A service's transactional outbox (M1) and its relay.
 *
 * `add` writes event rows inside the caller's transaction, so an aggregate change and its event
 * commit or roll back together. The relay claims unpublished rows with `FOR UPDATE SKIP LOCKED`
 * (instances never publish the same row twice at once), publishes them and marks them in the
 * same transaction; a crash between publish and commit republishes, which consumers' inboxes
 * absorb. It runs on a poll timer and is poked right after each `transaction` that added events
 * (a pass over an empty outbox is a transaction of its own, wasted on every write without events).
 */
export class Outbox {
  private readonly relay: Pump;
  private readonly publishedListeners: ((types: string[]) => void)[] = [];
  /** Transactions that added events (so that only their commits poke the relay). */
  private readonly adding = new WeakSet<Tx>();

  /** Event rows from their envelopes as one JSON array (the SQL built once, whatever their number: every order, hold and payment writes some). */
  private readonly insertRows: SqlStatement<never>;
  /** The relay's claim on the oldest unpublished rows, and their mark once published (each pass runs both). */
  private readonly claimPending: Statement<OutboxTable['$inferSelect'][]>;
  private readonly markPublished: Statement<unknown>;

  constructor(private readonly options: OutboxOptions) {
    const table = options.table;
    this.insertRows = new SqlStatement(() => this.insertSql(sql.placeholder('events')));
    this.claimPending = new Statement((db) =>
      db
        .select()
        .from(table)
        .where(isNull(table.publishedAt))
        .orderBy(asc(table.seq))
        .limit(BATCH)
        .for('update', { skipLocked: true }),
    );
    this.markPublished = new Statement((db) =>
      db
        .update(table)
        .set({ publishedAt: sql`${sql.placeholder('at')}` })
        .where(sql`${table.seq} = any(${sql.placeholder('seqs')}::bigint[])`),
    );
    this.relay = new Pump(
      async () => (await this.publishBatch()) === BATCH,
      options.pollMs,
      (err) => options.log.warn({ err, service: options.service }, 'outbox relay pass failed; will retry'),
      options.gapMs,
    );
  }

  /** Writes events in `tx`; they are published after it commits. */
  async add(tx: Tx, ...events: NewEvent[]): Promise<EventEnvelope[]> {
    const { envelopes, json } = this.records(...events);
    if (envelopes.length > 0) {
      this.wrote(tx);
      await this.insertRows.run(tx, { events: json });
    }
    return envelopes;
  }

  /** Notes that `tx` wrote events through its own statement ({@link insertSql}): its commit in {@link transaction} pokes the relay, as after {@link add}. */
  wrote(tx: Tx): void {
    this.adding.add(tx);
  }

  /**
   * Envelopes for `events`, and them as the JSON parameter of {@link insertSql}: for a statement
   * that writes its events beside its own changes (one round trip, no transaction of its own).
   * {@link poke} the relay once it committed.
   */
  records(...events: NewEvent[]): { envelopes: EventEnvelope[]; json: string } {
    const envelopes = events.map((e) => createEnvelope(e, this.options.nodeId));
    return { envelopes, json: JSON.stringify(envelopes) };
  }

  /** The insert of the events in `records` (JSON from {@link records}), for a CTE; `where` may make it conditional. */
  insertSql(records: SQL | Placeholder, where?: SQL): SQL {
    return insertJsonRecords(this.options.table, records, { columns: ENVELOPE_COLUMNS, where });
  }

  /** Runs `fn` in a transaction and publishes what it added to the outbox right after commit. */
  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    let wrote = false;
    const result = await this.options.database.db.transaction(async (tx) => {
      const value = await fn(tx);
      wrote = this.adding.has(tx);
      return value;
    });
    if (wrote) this.poke();
    return result;
  }

  start(): void {
    this.relay.start();
  }

  stop(): Promise<void> {
    return this.relay.stop();
  }

  /**
   * Calls `listener` with the types of each batch this instance's relay published (after the
   * batch is committed as published). For side effects that must follow every committed change
   * of the service, e.g. telling gateways that cached reads are stale.
   */
  onPublished(listener: (types: string[]) => void): void {
    this.publishedListeners.push(listener);
  }

  /** Asks the relay to publish now; overlapping pokes coalesce into one more pass. */
  poke(): void {
    this.relay.poke();
  }

  /** Publishes every pending row; resolves with how many were published. */
  async flush(): Promise<number> {
    await this.relay.idle();
    let total = 0;
    for (let n = await this.publishBatch(); n > 0; n = await this.publishBatch()) total += n;
    return total;
  }

  private async publishBatch(): Promise<number> {
    const { bus, database, metrics, service } = this.options;
    const types: string[] = [];
    const published = await database.db.transaction(async (tx) => {
      const rows = await this.claimPending.run(tx, {});
      for (const row of rows) {
        await bus.publish({
          id: row.id,
          type: row.type,
          version: row.version,
          aggregateId: row.aggregateId,
          aggregateVersion: row.aggregateVersion,
          nodeId: row.nodeId,
          occurredAt: new Date(row.occurredAt).toISOString(),
          payload: row.payload,
        });
        metrics?.eventsPublished.inc({ service, type: row.type });
        types.push(row.type);
      }
      if (rows.length > 0) {
        await this.markPublished.run(tx, { at: new Date().toISOString(), seqs: intList(rows.map((r) => r.seq)) });
      }
      return rows.length;
    });
    if (types.length > 0) for (const listener of this.publishedListeners) listener(types);
    return published;
  }
}
