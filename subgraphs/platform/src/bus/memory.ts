import type { Logger } from '../observability/logger.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { BusOptions, BusSubscription, EventBus, EventHandler, SubscribeOptions } from './types.js';

interface Consumer {
  types: Set<string>;
  handler: EventHandler;
  queue: { event: EventEnvelope; deliveries: number }[];
  running: boolean;
  closed: boolean;
}

/**
 * In-process bus for the embedded mode, with the same delivery rules as the Redis one: each
 * group gets every event, one consumer per group handles it, a failed handler gets the event
 * again after `claimIdleMs`, up to `maxDeliveries` times.
 */
export class MemoryEventBus implements EventBus {
  readonly kind = 'memory' as const;
  private readonly groups = new Map<string, { consumers: Consumer[]; next: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Events that exhausted their deliveries, kept for inspection. */
  readonly dead: { group: string; event: EventEnvelope }[] = [];

  constructor(
    private readonly options: BusOptions,
    private readonly log?: Logger,
  ) {}

  async publish(event: EventEnvelope): Promise<void> {
    for (const group of this.groups.keys()) this.dispatch(group, event, 0);
  }

  async subscribe({ group, types, handler }: SubscribeOptions): Promise<BusSubscription> {
    const consumer: Consumer = { types: new Set(types), handler, queue: [], running: false, closed: false };
    const entry = this.groups.get(group) ?? { consumers: [], next: 0 };
    entry.consumers.push(consumer);
    this.groups.set(group, entry);
    return {
      close: async () => {
        consumer.closed = true;
        entry.consumers = entry.consumers.filter((c) => c !== consumer);
        if (entry.consumers.length === 0) this.groups.delete(group);
        for (const pending of consumer.queue.splice(0)) {
          this.dispatch(group, pending.event, pending.deliveries);
        }
      },
    };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.groups.clear();
  }

  private dispatch(group: string, event: EventEnvelope, deliveries: number): void {
    const entry = this.groups.get(group);
    if (!entry) return;
    const candidates = entry.consumers.filter((c) => c.types.has(event.type));
    if (candidates.length === 0) return;
    const consumer = candidates[entry.next++ % candidates.length];
    consumer.queue.push({ event, deliveries });
    if (!consumer.running) {
      consumer.running = true;
      setImmediate(() => void this.drain(group, consumer));
    }
  }

  private async drain(group: string, consumer: Consumer): Promise<void> {
    while (!consumer.closed && consumer.queue.length > 0) {
      const item = consumer.queue.shift()!;
      const deliveries = item.deliveries + 1;
      try {
        await consumer.handler(item.event);
      } catch (err) {
        if (deliveries >= this.options.maxDeliveries) {
          this.dead.push({ group, event: item.event });
          this.log?.error({ err, group, eventId: item.event.id, type: item.event.type }, 'event dead after max deliveries');
        } else {
          this.log?.warn({ err, group, eventId: item.event.id, type: item.event.type, deliveries }, 'event handler failed; will redeliver');
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.dispatch(group, item.event, deliveries);
          }, this.options.claimIdleMs);
          this.timers.add(timer);
        }
      }
    }
    consumer.running = false;
  }
}
