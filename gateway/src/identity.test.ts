import { describe, expect, it } from 'vitest';
import { ACCOUNT_CHANGED_CHANNEL, MemoryPubSub, MemoryRevocationList, TokenService, type InternalClient } from '@shop/platform';
import { IdentityResolver } from './identity.js';

const tokens = new TokenService({ secret: 'identity-test-secret-0123456789abcdef', issuer: 'shop', audience: 'shop-api', ttlSeconds: 600 });

/** The accounts service's `identities` operation, its calls recorded; `hold` keeps answers back until released. */
function accounts(level = 'REGULAR') {
  const calls: string[][] = [];
  let current = level;
  let gate: Promise<void> = Promise.resolve();
  const client: InternalClient = {
    call: async <T>(service: string, operation: string, input: unknown): Promise<T> => {
      expect([service, operation]).toEqual(['accounts', 'identities']);
      const { accountIds } = input as { accountIds: string[] };
      calls.push(accountIds);
      const answer = Object.fromEntries(accountIds.map((id) => [id, id.startsWith('gone') ? null : { roles: ['CUSTOMER'], level: current }]));
      await gate;
      return answer as T;
    },
  };
  return {
    client,
    calls,
    setLevel: (next: string) => (current = next),
    hold: () => {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => release();
    },
  };
}

async function bearer(accountId: string) {
  return `Bearer ${(await tokens.issue(accountId)).token}`;
}

describe('IdentityResolver', () => {
  it('caches a profile, shares concurrent lookups of one account, and drops it when the account changes', async () => {
    const pubsub = new MemoryPubSub();
    const source = accounts();
    const resolver = new IdentityResolver(tokens, new MemoryRevocationList(), source.client, pubsub, 60_000);
    await resolver.start();
    const auth = await bearer('acc-1');

    const first = await Promise.all([resolver.resolve(auth), resolver.resolve(auth), resolver.resolve(auth)]);
    expect(first.map((i) => i.kind === 'account' && i.level)).toEqual(['REGULAR', 'REGULAR', 'REGULAR']);
    await resolver.resolve(auth);
    expect(source.calls).toEqual([['acc-1']]);

    source.setLevel('VIP');
    await pubsub.publish(ACCOUNT_CHANGED_CHANNEL, 'acc-1');
    const after = await resolver.resolve(auth);
    expect(after.kind === 'account' && after.level).toBe('VIP');
    expect(source.calls).toEqual([['acc-1'], ['acc-1']]);
    await resolver.stop();
  });

  it('does not keep what a lookup read while the account changed', async () => {
    const source = accounts();
    const resolver = new IdentityResolver(tokens, new MemoryRevocationList(), source.client, new MemoryPubSub(), 60_000);
    const auth = await bearer('acc-2');
    const release = source.hold();
    const racing = resolver.resolve(auth);
    await new Promise((r) => setTimeout(r, 5));
    resolver.invalidate('acc-2');
    release();
    await racing;
    await resolver.resolve(auth);
    expect(source.calls).toEqual([['acc-2'], ['acc-2']]);
  });

  it('asks for the accounts of one turn of the event loop in one batch', async () => {
    const source = accounts();
    const resolver = new IdentityResolver(tokens, new MemoryRevocationList(), source.client, new MemoryPubSub(), 60_000);
    const ids = ['b-1', 'b-2', 'b-3', 'gone-4', 'b-5'];
    const auths = await Promise.all(ids.map(bearer));
    const answers = await Promise.allSettled([...auths, auths[0]].map((auth) => resolver.resolve(auth)));
    expect(source.calls).toEqual([ids]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });

  it('answers a request that came after an invalidation but before its batch left, with the batch', async () => {
    const source = accounts();
    const resolver = new IdentityResolver(tokens, new MemoryRevocationList(), source.client, new MemoryPubSub(), 60_000);
    const auth = await bearer('acc-4');
    const first = resolver.resolve(auth);
    // Lets the token checks (all in microtasks) run up to the lookup, which then waits for its batch.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    resolver.invalidate('acc-4');
    const second = resolver.resolve(auth);
    await Promise.all([first, second]);
    expect(source.calls).toEqual([['acc-4']]);
  });

  it('refuses a revoked token before looking anything up', async () => {
    const source = accounts();
    const revocations = new MemoryRevocationList();
    const resolver = new IdentityResolver(tokens, revocations, source.client, new MemoryPubSub(), 60_000);
    const { token, claims } = await tokens.issue('acc-3');
    await revocations.revoke(claims.jti, claims.exp);
    await expect(resolver.resolve(`Bearer ${token}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(source.calls).toEqual([]);
  });
});
