/** RevocationList contract (memory | Redis), both variants in every test mode. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRevocationList, RedisRevocationList, type RevocationList } from '../src/index.js';
import {
  createTestEnvironment,
  deleteRedisKeys,
  TEST_REDIS_URL,
  uniqueTestName,
  type TestEnvironment,
} from '../src/testing/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nowSeconds = () => Math.floor(Date.now() / 1000);

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

const variants: { kind: 'memory' | 'redis'; create(): RevocationList }[] = [
  { kind: 'memory', create: () => new MemoryRevocationList() },
  // Two instances on one Redis: a revocation is seen by every process.
  { kind: 'redis', create: () => new RedisRevocationList(redis, prefix) },
];

describe.each(variants)('RevocationList contract ($kind)', (variant) => {
  it('lists a revoked jti and no other', async () => {
    const list = variant.create();
    const jti = `jti-${uniqueTestName()}`;
    expect(await list.isRevoked(jti)).toBe(false);
    await list.revoke(jti, nowSeconds() + 3600);
    expect(await list.isRevoked(jti)).toBe(true);
    expect(await list.isRevoked(`${jti}-other`)).toBe(false);
    if (variant.kind === 'redis') {
      expect(await new RedisRevocationList(redis, prefix).isRevoked(jti)).toBe(true);
      expect(await new RedisRevocationList(redis, `${prefix}elsewhere:`).isRevoked(jti)).toBe(false);
    }
  });

  it('forgets a jti once its expiry has passed', async () => {
    const list = variant.create();
    // Start 300-500 ms into a second: the jti has 500-700 ms to live (exp is whole seconds).
    const into = Date.now() % 1000;
    if (into < 300 || into > 500) await sleep((1300 - into) % 1000);
    const exp = nowSeconds() + 1;
    const jti = `jti-${uniqueTestName()}`;
    const kept = `jti-${uniqueTestName()}`;
    await list.revoke(jti, exp);
    await list.revoke(kept, exp + 60);
    expect(await list.isRevoked(jti)).toBe(true);

    await sleep(exp * 1000 - Date.now() + 100);
    expect(await list.isRevoked(jti)).toBe(false);
    expect(await list.isRevoked(kept)).toBe(true);
  });

  it('does not list a jti revoked after its expiry', async () => {
    const list = variant.create();
    const jti = `jti-${uniqueTestName()}`;
    await list.revoke(jti, nowSeconds() - 5);
    expect(await list.isRevoked(jti)).toBe(false);
  });
});
