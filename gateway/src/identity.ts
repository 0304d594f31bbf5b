import {
  ACCOUNT_CHANGED_CHANNEL,
  ANONYMOUS,
  unauthenticated,
  type CustomerLevel,
  type Identity,
  type InternalClient,
  type PubSub,
  type RevocationList,
  type Role,
  type TokenService,
} from '@shop/platform';

interface Profile {
  roles: Role[];
  level: CustomerLevel;
}

/**
 * Turns an Authorization header into the caller's identity: verifies the JWT, refuses a revoked
 * token (checked on every request, so a logOut anywhere is seen everywhere), and adds the
 * account's current roles and level. Those come from the accounts service and are cached for
 * a few seconds; the accounts service announces changes on pub/sub and every gateway drops its
 * cached entry at once.
 */
export class IdentityResolver {
  private readonly cache = new Map<string, { profile: Profile | null; until: number }>();
  /** Bumped on each invalidation, so a lookup that raced with one does not store a stale profile. */
  private readonly generations = new Map<string, number>();
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly tokens: TokenService,
    private readonly revocations: RevocationList,
    private readonly internal: InternalClient,
    private readonly pubsub: PubSub,
    private readonly cacheMs: number,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe(ACCOUNT_CHANGED_CHANNEL, (accountId) => this.invalidate(accountId));
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
  }

  invalidate(accountId: string): void {
    this.cache.delete(accountId);
    this.generations.set(accountId, (this.generations.get(accountId) ?? 0) + 1);
  }

  async resolve(authorization: string | undefined | null): Promise<Identity> {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('Authorization must be "Bearer <token>"');
    const claims = await this.tokens.verify(match[1]);
    if (await this.revocations.isRevoked(claims.jti)) throw unauthenticated('Token revoked; sign in again');
    const profile = await this.profile(claims.accountId);
    if (!profile) throw unauthenticated('Account no longer exists');
    return { kind: 'account', accountId: claims.accountId, roles: profile.roles, level: profile.level, jti: claims.jti, exp: claims.exp };
  }

  private async profile(accountId: string): Promise<Profile | null> {
    const cached = this.cache.get(accountId);
    if (cached && cached.until > Date.now()) return cached.profile;
    const generation = this.generations.get(accountId) ?? 0;
    const profile = await this.internal.call<Profile | null>('accounts', 'identity', { accountId });
    if (this.cacheMs > 0 && (this.generations.get(accountId) ?? 0) === generation) {
      this.cache.set(accountId, { profile, until: Date.now() + this.cacheMs });
    }
    return profile;
  }
}
