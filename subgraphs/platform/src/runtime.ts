import { Redis } from 'ioredis';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from './auth/rate-limit.js';
import { MemoryRevocationList, RedisRevocationList, type RevocationList } from './auth/revocation.js';
import { TokenService } from './auth/tokens.js';
import { MemoryEventBus } from './bus/memory.js';
import { RedisStreamsEventBus } from './bus/redis-streams.js';
import type { EventBus } from './bus/types.js';
import type { Config } from './config.js';
import { MemoryLeases, RedisLeases, type Leases } from './jobs/lease.js';
import { openDatabase, type Database } from './db/database.js';
import { EventRegistry } from './events/registry.js';
import { HttpInternalClient, LocalInternalClient, type InternalClient } from './internal/index.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { MemoryPubSub, RedisPubSub, type PubSub } from './pubsub/index.js';

/**
 * Everything a process shares between the services it hosts: one database, one bus, one pub/sub,
 * the token service and revocation list, logs and metrics. Built once per process by
 * {@link createRuntime}; memory or Redis/Postgres implementations are picked from the config.
 */
export interface Runtime {
  readonly config: Config;
  readonly nodeId: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Absent in a gateway that hosts no subgraph. */
  readonly database?: Database;
  readonly redis?: Redis;
  readonly bus: EventBus;
  readonly pubsub: PubSub;
  readonly revocations: RevocationList;
  readonly rateLimiter: RateLimiter;
  readonly tokens: TokenService;
  /** Leases of background jobs: one runner per job across instances. */
  readonly leases: Leases;
  readonly events: EventRegistry;
  readonly internal: InternalClient;
  /** Set in the embedded mode: where hosted services register their internal operations. */
  readonly localInternal?: LocalInternalClient;
  /** Resolves when the database (if any) and the bus answer. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Open the database (every process that hosts a subgraph). Default true. */
  database?: boolean;
  /** Base URLs of services for internal calls; absent: in-process calls. */
  serviceUrls?: Record<string, string>;
  logger?: Logger;
  /** Collect process-wide default metrics (off in tests that build many runtimes). */
  defaultMetrics?: boolean;
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.logger ?? createLogger(config.LOG_LEVEL, { node: config.NODE_ID });
  const metrics = new Metrics(options.defaultMetrics ?? true);
  const busOptions = { claimIdleMs: config.BUS_CLAIM_IDLE_MS, maxDeliveries: config.BUS_MAX_DELIVERIES };

  const database =
    options.database === false
      ? undefined
      : await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE });

  let redis: Redis | undefined;
  let bus: EventBus;
  let pubsub: PubSub;
  let revocations: RevocationList;
  let rateLimiter: RateLimiter;
  let leases: Leases;
  if (config.REDIS_URL) {
    redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
    redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
    await redis.connect();
    bus = new RedisStreamsEventBus(redis, config.REDIS_PREFIX, config.NODE_ID, busOptions, log.child({ component: 'bus' }));
    pubsub = new RedisPubSub(redis, config.REDIS_PREFIX);
    revocations = new RedisRevocationList(redis, config.REDIS_PREFIX);
    rateLimiter = new RedisRateLimiter(redis, config.REDIS_PREFIX);
    leases = new RedisLeases(redis, config.REDIS_PREFIX);
  } else {
    bus = new MemoryEventBus(busOptions, log.child({ component: 'bus' }));
    pubsub = new MemoryPubSub();
    revocations = new MemoryRevocationList();
    rateLimiter = new MemoryRateLimiter();
    leases = new MemoryLeases();
  }

  const localInternal = options.serviceUrls ? undefined : new LocalInternalClient();
  const remoteInternal = options.serviceUrls ? new HttpInternalClient(options.serviceUrls, config.INTERNAL_SECRET) : undefined;
  const internal: InternalClient = remoteInternal ?? localInternal!;

  const tokens = new TokenService({
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.JWT_TTL_SECONDS,
  });

  return {
    config,
    nodeId: config.NODE_ID,
    log,
    metrics,
    database,
    redis,
    bus,
    pubsub,
    revocations,
    rateLimiter,
    tokens,
    leases,
    events: new EventRegistry(),
    internal,
    localInternal,
    ready: async () => {
      await Promise.all([database?.ping(), bus.ping()]);
    },
    close: async () => {
      await bus.close();
      await pubsub.close();
      await database?.close();
      remoteInternal?.close();
      redis?.disconnect();
    },
  };
}
