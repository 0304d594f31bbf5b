import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import { createLogger } from '../observability/logger.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.js';

/**
 * Test modes. `SHOP_TEST_MODE=distributed` runs the suite on real Postgres and Redis (URLs from
 * TEST_DATABASE_URL / TEST_REDIS_URL, defaults on localhost); otherwise PGlite in memory and the
 * in-process bus.
 */
export const TEST_MODE: 'embedded' | 'distributed' =
  process.env.SHOP_TEST_MODE === 'distributed' ? 'distributed' : 'embedded';
export const isDistributed = TEST_MODE === 'distributed';

const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The Redis the tests use (TEST_REDIS_URL, default on localhost); keys are kept apart by prefix. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A unique name, usable as a Postgres database name and (with a trailing `:`) a Redis prefix. */
export function uniqueTestName(): string {
  return `shop_test_${randomBytes(6).toString('hex')}`;
}

export interface TestDatabase {
  /** URL of a new, empty Postgres database. */
  url: string;
  /** Drops the database (forcing out any connection still open). */
  dispose(): Promise<void>;
}

/**
 * A new Postgres database on the test server, whatever the test mode: for tests that exercise
 * the Postgres implementation next to the embedded one.
 */
export async function createTestDatabase(name = uniqueTestName()): Promise<TestDatabase> {
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: async () => {
      const again = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
      try {
        await again.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await again.end();
      }
    },
  };
}

/** Deletes every Redis key under `prefix` (the keys of one test). */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<number> {
  if (!prefix) throw new Error('refusing to delete every Redis key');
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 500);
    if (keys.length > 0) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

export interface TestEnvironment {
  /** Environment variables for a process of this test: its own database and Redis key prefix. */
  env: Record<string, string>;
  /** Drops the test database and deletes the Redis keys under its generated prefix. */
  dispose(): Promise<void>;
}

/**
 * A fresh, isolated place to run: in the distributed mode a new Postgres database and a unique
 * Redis prefix, so test files run in parallel without seeing each other; in the embedded mode
 * an in-memory PGlite.
 */
export async function createTestEnvironment(overrides: Record<string, string> = {}): Promise<TestEnvironment> {
  const base: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    BUS_CLAIM_IDLE_MS: '300',
    OUTBOX_POLL_MS: '50',
    PAYMENT_PROVIDER_MODE: 'manual',
    // Off unless a suite turns it on: suites read the catalogue right after changes that no
    // gateway mutation carries (internal calls, webhooks), which the cache shows only after its TTL.
    CATALOGUE_CACHE_MS: '0',
    // Likewise: suites free seats (expiry, cancel) and take them again at once.
    CLASS_FULL_CACHE_MS: '0',
  };
  if (!isDistributed) {
    return { env: { ...base, DATA_DIR: 'memory://', ...overrides }, dispose: async () => {} };
  }
  const name = uniqueTestName();
  const database = await createTestDatabase(name);
  const prefix = `${name}:`;
  return {
    env: { ...base, DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, ...overrides },
    dispose: async () => {
      if (overrides.REDIS_PREFIX === undefined) {
        // Only this environment's own generated prefix: an overridden one may be shared.
        const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
        try {
          await deleteRedisKeys(redis, prefix);
        } finally {
          redis.disconnect();
        }
      }
      await database.dispose();
    },
  };
}

/** The validated config of a test environment. */
export function testConfig(env: Record<string, string>): Config {
  return loadConfig(env);
}

/** A runtime over a test environment, with logging as LOG_LEVEL says (silent by default). */
export async function createTestRuntime(env: Record<string, string>, options: RuntimeOptions = {}): Promise<Runtime> {
  const config = loadConfig(env);
  return createRuntime(config, { defaultMetrics: false, logger: createLogger(config.LOG_LEVEL), ...options });
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000, intervalMs = 25): Promise<Exclude<T, null | undefined | false | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, null | undefined | false | 0 | ''>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The code (and field) of the contract error a call fails with; anything else fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<{ code: string; field?: unknown }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err.extensions.field === undefined ? { code: err.code } : { code: err.code, field: err.extensions.field };
    throw err;
  }
  throw new Error('expected a failure');
}
