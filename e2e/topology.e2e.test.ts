/**
 * The distributed shape (foundation issue, MISSION A2-A4): a subgraph served on its own answers
 * only the gateway; a second gateway instance sees a log-out and a role change made through the
 * first one. On PGlite + in-process bus the two gateways share one process's revocation list and
 * pub/sub; on Postgres + Redis each gateway has its own connections and learns it through Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayProcess } from '@shop/gateway';
import { createRuntime, encodeIdentity, serveSubgraph, type Runtime, type SubgraphServer } from '@shop/platform';
import { isDistributed, testConfig } from '@shop/platform/testing';
import { AccountsDocument, GrantRoleDocument, LogInDocument, LogOutDocument, MeDocument, SignUpDocument } from './__generated__/operations.js';
import { connectLive, subscribe } from './support/live.js';
import { ADMIN, failure, ok, request, startTestSystem, uniqueEmail, type TestSystem } from './support/system.js';

let first: TestSystem;
let servers: SubgraphServer[] = [];
let accountsServer: SubgraphServer;
let second: GatewayProcess;
let secondRuntime: Runtime | undefined;

beforeAll(async () => {
  // A long identity cache: only the change broadcast can make the second gateway see a new role.
  first = await startTestSystem({ IDENTITY_CACHE_MS: '600000' });
  // Every subgraph of the first process served over HTTP too, as separate processes would be.
  servers = await Promise.all([...first.gateway.subgraphs.values()].map((instance) => serveSubgraph(instance, first.gateway.runtime, 0, '127.0.0.1')));
  const names = [...first.gateway.subgraphs.keys()];
  accountsServer = servers[names.indexOf('accounts')];
  const config = testConfig({ ...first.env, SUBGRAPH_URLS: names.map((name, i) => `${name}=${servers[i].url}`).join(',') });
  secondRuntime = isDistributed ? await createRuntime(config, { database: false, serviceUrls: config.SUBGRAPH_URLS, defaultMetrics: false }) : undefined;
  second = await startGateway({ config, runtime: secondRuntime ?? first.gateway.runtime, hostSubgraphs: false });
});

afterAll(async () => {
  await second?.close();
  await secondRuntime?.close();
  await Promise.all(servers.map((server) => server.close()));
  await first?.close();
});

describe('a subgraph on its own', () => {
  const query = JSON.stringify({ query: '{ me { id } }' });

  it('refuses a request without the gateway secret', async () => {
    const res = await fetch(`${accountsServer.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a wrong secret even with a claimed ADMIN identity', async () => {
    const identity = encodeIdentity({ kind: 'account', accountId: '01900000-0000-7000-8000-000000000000', roles: ['ADMIN'], level: 'REGULAR', jti: 'x', exp: 2e9 });
    const res = await fetch(`${accountsServer.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shop-gateway-secret': 'not-the-secret-at-all', 'x-shop-identity': identity },
      body: JSON.stringify({ query: '{ accounts { edges { node { email } } } }' }),
    });
    expect(res.status).toBe(403);
  });

  it('refuses internal calls without the secret', async () => {
    const res = await fetch(`${accountsServer.url}/internal/identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: '01900000-0000-7000-8000-000000000000' }),
    });
    expect(res.status).toBe(403);
  });

  it('answers the gateway over HTTP', async () => {
    const { signUp } = ok(await request(second.url, SignUpDocument, { input: { email: uniqueEmail('remote'), password: 'correct horse', name: 'Remote' } }));
    expect(ok(await request(second.url, MeDocument, {}, signUp.token)).me?.id).toBe(signUp.account.id);
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
  });
});

describe('two gateway instances', () => {
  it('pushes to a subscriber on the second instance, exactly once, what happened through the first', async () => {
    const { signUp } = ok(await first.gql(SignUpDocument, { input: { email: uniqueEmail('fanout'), password: 'correct horse', name: 'Fan' } }));
    const connection = connectLive(second.url, signUp.token);
    try {
      const sub = subscribe<{ notificationAdded: { seq: number; kind: string } }>(connection, 'subscription { notificationAdded(afterSeq: 0) { seq kind } }');
      await sub.waitFor(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(sub.values).toEqual([{ notificationAdded: { seq: 1, kind: 'ACCOUNT_WELCOME' } }]);
    } finally {
      await connection.dispose();
    }
  });

  it('refuses on the second instance a token logged out on the first', async () => {
    const email = uniqueEmail('twice');
    const { signUp } = ok(await first.gql(SignUpDocument, { input: { email, password: 'correct horse', name: 'Twice' } }));
    expect(ok(await request(second.url, MeDocument, {}, signUp.token)).me?.email).toBe(email);
    expect(ok(await first.gql(LogOutDocument, {}, signUp.token)).logOut).toBe(true);
    const refused = await request(second.url, MeDocument, {}, signUp.token);
    expect(refused.status).toBe(401);
    expect(failure(refused)).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/revoked/) });
  });

  it('applies on the second instance a role granted through the first, at once', async () => {
    const admin = ok(await first.gql(LogInDocument, ADMIN)).logIn.token;
    const { signUp } = ok(await first.gql(SignUpDocument, { input: { email: uniqueEmail('grant'), password: 'correct horse', name: 'Grant' } }));
    // The second gateway caches this account's roles now.
    expect(failure(await request(second.url, AccountsDocument, { first: 1 }, signUp.token)).code).toBe('FORBIDDEN');
    ok(await first.gql(GrantRoleDocument, { accountId: signUp.account.id, role: 'ADMIN' }, admin));
    await expect
      .poll(async () => (await request(second.url, AccountsDocument, { first: 1 }, signUp.token)).errors, { timeout: 3000 })
      .toBeUndefined();
  });
});
