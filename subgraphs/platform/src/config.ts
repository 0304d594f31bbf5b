import { hostname } from 'node:os';
import { z } from 'zod';

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
const DEV_INTERNAL_SECRET = 'dev-only-internal-secret-change-me';
const DEV_WEBHOOK_SECRET = 'dev-only-webhook-secret-change-me';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const csv = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL with protocol ${protocols.join(' or ')}` },
  );

/** `name=url` pairs, e.g. `accounts=http://accounts:4001,inventory=http://inventory:4002`. */
const subgraphUrls = z.string().transform((v, ctx) => {
  const out: Record<string, string> = {};
  for (const pair of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const target = pair.slice(eq + 1).trim();
    if (eq <= 0 || !/^https?:\/\//.test(target)) {
      ctx.addIssue({ code: 'custom', message: `"${pair}" is not name=http(s)://host:port` });
      return z.NEVER;
    }
    out[name] = target.replace(/\/+$/, '');
  }
  return out;
});

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ and - only (1-32)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default('./.data'),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]*$/, 'letters, digits, :, _ and - only')
    .default('shop:'),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
  JWT_ISSUER: z.string().min(1).default('shop'),
  JWT_AUDIENCE: z.string().min(1).default('shop-api'),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(12 * 3600),
  INTERNAL_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_INTERNAL_SECRET),
  PAYMENT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_WEBHOOK_SECRET),

  ADMIN_EMAIL: z.string().email().default('admin@shop.local'),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('admin-password'),
  ADDRESS_BLACKLIST_REGIONS: csv.default([]),
  ADDRESS_BLACKLIST_POSTAL_CODES: csv.default([]),

  PAYMENT_METHODS: z.string().optional(),
  PAYMENT_PROVIDER_MODE: z.enum(['auto', 'manual']).default('auto'),
  LOGISTICS_DELAY_MS: z.coerce.number().int().min(0).default(5000),

  SUBGRAPH_URLS: subgraphUrls.optional(),
  INTROSPECTION: bool.optional(),
  PLAYGROUND: bool.default(true),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_000_000),
  MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
  MAX_ALIASES: z.coerce.number().int().min(1).max(1000).default(30),
  MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(3000),
  MAX_COST: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
  /** How long the gateway serves a catalogue read from memory (0: off); any mutation empties it at once. */
  CATALOGUE_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  IDENTITY_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),

  NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(1).default(2000),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  NOTIFY_POLL_MS: z.coerce.number().int().min(10).default(1000),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(1000).default(20),
  WS_KEEPALIVE_MS: z.coerce.number().int().min(1000).default(15_000),

  /** The shop's currency: shelf prices, carts and orders are in it. */
  SHOP_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code').default('USD'),
  /** Units of each currency per one unit of SHOP_CURRENCY, as JSON, for price-summary conversion (S2). */
  CURRENCY_RATES: z
    .string()
    .default('{"USD":1,"EUR":0.92,"CNY":7.2,"RUB":92}')
    .transform((v, ctx) => {
      try {
        const rates = JSON.parse(v) as Record<string, unknown>;
        const ok = Object.entries(rates).every(([code, rate]) => /^[A-Z]{3}$/.test(code) && typeof rate === 'number' && rate > 0);
        if (ok) return rates as Record<string, number>;
      } catch {
        /* reported below */
      }
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of three-letter codes to positive numbers' });
      return z.NEVER;
    }),
  /**
   * How long the cart service refuses holds of a class itself once it learnt the class is full
   * (inventory answered CLASS_FULL, or a hold took the last seat), instead of asking inventory
   * again: in a flash sale the many late requests cost one read each (0: off).
   */
  CLASS_FULL_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** How long a cart holding class seats stays PENDING before the expiry job gives them back (C3). */
  CART_HOLD_MS: z.coerce.number().int().min(1000).default(15 * 60_000),
  MAX_CART_LINES: z.coerce.number().int().min(1).max(500).default(50),
  MAX_LINE_QUANTITY: z.coerce.number().int().min(1).max(100_000).default(99),
  /** Interval of the background jobs (cart expiry/recovery/orphans, order timeouts, reconciler, waitlist). */
  JOB_INTERVAL_MS: z.coerce.number().int().min(50).default(10_000),
  /** How long one instance holds a job's lease; another instance takes over after it lapses. */
  JOB_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  /** Age after which the reconciler pushes an order stuck between saga steps forward or back (L4). */
  RECONCILE_AFTER_MS: z.coerce.number().int().min(100).default(60_000),
  /** How long a seat offered from the waitlist is held in the customer's cart. */
  WAITLIST_HOLD_MS: z.coerce.number().int().min(1000).default(30 * 60_000),
  /** Share of a completed order's paid total credited to the customer's wallet (seed 001 rebate), in basis points. */
  REBATE_BASIS_POINTS: z.coerce.number().int().min(0).max(10_000).default(100),
  /** Delay before the simulated provider (PAYMENT_PROVIDER_MODE=auto) posts its webhooks. */
  PAYMENT_AUTO_DELAY_MS: z.coerce.number().int().min(0).default(300),

  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(250),
  /**
   * Least time between two outbox relay passes started by writes: a busy service publishes what
   * gathered meanwhile in one pass (each pass is a transaction) instead of one pass per write.
   * Adds at most this much to an event's way out under load; none after a quiet spell.
   */
  OUTBOX_GAP_MS: z.coerce.number().int().min(0).default(10),
  BUS_CLAIM_IDLE_MS: z.coerce.number().int().min(10).default(30_000),
  BUS_MAX_DELIVERIES: z.coerce.number().int().min(1).default(20),
});

type Parsed = z.infer<typeof schema>;

/** Validated process configuration; every field has a working local default. */
export interface Config extends Omit<Parsed, 'NODE_ID' | 'INTROSPECTION'> {
  NODE_ID: string;
  INTROSPECTION: boolean;
  /** True when no SUBGRAPH_URLS are given: this process hosts every subgraph itself. */
  embedded: boolean;
  /** Variables still at their development default (never allowed in production). */
  insecureDefaults: string[];
}

/**
 * A process of the distributed mode (a gateway calling SUBGRAPH_URLS, or a subgraph on its own)
 * must share revocations, events and broadcasts with the others: without Redis a logOut or an
 * event would stay inside one process.
 */
export function requireSharedServices(config: Config, what: string): void {
  if (!config.REDIS_URL) {
    throw new ConfigError([`REDIS_URL: required for ${what}, so that log-outs, events and account changes reach every process`]);
  }
}

/** Thrown by {@link loadConfig}; `problems` has one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment. Unknown variables are ignored; each bad variable is
 * reported by name with what is wrong, all at once.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  ) as Record<string, string>;
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const parsed = result.data;
  const insecureDefaults = [
    parsed.JWT_SECRET === DEV_JWT_SECRET && 'JWT_SECRET',
    parsed.INTERNAL_SECRET === DEV_INTERNAL_SECRET && 'INTERNAL_SECRET',
    parsed.PAYMENT_WEBHOOK_SECRET === DEV_WEBHOOK_SECRET && 'PAYMENT_WEBHOOK_SECRET',
    parsed.ADMIN_PASSWORD === 'admin-password' && 'ADMIN_PASSWORD',
  ].filter((v): v is string => Boolean(v));
  if (parsed.NODE_ENV === 'production' && insecureDefaults.length > 0) {
    throw new ConfigError(insecureDefaults.map((n) => `${n}: must be set in production`));
  }
  const embedded = !parsed.SUBGRAPH_URLS || Object.keys(parsed.SUBGRAPH_URLS).length === 0;
  return {
    ...parsed,
    NODE_ID: parsed.NODE_ID ?? `${hostname().replace(/[^A-Za-z0-9_-]/g, '').slice(0, 20)}-${process.pid}`,
    INTROSPECTION: parsed.INTROSPECTION ?? parsed.NODE_ENV !== 'production',
    embedded,
    insecureDefaults,
  };
}
