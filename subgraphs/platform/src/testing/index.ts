import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { loadConfig, type Config } from '../config.js';
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
const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestEnvironment {
  /** Environment variables for a process of this test: its own database and Redis key prefix. */
  env: Record<string, string>;
  /** Drops the test database. */
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
  };
  if (!isDistributed) {
    return { env: { ...base, DATA_DIR: 'memory://', ...overrides }, dispose: async () => {} };
  }
  const name = `shop_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    env: { ...base, DATABASE_URL: url.toString(), REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `${name}:`, ...overrides },
    dispose: async () => {
      const again = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
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
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
