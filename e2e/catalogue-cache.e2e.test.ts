/**
 * The gateway's catalogue cache (O2, M12; the catalogue throughput goal of the inventory issue):
 * catalogue reads are answered from memory per customer level, every gateway drops its answers
 * when a mutation runs on any of them, and reads that are not pure catalogue reads are never
 * cached. The TTL here is long, so only the invalidation can make a change visible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayProcess } from '@shop/gateway';
import { createRuntime, serveSubgraph, uuidv7, type Runtime, type SubgraphServer } from '@shop/platform';
import { eventually, isDistributed, testConfig } from '@shop/platform/testing';
import {
  CreateProductDocument,
  CreateWarehouseDocument,
  GrantRoleDocument,
  LogInDocument,
  MeDocument,
  ProductDocument,
  PutOnShelfDocument,
  SetCustomerLevelDocument,
  SetStockDocument,
  SignUpDocument,
} from './__generated__/operations.js';
import { ADMIN, ok, request, startTestSystem, uniqueEmail, type TestSystem } from './support/system.js';

let first: TestSystem;
let servers: SubgraphServer[] = [];
let second: GatewayProcess;
let secondRuntime: Runtime | undefined;
let admin: string;
let product: { id: string; skus: { id: string }[] };
let warehouseId: string;

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** Catalogue cache lookups of a gateway by outcome, from its /metrics. */
async function lookups(url: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (outcome: string) => Number(new RegExp(`^shop_catalogue_cache_lookups_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss') };
}

beforeAll(async () => {
  first = await startTestSystem({ CATALOGUE_CACHE_MS: '600000' });
  servers = await Promise.all([...first.gateway.subgraphs.values()].map((instance) => serveSubgraph(instance, first.gateway.runtime, 0, '127.0.0.1')));
  const names = [...first.gateway.subgraphs.keys()];
  const config = testConfig({ ...first.env, SUBGRAPH_URLS: names.map((name, i) => `${name}=${servers[i].url}`).join(',') });
  secondRuntime = isDistributed ? await createRuntime(config, { database: false, serviceUrls: config.SUBGRAPH_URLS, defaultMetrics: false }) : undefined;
  second = await startGateway({ config, runtime: secondRuntime ?? first.gateway.runtime, hostSubgraphs: false });

  admin = ok(await first.gql(LogInDocument, ADMIN)).logIn.token;
  product = ok(
    await first.gql(CreateProductDocument, { input: { name: 'Cached goggles', skus: [{ code: `CACHE-${Date.now().toString(36)}`, name: 'One size' }] } }, admin),
  ).createProduct;
  warehouseId = ok(await first.gql(CreateWarehouseDocument, { input: { code: `cache-${Date.now().toString(36)}`, name: 'Cache depot' } }, admin)).createWarehouse.id;
  ok(await first.gql(SetStockDocument, { warehouseId, skuId: product.skus[0].id, quantity: 30 }, admin));
  ok(
    await first.gql(
      PutOnShelfDocument,
      {
        input: {
          productId: product.id,
          freight: eur(300),
          items: [
            {
              skuId: product.skus[0].id,
              shelfQuantity: 20,
              originalPrice: eur(2000),
              prices: [
                { level: 'REGULAR', price: eur(1800) },
                { level: 'VIP', price: eur(1500) },
                { level: 'PROMOTER', price: eur(1400) },
              ],
            },
          ],
        },
      },
      admin,
    ),
  );
});

afterAll(async () => {
  await second?.close();
  await secondRuntime?.close();
  await Promise.all(servers.map((server) => server.close()));
  await first?.close();
});

describe('catalogue cache', () => {
  it('answers a repeated catalogue read from memory with the same data', async () => {
    const before = await lookups(first.url);
    const a = ok(await first.gql(ProductDocument, { id: product.id }));
    const b = ok(await first.gql(ProductDocument, { id: product.id }));
    expect(b).toEqual(a);
    expect(a.product?.skus[0].price).toEqual(eur(1800));
    const after = await lookups(first.url);
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(1);
  });

  it('keeps answers apart by customer level, and a level change shows the new price at once', async () => {
    const { token, account } = ok(await first.gql(SignUpDocument, { input: { email: uniqueEmail('cache'), password: 'correct horse', name: 'Cache' } })).signUp;
    const price = async () => ok(await first.gql(ProductDocument, { id: product.id }, token)).product?.skus[0].price;
    expect(await price()).toEqual(eur(1800));
    ok(await first.gql(SetCustomerLevelDocument, { accountId: account.id, level: 'VIP' }, admin));
    expect(await price()).toEqual(eur(1500));
    // The anonymous answer is still the REGULAR one.
    expect(ok(await first.gql(ProductDocument, { id: product.id })).product?.skus[0].price).toEqual(eur(1800));
  });

  it('drops every gateway\'s answers when a mutation runs on any of them', async () => {
    const stock = async (gateway: string) => ok(await request(gateway, ProductDocument, { id: product.id })).product?.skus[0].displayStock;
    expect(await stock(second.url)).toBe(20);
    expect(await stock(second.url)).toBe(20);
    ok(await first.gql(SetStockDocument, { warehouseId, skuId: product.skus[0].id, quantity: 7 }, admin));
    await eventually(async () => (await stock(second.url)) === 7, 5000);
    expect(await stock(first.url)).toBe(7);
  });

  it('drops cached answers when stock changes without a gateway mutation (a booking, a release)', async () => {
    const stock = async () => ok(await request(second.url, ProductDocument, { id: product.id })).product?.skus[0].displayStock;
    const before = (await stock())!;
    const orderId = uuidv7();
    // As the orders service books, and a webhook or a job releases: internal calls, no mutation.
    await first.gateway.runtime.internal.call('inventory', 'book', { orderId, lines: [{ skuId: product.skus[0].id, quantity: 2 }] });
    await eventually(async () => (await stock()) === before - 2, 5000);
    await first.gateway.runtime.internal.call('inventory', 'release', { orderId, reason: 'payment failed' });
    await eventually(async () => (await stock()) === before, 5000);
  });

  it('never caches a read that is not purely the catalogue', async () => {
    const { token, account } = ok(await first.gql(SignUpDocument, { input: { email: uniqueEmail('mine'), password: 'correct horse', name: 'Mine' } })).signUp;
    const before = await lookups(first.url);
    expect(ok(await first.gql(MeDocument, {}, token)).me?.id).toBe(account.id);
    ok(await first.gql(GrantRoleDocument, { accountId: account.id, role: 'OPERATOR' }, admin));
    expect(ok(await first.gql(MeDocument, {}, token)).me?.roles).toContain('OPERATOR');
    const after = await lookups(first.url);
    expect(after).toEqual(before);
  });
});
