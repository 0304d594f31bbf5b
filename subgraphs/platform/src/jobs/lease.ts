import type { Redis } from 'ioredis';

/**
 * A named lock with expiry (L5) that at most one holder has at a time, across every process that
 * shares the implementation: in-process for the embedded mode, Redis for the distributed one. A
 * holder that dies simply lets its lease lapse; another takes it after `ttlMs`.
 */
export interface Leases {
  /** Takes (or renews, if `holder` already has it) the lease `name` for `ttlMs`; false when someone else holds it. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back if `holder` still has it. */
  release(name: string, holder: string): Promise<void>;
}

export class MemoryLeases implements Leases {
  private readonly held = new Map<string, { holder: string; until: number }>();

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const current = this.held.get(name);
    if (current && current.holder !== holder && current.until > now) return false;
    this.held.set(name, { holder, until: now + ttlMs });
    return true;
  }

  async release(name: string, holder: string): Promise<void> {
    if (this.held.get(name)?.holder === holder) this.held.delete(name);
  }
}

// Take when free, renew when ours: one round trip, atomic on the Redis server.
const ACQUIRE = `
local current = redis.call('GET', KEYS[1])
if current == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export class RedisLeases implements Leases {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(ACQUIRE, 1, this.key(name), holder, String(ttlMs))) === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(name), holder);
  }

  private key(name: string): string {
    return `${this.prefix}lease:${name}`;
  }
}
