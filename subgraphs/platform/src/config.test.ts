import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const SECRETS = {
  JWT_SECRET: 'prod-jwt-secret-0123456789-0123456789-abc',
  INTERNAL_SECRET: 'prod-internal-secret-0123',
  PAYMENT_WEBHOOK_SECRET: 'prod-webhook-secret-0123',
  ADMIN_PASSWORD: 'a-strong-admin-password',
};

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('loadConfig accepted a bad environment');
}

describe('loadConfig', () => {
  it('has a working default for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      HOST: '0.0.0.0',
      PORT: 4000,
      LOG_LEVEL: 'info',
      DATABASE_POOL_SIZE: 10,
      DATA_DIR: './.data',
      REDIS_PREFIX: 'shop:',
      JWT_ISSUER: 'shop',
      JWT_AUDIENCE: 'shop-api',
      JWT_TTL_SECONDS: 43200,
      ADDRESS_BLACKLIST_REGIONS: [],
      ADDRESS_BLACKLIST_POSTAL_CODES: [],
      INTROSPECTION: true,
      PLAYGROUND: true,
      OUTBOX_POLL_MS: 250,
      OUTBOX_GAP_MS: 10,
      BUS_CLAIM_IDLE_MS: 30_000,
      BUS_MAX_DELIVERIES: 20,
      embedded: true,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.SUBGRAPH_URLS).toBeUndefined();
    expect(config.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(config.NODE_ID).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(config.NODE_ID.endsWith(`-${process.pid}`)).toBe(true);
    expect(config.insecureDefaults.sort()).toEqual(
      ['ADMIN_PASSWORD', 'INTERNAL_SECRET', 'JWT_SECRET', 'PAYMENT_WEBHOOK_SECRET'].sort(),
    );
  });

  it('treats empty variables as unset and reads the rest', () => {
    const config = loadConfig({
      PORT: '',
      LOG_LEVEL: 'debug',
      NODE_ID: 'node-7',
      DATABASE_URL: 'postgres://u@db:5432/shop',
      REDIS_URL: 'redis://cache:6379',
      ADDRESS_BLACKLIST_REGIONS: ' XX, YY ,,',
      PLAYGROUND: 'off',
      INTROSPECTION: 'yes',
      BUS_MAX_DELIVERIES: '5',
    });
    expect(config.PORT).toBe(4000);
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.NODE_ID).toBe('node-7');
    expect(config.DATABASE_URL).toBe('postgres://u@db:5432/shop');
    expect(config.REDIS_URL).toBe('redis://cache:6379');
    expect(config.ADDRESS_BLACKLIST_REGIONS).toEqual(['XX', 'YY']);
    expect(config.PLAYGROUND).toBe(false);
    expect(config.INTROSPECTION).toBe(true);
    expect(config.BUS_MAX_DELIVERIES).toBe(5);
  });

  it('reports every bad variable by name in one ConfigError', () => {
    const err = configError({ PORT: 'eighty', JWT_SECRET: 'too-short', REDIS_URL: 'http://cache:6379' });
    expect(err.problems).toHaveLength(3);
    const byVar = Object.fromEntries(err.problems.map((p) => [p.split(':')[0], p]));
    expect(Object.keys(byVar).sort()).toEqual(['JWT_SECRET', 'PORT', 'REDIS_URL']);
    expect(byVar.JWT_SECRET).toContain('at least 32 characters');
    expect(byVar.REDIS_URL).toContain('redis: or rediss:');
    for (const name of ['PORT', 'JWT_SECRET', 'REDIS_URL']) expect(err.message).toContain(name);

    expect(configError({ PORT: '70000' }).problems).toEqual([expect.stringMatching(/^PORT: /)]);
    expect(configError({ PORT: '80.5' }).problems).toEqual([expect.stringMatching(/^PORT: /)]);
    expect(configError({ REDIS_URL: 'not a url' }).problems).toEqual([expect.stringMatching(/^REDIS_URL: /)]);
  });

  it('refuses production with development secrets, naming each', () => {
    const err = configError({ NODE_ENV: 'production' });
    expect(err.problems.sort()).toEqual(
      [
        'ADMIN_PASSWORD: must be set in production',
        'INTERNAL_SECRET: must be set in production',
        'JWT_SECRET: must be set in production',
        'PAYMENT_WEBHOOK_SECRET: must be set in production',
      ],
    );
    const one = configError({ NODE_ENV: 'production', ...SECRETS, JWT_SECRET: undefined });
    expect(one.problems).toEqual(['JWT_SECRET: must be set in production']);

    const config = loadConfig({ NODE_ENV: 'production', ...SECRETS });
    expect(config.insecureDefaults).toEqual([]);
    expect(config.INTROSPECTION).toBe(false);
  });

  it('parses SUBGRAPH_URLS into name -> URL and leaves embedded mode', () => {
    const config = loadConfig({
      SUBGRAPH_URLS: ' accounts=http://accounts:4001/ , inventory = https://inventory.internal:4002,',
    });
    expect(config.SUBGRAPH_URLS).toEqual({
      accounts: 'http://accounts:4001',
      inventory: 'https://inventory.internal:4002',
    });
    expect(config.embedded).toBe(false);
    expect(loadConfig({ SUBGRAPH_URLS: ' , ' }).embedded).toBe(true);

    for (const bad of ['accounts', '=http://accounts:4001', 'accounts=ftp://accounts', 'a=http://a:1,b=accounts:4001']) {
      const err = configError({ SUBGRAPH_URLS: bad });
      expect(err.problems).toHaveLength(1);
      expect(err.problems[0]).toMatch(/^SUBGRAPH_URLS: .*is not name=http\(s\):\/\/host:port/);
    }
  });
});
