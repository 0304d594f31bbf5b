import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

export type PubSubListener = (message: string) => void;

/**
 * Fire-and-forget broadcast to every process of the deployment: cache invalidation and live
 * subscription fan-out. Nothing is stored; a listener that is not connected misses the message.
 */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Returns the function that stops listening. */
  subscribe(channel: string, listener: PubSubListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export class MemoryPubSub implements PubSub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, message: string): Promise<void> {
    this.emitter.emit(channel, message);
  }

  async subscribe(channel: string, listener: PubSubListener): Promise<() => Promise<void>> {
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Redis pub/sub with a separate subscriber connection (a subscribed connection can do nothing
 * else); one Redis subscription per channel however many local listeners it has.
 */
export class RedisPubSub implements PubSub {
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, Set<PubSubListener>>();
  /** Per channel, the pending SUBSCRIBE: later listeners of the channel wait for it too. */
  private readonly subscribed = new Map<string, Promise<unknown>>();

  constructor(
    private readonly publisher: Redis,
    private readonly prefix: string,
  ) {
    this.subscriber = publisher.duplicate();
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const l of this.listeners.get(channel) ?? []) l(message);
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(this.prefix + channel, message);
  }

  async subscribe(channel: string, listener: PubSubListener): Promise<() => Promise<void>> {
    const key = this.prefix + channel;
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
      this.subscribed.set(key, this.subscriber.subscribe(key));
    }
    set.add(listener);
    // Resolve only once Redis confirmed the subscription, however many listeners share it.
    try {
      await this.subscribed.get(key);
    } catch (err) {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) {
        this.listeners.delete(key);
        this.subscribed.delete(key);
      }
      throw err;
    }
    return async () => {
      const current = this.listeners.get(key);
      if (!current || !current.delete(listener)) return;
      if (current.size === 0) {
        this.listeners.delete(key);
        this.subscribed.delete(key);
        await this.subscriber.unsubscribe(key);
      }
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscribed.clear();
    this.subscriber.disconnect();
  }
}
