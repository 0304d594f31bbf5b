import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, MemoryPubSub, Metrics, type Identity } from '@shop/platform';
import { CatalogueCache, isCatalogueRead } from './response-cache.js';

const operation = (text: string) => parse(text).definitions[0] as OperationDefinitionNode;
const CATALOGUE = 'query Page { products(first: 2) { edges { node { id } } } }';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request through the plugin's hooks: the cached answer, or `fresh` as the subgraphs' answer. */
async function request(cache: CatalogueCache, text: string, fresh: unknown, identity: Identity = ANONYMOUS, errors?: { message: string }[]): Promise<unknown> {
  const hooks = (await cache.plugin().requestDidStart!({} as never))!;
  const context = { operation: operation(text), operationName: null, source: text, request: { variables: {} }, contextValue: { identity, requestId: 'r' } };
  const cached = await hooks.responseForOperation!(context as never);
  const response = cached ?? { body: { kind: 'single' as const, singleResult: { data: fresh, ...(errors ? { errors } : {}) } } };
  await hooks.willSendResponse!({ ...context, response } as never);
  return response.body.kind === 'single' ? response.body.singleResult.data : undefined;
}

describe('catalogue cache', () => {
  it('caches pure catalogue queries only', () => {
    expect(isCatalogueRead(operation(CATALOGUE))).toBe(true);
    expect(isCatalogueRead(operation('{ __typename product(id: "1") { id } swimClasses { edges { cursor } } }'))).toBe(true);
    expect(isCatalogueRead(operation('{ products { edges { cursor } } me { id } }'))).toBe(false);
    expect(isCatalogueRead(operation('{ ...F } fragment F on Query { products { edges { cursor } } }'))).toBe(false);
    expect(isCatalogueRead(operation('mutation { logOut }'))).toBe(false);
  });

  it('lets an answer expire after its TTL however often it is read', async () => {
    const cache = new CatalogueCache({ ttlMs: 200, pubsub: new MemoryPubSub(), metrics: new Metrics(false) });
    await cache.start();
    const started = Date.now();
    expect(await request(cache, CATALOGUE, 'first')).toBe('first');
    let seen: unknown = 'first';
    // Read it every 20 ms: hits must not extend the answer's life.
    while (seen === 'first' && Date.now() - started < 1000) {
      seen = await request(cache, CATALOGUE, 'second');
      await sleep(20);
    }
    expect(seen).toBe('second');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(500);
    await cache.stop();
  });

  it('drops every answer on a mutation, here and on other gateways through pub/sub', async () => {
    const pubsub = new MemoryPubSub();
    const here = new CatalogueCache({ ttlMs: 60_000, pubsub, metrics: new Metrics(false) });
    const there = new CatalogueCache({ ttlMs: 60_000, pubsub, metrics: new Metrics(false) });
    await Promise.all([here.start(), there.start()]);
    expect(await request(here, CATALOGUE, 'old')).toBe('old');
    expect(await request(there, CATALOGUE, 'old')).toBe('old');
    expect(await request(there, CATALOGUE, 'new')).toBe('old');
    await request(here, 'mutation { logOut }', { logOut: true });
    await sleep(10);
    expect(await request(here, CATALOGUE, 'new')).toBe('new');
    expect(await request(there, CATALOGUE, 'new')).toBe('new');
    await Promise.all([here.stop(), there.stop()]);
  });

  it('keeps its answers through a mutation refused as a whole, not through one partly done', async () => {
    const cache = new CatalogueCache({ ttlMs: 60_000, pubsub: new MemoryPubSub(), metrics: new Metrics(false) });
    await cache.start();
    const refusal = [{ message: 'No seat is left in this class' }];
    expect(await request(cache, CATALOGUE, 'old')).toBe('old');
    await request(cache, 'mutation { addClassToCart(classId: "c", swimmerId: "s") { id } }', { addClassToCart: null }, ANONYMOUS, refusal);
    await request(cache, 'mutation { logIn(email: "x", password: "y") { token } }', null, ANONYMOUS, refusal);
    expect(await request(cache, CATALOGUE, 'new')).toBe('old');
    await request(cache, 'mutation { a: logOut b: addClassToCart(classId: "c", swimmerId: "s") { id } }', { a: true, b: null }, ANONYMOUS, refusal);
    expect(await request(cache, CATALOGUE, 'new')).toBe('new');
    await cache.stop();
  });

  it('keeps answers apart by level and roles', async () => {
    const cache = new CatalogueCache({ ttlMs: 60_000, pubsub: new MemoryPubSub(), metrics: new Metrics(false) });
    const vip: Identity = { kind: 'account', accountId: 'a', roles: ['CUSTOMER'], level: 'VIP', jti: 'j', exp: 0 };
    const sameLevel: Identity = { ...vip, accountId: 'b' };
    const stock: Identity = { ...vip, roles: ['CUSTOMER', 'STOCK_OPERATOR'] };
    expect(await request(cache, CATALOGUE, 'anonymous')).toBe('anonymous');
    expect(await request(cache, CATALOGUE, 'vip', vip)).toBe('vip');
    expect(await request(cache, CATALOGUE, 'other', sameLevel)).toBe('vip');
    expect(await request(cache, CATALOGUE, 'stock', stock)).toBe('stock');
    expect(await request(cache, CATALOGUE, 'other')).toBe('anonymous');
  });
});
