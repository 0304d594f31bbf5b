import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { parseEnvelope, type EventEnvelope } from '../events/envelope.js';
import type { Logger } from '../observability/logger.js';
import type { BusOptions, BusSubscription, EventBus, SubscribeOptions } from './types.js';

type StreamEntry = [id: string, fields: string[]];
type ReadReply = [key: string, entries: StreamEntry[]][] | null;

const STREAM_MAXLEN = '100000';
const READ_COUNT = 50;
const BLOCK_MS = 1000;

/**
 * Redis Streams bus for the distributed mode: one stream per event type, one consumer group per
 * subscribing service. An event is acknowledged (XACK) only after its handler resolved, i.e.
 * after the consumer's transaction committed; pending events of a consumer that failed or died
 * are taken over with XAUTOCLAIM once idle for `claimIdleMs`; after `maxDeliveries` an event is
 * copied to the dead-letter stream and acknowledged.
 */
export class RedisStreamsEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly subscriptions = new Set<BusSubscription>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly nodeId: string,
    private readonly options: BusOptions,
    private readonly log?: Logger,
  ) {}

  streamKey(type: string): string {
    return `${this.prefix}stream:${type}`;
  }

  get deadLetterKey(): string {
    return `${this.prefix}stream:_dead`;
  }

  async publish(event: EventEnvelope): Promise<void> {
    await this.redis.xadd(this.streamKey(event.type), 'MAXLEN', '~', STREAM_MAXLEN, '*', 'data', JSON.stringify(event));
  }

  async subscribe({ group, types, handler }: SubscribeOptions): Promise<BusSubscription> {
    const keys = types.map((t) => this.streamKey(t));
    for (const key of keys) {
      try {
        // From the start of the stream: a group created after events were published still gets them.
        await this.redis.xgroup('CREATE', key, group, '0', 'MKSTREAM');
      } catch (err) {
        if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
      }
    }
    const consumer = `${this.nodeId}-${randomBytes(4).toString('hex')}`;
    const reader = this.redis.duplicate({ maxRetriesPerRequest: null });
    let closed = false;

    const deliver = async (key: string, [id, fields]: StreamEntry): Promise<void> => {
      let event: EventEnvelope;
      try {
        event = parseEnvelope(fields[fields.indexOf('data') + 1]);
      } catch (err) {
        this.log?.error({ err, key, id }, 'unreadable event moved to dead letters');
        await this.bury(key, group, id, fields, 'unreadable');
        return;
      }
      try {
        await handler(event);
        await this.redis.xack(key, group, id);
      } catch (err) {
        const deliveries = await this.deliveryCount(key, group, id);
        if (deliveries >= this.options.maxDeliveries) {
          this.log?.error({ err, group, type: event.type, eventId: event.id, deliveries }, 'event dead after max deliveries');
          await this.bury(key, group, id, fields, 'max-deliveries');
        } else {
          this.log?.warn({ err, group, type: event.type, eventId: event.id, deliveries }, 'event handler failed; left pending for redelivery');
        }
      }
    };

    const readLoop = (async () => {
      while (!closed) {
        try {
          const reply = (await reader.xreadgroup(
            'GROUP', group, consumer, 'COUNT', READ_COUNT, 'BLOCK', BLOCK_MS,
            'STREAMS', ...keys, ...keys.map(() => '>'),
          )) as ReadReply;
          for (const [key, entries] of reply ?? []) {
            for (const entry of entries) {
              if (closed) return;
              await deliver(key, entry);
            }
          }
        } catch (err) {
          if (closed) return;
          this.log?.warn({ err, group }, 'stream read failed; retrying');
          await sleep(500);
        }
      }
    })();

    let claiming: Promise<void> | undefined;
    const claimPass = async (): Promise<void> => {
      try {
        for (const key of keys) {
          let cursor = '0-0';
          do {
            const [next, entries] = (await this.redis.xautoclaim(
              key, group, consumer, this.options.claimIdleMs, cursor, 'COUNT', READ_COUNT,
            )) as [string, StreamEntry[], string[]];
            for (const entry of entries) {
              if (closed) return;
              if (entry && entry[1]) await deliver(key, entry);
            }
            cursor = next;
          } while (cursor !== '0-0' && !closed);
        }
      } catch (err) {
        if (!closed) this.log?.warn({ err, group }, 'reclaiming stale events failed');
      }
    };
    const claimTimer = setInterval(() => {
      if (claiming || closed) return;
      claiming = claimPass().finally(() => {
        claiming = undefined;
      });
    }, Math.max(50, Math.floor(this.options.claimIdleMs / 2)));

    const subscription: BusSubscription = {
      close: async () => {
        if (closed) return;
        closed = true;
        clearInterval(claimTimer);
        reader.disconnect();
        this.subscriptions.delete(subscription);
        // Let an event in hand finish, but do not wait for a handler that hangs: its event is
        // still pending and another subscriber of the group reclaims it after `claimIdleMs`.
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.all([readLoop, claiming]),
          new Promise((r) => (grace = setTimeout(r, this.options.claimIdleMs))),
        ]);
        clearTimeout(grace);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
  }

  private async deliveryCount(key: string, group: string, id: string): Promise<number> {
    const pending = (await this.redis.xpending(key, group, id, id, 1)) as [string, string, number, number][];
    return pending[0]?.[3] ?? 1;
  }

  private async bury(key: string, group: string, id: string, fields: string[], reason: string): Promise<void> {
    await this.redis
      .multi()
      .xadd(this.deadLetterKey, 'MAXLEN', '~', STREAM_MAXLEN, '*', 'stream', key, 'group', group, 'id', id, 'reason', reason, ...fields)
      .xack(key, group, id)
      .exec();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
