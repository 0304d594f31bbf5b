import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { Pump, type Database, type Logger } from '@shop/platform';
import { deliveries, notifications } from '../db/schema.js';
import type { Sender } from './senders.js';

export interface DeliveryOptions {
  database: Database;
  senders: Sender[];
  log: Logger;
  /** First retry delay; each further one doubles it. */
  retryBaseMs: number;
  maxAttempts: number;
  pollMs: number;
}

const BATCH = 20;

/**
 * Sends pending deliveries on their channel and records the outcome on the Delivery row: SENT,
 * or a retry with exponential backoff, or FAILED after `maxAttempts`. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so any number of instances can run it side by side.
 */
export class DeliveryWorker {
  private readonly pump: Pump;
  private readonly senders: Map<string, Sender>;

  constructor(private readonly options: DeliveryOptions) {
    this.senders = new Map(options.senders.map((s) => [s.channel, s]));
    this.pump = new Pump(
      async () => (await this.sendBatch()) === BATCH,
      options.pollMs,
      (err) => options.log.warn({ err }, 'delivery pass failed; will retry'),
    );
  }

  start(): void {
    this.pump.start();
  }

  stop(): Promise<void> {
    return this.pump.stop();
  }

  /** Runs a pass now (coalescing with one already running). */
  poke(): void {
    this.pump.poke();
  }

  private async sendBatch(): Promise<number> {
    const { database, retryBaseMs, maxAttempts, log } = this.options;
    return database.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.status, 'PENDING'), lte(deliveries.nextAttemptAt, sql`now()`)))
        .orderBy(asc(deliveries.nextAttemptAt))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      if (due.length === 0) return 0;
      const texts = new Map(
        (
          await tx
            .select({ id: notifications.id, title: notifications.title, body: notifications.body })
            .from(notifications)
            .where(inArray(notifications.id, [...new Set(due.map((d) => d.notificationId))]))
        ).map((n) => [n.id, n]),
      );
      for (const delivery of due) {
        const { title, body } = texts.get(delivery.notificationId)!;
        const attempts = delivery.attempts + 1;
        const key = and(eq(deliveries.notificationId, delivery.notificationId), eq(deliveries.channel, delivery.channel));
        try {
          const sender = this.senders.get(delivery.channel);
          if (!sender) throw new Error(`no sender for channel ${delivery.channel}`);
          await sender.send({ address: delivery.address, title, body });
          await tx.update(deliveries).set({ status: 'SENT', attempts, lastError: null, deliveredAt: new Date().toISOString() }).where(key);
        } catch (err) {
          const message = (err as Error).message;
          const failed = attempts >= maxAttempts;
          await tx
            .update(deliveries)
            .set({
              status: failed ? 'FAILED' : 'PENDING',
              attempts,
              lastError: message,
              nextAttemptAt: new Date(Date.now() + retryBaseMs * 2 ** (attempts - 1)).toISOString(),
            })
            .where(key);
          log[failed ? 'error' : 'warn']({ notificationId: delivery.notificationId, channel: delivery.channel, attempts, err: message }, failed ? 'delivery failed for good' : 'delivery failed; will retry');
        }
      }
      return due.length;
    });
  }
}
