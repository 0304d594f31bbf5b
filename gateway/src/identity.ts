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

/** Profiles kept at most; beyond it the least recently stored goes first. */
const MAX_PROFILES = 50_000;

/**
 * Turns an Authorization header into the caller's identity: verifies the JWT, refuses a revoked
 * token (checked on every request, so a logOut anywhere is seen everywhere), and adds the
 * account's current roles and level. Those come from the accounts service and are cached for
 * a few seconds (at most {@link MAX_PROFILES}); concurrent requests of one account share one
 * lookup. The accounts service announces changes on pub/sub and every gateway drops its cached
 * entry at once.
 */
export class IdentityResolver {
  private readonly cache = new Map<string, { profile: Profile | null; until: number }>();
  private readonly lookups = new Map<string, Promise<Profile | null>>();
  /** Counts invalidations: a lookup that overlapped one does not store what it read (it may be stale). */
  private invalidations = 0;
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
    this.lookups.delete(accountId);
    this.invalidations++;
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

  private profile(accountId: string): Promise<Profile | null> {
    const cached = this.cache.get(accountId);
    if (cached && cached.until > Date.now()) return Promise.resolve(cached.profile);
    let lookup = this.lookups.get(accountId);
    if (!lookup) {
      const invalidations = this.invalidations;
      lookup = this.internal.call<Profile | null>('accounts', 'identity', { accountId }).then(
        (profile) => {
          if (this.lookups.get(accountId) === lookup) this.lookups.delete(accountId);
          if (this.cacheMs > 0 && this.invalidations === invalidations) this.remember(accountId, profile);
          return profile;
        },
        (err: unknown) => {
          if (this.lookups.get(accountId) === lookup) this.lookups.delete(accountId);
          throw err;
        },
      );
      this.lookups.set(accountId, lookup);
    }
    return lookup;
  }

  private remember(accountId: string, profile: Profile | null): void {
    this.cache.delete(accountId);
    if (this.cache.size >= MAX_PROFILES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(accountId, { profile, until: Date.now() + this.cacheMs });
  }
}
