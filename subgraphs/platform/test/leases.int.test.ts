/** Leases contract (memory | Redis) and LeasedJob: one runner per job across instances (C3–C6, L5). */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, LeasedJob, MemoryLeases, RedisLeases, type Leases } from '../src/index.js';
import { createTestEnvironment, deleteRedisKeys, TEST_REDIS_URL, uniqueTestName, type TestEnvironment } from '../src/testing/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let env: TestEnvironment;
let redis: Redis;
let prefix: string;

beforeAll(async () => {
  env = await createTestEnvironment();
  prefix = env.env.REDIS_PREFIX ?? `${uniqueTestName()}:`;
  redis = new Redis(env.env.REDIS_URL ?? TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
});
afterAll(async () => {
  if (redis) {
    await deleteRedisKeys(redis, prefix);
    redis.disconnect();
  }
  await env?.dispose();
});

const variants: { kind: 'memory' | 'redis'; shared(): () => Leases }[] = [
  { kind: 'memory', shared: () => { const one = new MemoryLeases(); return () => one; } },
  // Each "instance" gets its own RedisLeases over the same Redis, as separate processes would.
  { kind: 'redis', shared: () => () => new RedisLeases(redis, prefix) },
];

describe.each(variants)('Leases contract ($kind)', (variant) => {
  it('gives a lease to one holder at a time, renews it for that holder, frees it on release', async () => {
    const instance = variant.shared();
    const name = uniqueTestName();
    expect(await instance().acquire(name, 'a', 5000)).toBe(true);
    expect(await instance().acquire(name, 'b', 5000)).toBe(false);
    expect(await instance().acquire(name, 'a', 5000)).toBe(true);
    await instance().release(name, 'b');
    expect(await instance().acquire(name, 'b', 5000)).toBe(false);
    await instance().release(name, 'a');
    expect(await instance().acquire(name, 'b', 5000)).toBe(true);
  });

  it('lets another holder take a lease that lapsed', async () => {
    const instance = variant.shared();
    const name = uniqueTestName();
    expect(await instance().acquire(name, 'a', 150)).toBe(true);
    expect(await instance().acquire(name, 'b', 150)).toBe(false);
    await sleep(250);
    expect(await instance().acquire(name, 'b', 150)).toBe(true);
  });

  it('runs a job pass on exactly one of several instances ticking at once', async () => {
    const instance = variant.shared();
    const name = uniqueTestName();
    let passes = 0;
    const jobs = Array.from({ length: 5 }, (_, i) =>
      new LeasedJob({
        name,
        intervalMs: 60_000,
        leaseMs: 5000,
        leases: instance(),
        holder: `node-${i}`,
        log: createLogger('silent'),
        run: async () => {
          passes += 1;
          await sleep(50);
          return { done: 1 };
        },
      }),
    );
    const reports = await Promise.all(jobs.map((j) => j.runOnce()));
    expect(passes).toBe(1);
    expect(reports.filter((r) => r !== null)).toEqual([{ done: 1 }]);
    await Promise.all(jobs.map((j) => j.stop()));
  });
});
