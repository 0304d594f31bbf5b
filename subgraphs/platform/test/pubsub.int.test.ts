/**
 * PubSub contract (memory | Redis), both variants in every test mode. "Two processes" are two
 * RedisPubSub instances with their own connections on one Redis; in memory, one instance.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPubSub, RedisPubSub, type PubSub } from '../src/index.js';
import {
  createTestEnvironment,
  eventually,
  TEST_REDIS_URL,
  uniqueTestName,
  type TestEnvironment,
} from '../src/testing/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => {
  await env?.dispose();
});

interface Pair {
  a: PubSub;
  b: PubSub;
  close(): Promise<void>;
}

const variants: { kind: 'memory' | 'redis'; create(): Pair }[] = [
  {
    kind: 'memory',
    create: () => {
      const ps = new MemoryPubSub();
      return { a: ps, b: ps, close: () => ps.close() };
    },
  },
  {
    kind: 'redis',
    create: () => {
      const prefix = `${env.env.REDIS_PREFIX ?? ''}${uniqueTestName()}:`;
      const url = env.env.REDIS_URL ?? TEST_REDIS_URL;
      const connections = [new Redis(url), new Redis(url)];
      const [a, b] = connections.map((c) => new RedisPubSub(c, prefix));
      return {
        a,
        b,
        close: async () => {
          await a.close();
          await b.close();
          for (const c of connections) c.disconnect();
        },
      };
    },
  },
];

describe.each(variants)('PubSub contract ($kind)', (variant) => {
  let pair: Pair;
  afterEach(async () => {
    await pair?.close();
  });

  it('delivers to every listener of the channel, in every process, and to no other channel', async () => {
    pair = variant.create();
    const got = { a1: [] as string[], a2: [] as string[], b1: [] as string[], other: [] as string[] };
    await pair.a.subscribe('orders', (m) => got.a1.push(m));
    await pair.a.subscribe('orders', (m) => got.a2.push(m));
    await pair.b.subscribe('orders', (m) => got.b1.push(m));
    await pair.b.subscribe('accounts', (m) => got.other.push(m));

    await pair.a.publish('orders', 'first');
    await pair.b.publish('orders', 'second');
    await eventually(() => got.a1.length === 2 && got.a2.length === 2 && got.b1.length === 2);
    // A message on the other channel, published last, marks that everything before it arrived.
    await pair.a.publish('accounts', 'marker');
    await eventually(() => got.other.length === 1);

    expect(got).toEqual({
      a1: ['first', 'second'],
      a2: ['first', 'second'],
      b1: ['first', 'second'],
      other: ['marker'],
    });
  });

  it('stops delivering to a listener that unsubscribed, and only to it', async () => {
    pair = variant.create();
    const got = { a1: [] as string[], a2: [] as string[], b1: [] as string[], marker: [] as string[] };
    const stopA1 = await pair.a.subscribe('cart', (m) => got.a1.push(m));
    await pair.a.subscribe('cart', (m) => got.a2.push(m));
    const stopB1 = await pair.b.subscribe('cart', (m) => got.b1.push(m));
    await pair.b.subscribe('marker', (m) => got.marker.push(m));

    await pair.a.publish('cart', 'before');
    await eventually(() => got.b1.length === 1 && got.a1.length === 1);

    await stopA1();
    await stopB1();
    await stopB1(); // twice is harmless
    await pair.a.publish('cart', 'after');
    await pair.a.publish('marker', 'done');
    await eventually(() => got.marker.length === 1 && got.a2.length === 2);
    await sleep(50);

    expect(got.a1).toEqual(['before']);
    expect(got.b1).toEqual(['before']);
    expect(got.a2).toEqual(['before', 'after']);

    // Listening again works.
    await pair.b.subscribe('cart', (m) => got.b1.push(m));
    await pair.a.publish('cart', 'again');
    await eventually(() => got.b1.length === 2);
    expect(got.b1).toEqual(['before', 'again']);
  });

  it('is listening as soon as subscribe() resolves, also for a channel already being subscribed', async () => {
    pair = variant.create();
    const first: string[] = [];
    const second: string[] = [];
    const pending = pair.b.subscribe('inventory', (m) => first.push(m));
    await pair.b.subscribe('inventory', (m) => second.push(m));
    await pair.a.publish('inventory', 'hello');
    await pending;
    await eventually(() => first.length === 1 && second.length === 1, 2000);
    expect(second).toEqual(['hello']);
  });
});
