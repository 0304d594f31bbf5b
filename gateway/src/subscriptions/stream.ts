import type { PubSub } from '@shop/platform';
import { AsyncQueue } from './queue.js';

export interface ReplayThenLiveOptions<T> {
  pubsub: PubSub;
  channel: string;
  /** What the subscriber missed, oldest first; called after listening started, so nothing falls between. */
  replay?: () => Promise<T[]>;
  /** Identity of an item, to drop the live copy of something already replayed or sent. */
  key: (item: T) => string | number;
  /** Live items at or below this are older than what the subscriber asked for. */
  accept?: (item: T) => boolean;
}

const SEEN_LIMIT = 10_000;

/**
 * An event stream that first replays what a subscriber missed, then goes live, with no gap and
 * no duplicate at the seam: it listens before it reads the backlog, buffers live items meanwhile,
 * and skips any it has already sent. `return()` stops listening at once, even while waiting.
 */
export class ReplayThenLiveStream<T> implements AsyncIterableIterator<T> {
  private readonly queue = new AsyncQueue<T>();
  private readonly seen = new Set<string | number>();
  private backlog: T[] = [];
  private stopListening?: () => Promise<void>;
  private readonly started: Promise<void>;

  constructor(private readonly options: ReplayThenLiveOptions<T>) {
    this.started = this.start();
  }

  private async start(): Promise<void> {
    this.stopListening = await this.options.pubsub.subscribe(this.options.channel, (message) => {
      this.queue.push(JSON.parse(message) as T);
    });
    this.backlog = (await this.options.replay?.()) ?? [];
  }

  async next(): Promise<IteratorResult<T>> {
    await this.started;
    for (;;) {
      const item = this.backlog.length > 0 ? this.backlog.shift()! : (await this.queue.next()).value;
      if (item === undefined) return { value: undefined, done: true };
      const key = this.options.key(item);
      if (this.seen.has(key) || (this.options.accept && !this.options.accept(item))) continue;
      this.seen.add(key);
      if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
      return { value: item, done: false };
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.queue.close();
    await this.started.catch(() => {});
    await this.stopListening?.();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
