import {
  ACCOUNT_CHANGED_CHANNEL,
  ANONYMOUS,
  AccountOps,
  MAX_IDENTITIES,
  Services,
  unauthenticated,
  type AccountProfile,
  type Identity,
  type InternalClient,
  type PubSub,
  type RevocationList,
  type TokenService,
} from '@shop/platform';

/** A lookup waiting for the next batch: its promise and how to settle it. */
interface Waiting {
  lookup: Promise<AccountProfile | null>;
  resolve: (profile: AccountProfile | null) => void;
  reject: (err: unknown) => void;
}

/** Profiles kept at most; beyond it the least recently stored goes first. */
const MAX_PROFILES = 50_000;

/**
 * Turns an Authorization header into the caller's identity: verifies the JWT, refuses a revoked
 * token (checked on every request, so a logOut anywhere is seen everywhere), and adds the
 * account's current roles and level. Those come from the accounts service and are cached for
 * a few seconds (at most {@link MAX_PROFILES}); concurrent requests of one account share one
 * lookup, and the lookups of one turn of the event loop go to accounts as one batch (a crowd of
 * new customers at once — a flash sale — costs a few reads, not one each). The accounts service
 * announces changes on pub/sub and every gateway drops its cached entry at once.
 */
export class IdentityResolver {
  private readonly cache = new Map<string, { profile: AccountProfile | null; until: number }>();
  private readonly lookups = new Map<string, Promise<AccountProfile | null>>();
  /** Lookups for the next batch; not empty exactly while a flush is scheduled. */
  private readonly waiting = new Map<string, Waiting>();
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
    // A lookup still waiting for its batch has read nothing yet: it stays, and reads the change.
    if (!this.waiting.has(accountId)) this.lookups.delete(accountId);
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

  private profile(accountId: string): Promise<AccountProfile | null> {
    const cached = this.cache.get(accountId);
    if (cached && cached.until > Date.now()) return Promise.resolve(cached.profile);
    let lookup = this.lookups.get(accountId);
    if (!lookup) {
      let settle!: Pick<Waiting, 'resolve' | 'reject'>;
      lookup = new Promise<AccountProfile | null>((resolve, reject) => (settle = { resolve, reject }));
      if (this.waiting.size === 0) setImmediate(() => void this.flush());
      this.waiting.set(accountId, { lookup, ...settle });
      this.lookups.set(accountId, lookup);
    }
    return lookup;
  }

  /** Asks accounts for every profile waiting, in batches of at most {@link MAX_IDENTITIES}. */
  private async flush(): Promise<void> {
    const batch = [...this.waiting];
    this.waiting.clear();
    const invalidations = this.invalidations;
    for (let start = 0; start < batch.length; start += MAX_IDENTITIES) {
      const chunk = batch.slice(start, start + MAX_IDENTITIES);
      let profiles: Record<string, AccountProfile | null>;
      try {
        profiles = await this.internal.call<Record<string, AccountProfile | null>>(Services.accounts, AccountOps.identities, { accountIds: chunk.map(([id]) => id) });
      } catch (err) {
        for (const [accountId, waiter] of chunk) {
          this.forget(accountId, waiter);
          waiter.reject(err);
        }
        continue;
      }
      for (const [accountId, waiter] of chunk) {
        const profile = profiles[accountId] ?? null;
        this.forget(accountId, waiter);
        // A lookup that overlapped an invalidation may have read what changed: answered, not kept.
        if (this.cacheMs > 0 && this.invalidations === invalidations) this.remember(accountId, profile);
        waiter.resolve(profile);
      }
    }
  }

  /** Ends a lookup: later requests read the cache or start a new one (unless an invalidation already replaced it). */
  private forget(accountId: string, waiter: Waiting): void {
    if (this.lookups.get(accountId) === waiter.lookup) this.lookups.delete(accountId);
  }

  private remember(accountId: string, profile: AccountProfile | null): void {
    this.cache.delete(accountId);
    if (this.cache.size >= MAX_PROFILES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(accountId, { profile, until: Date.now() + this.cacheMs });
  }
}
