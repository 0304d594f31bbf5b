import type { Redis } from 'ioredis';

/**
 * Revoked token ids, each kept until the token would have expired anyway. Checked on every
 * authenticated request; the Redis implementation makes a `logOut` visible to every instance.
 */
export interface RevocationList {
  revoke(jti: string, expiresAtSeconds: number): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
}

export class MemoryRevocationList implements RevocationList {
  private readonly revoked = new Map<string, number>();

  async revoke(jti: string, expiresAtSeconds: number): Promise<void> {
    this.revoked.set(jti, expiresAtSeconds * 1000);
  }

  async isRevoked(jti: string): Promise<boolean> {
    const until = this.revoked.get(jti);
    if (until === undefined) return false;
    if (until <= Date.now()) {
      this.revoked.delete(jti);
      return false;
    }
    return true;
  }
}

export class RedisRevocationList implements RevocationList {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async revoke(jti: string, expiresAtSeconds: number): Promise<void> {
    const ms = Math.ceil(expiresAtSeconds * 1000 - Date.now());
    // A token past its expiry is refused anyway; like the memory list, nothing to keep.
    if (ms <= 0) return;
    await this.redis.set(`${this.prefix}revoked:${jti}`, '1', 'PX', ms);
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await this.redis.exists(`${this.prefix}revoked:${jti}`)) === 1;
  }
}
