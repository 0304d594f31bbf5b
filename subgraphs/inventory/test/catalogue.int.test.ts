/**
 * The catalogue page costs a fixed number of queries (issue 4): products, their SKUs, and the
 * shelf items with stock of those SKUs each come in one batch, whatever the page size.
 */
import { graphql } from 'graphql';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createSubgraphContext, uuidv7, type Runtime, type SubgraphInstance } from '@shop/platform';
import { createTestEnvironment, createTestRuntime, type TestEnvironment } from '@shop/platform/testing';
import { CatalogueService } from '../src/domain/catalogue.js';
import { createInventorySubgraph } from '../src/subgraph.js';

let environment: TestEnvironment;
let runtime: Runtime;
let inventory: SubgraphInstance;

beforeAll(async () => {
  environment = await createTestEnvironment();
  runtime = await createTestRuntime(environment.env);
  inventory = await createInventorySubgraph(runtime);
  const catalogue = new CatalogueService(runtime.database!.db);
  const warehouse = await catalogue.createWarehouse({ code: 'PAGE', name: 'Page depot' });
  const eur = (amount: number) => ({ amount, currency: 'EUR' });
  for (let i = 0; i < 25; i++) {
    const product = await catalogue.createProduct({ name: `Cap ${i}`, skus: [{ code: `CAP-${i}-S`, name: 'S' }, { code: `CAP-${i}-L`, name: 'L' }] });
    const skus = await catalogue.skusOfProducts([product.id]);
    for (const sku of skus) await catalogue.setStock(warehouse.id, sku.id, 5);
    await catalogue.putOnShelf(uuidv7(), {
      productId: product.id,
      freight: eur(0),
      items: skus.map((sku) => ({
        skuId: sku.id,
        shelfQuantity: 3,
        originalPrice: eur(900),
        prices: (['REGULAR', 'VIP', 'PROMOTER'] as const).map((level) => ({ level, price: eur(800) })),
      })),
    });
  }
});

afterAll(async () => {
  await inventory?.stop();
  await runtime?.close();
  await environment?.dispose();
});

const PAGE = '{ products(first: $first) { edges { node { id name shelf { status } skus { id price { amount } originalPrice { amount } displayStock } } } } }';

async function queriesFor(first: number): Promise<number> {
  const methods = ['list', 'skusOfProducts', 'offers', 'shelvesByIds', 'productsByIds', 'skusByIds', 'itemsOfShelves'] as const;
  const spies = methods.map((m) => vi.spyOn(CatalogueService.prototype, m));
  try {
    const result = await graphql({
      schema: inventory.schema,
      source: `query Page($first: Int) ${PAGE}`,
      variableValues: { first },
      contextValue: createSubgraphContext({ kind: 'anonymous' }, 'page', runtime.log),
    });
    expect(result.errors).toBeUndefined();
    const edges = (result.data as { products: { edges: { node: { skus: { displayStock: number; price: { amount: number } }[] } }[] } }).products.edges;
    expect(edges).toHaveLength(first);
    expect(edges.every((e) => e.node.skus.every((s) => s.displayStock === 3 && s.price.amount === 800))).toBe(true);
    return spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

it('reads a page of 20 products with prices and display stock in as many queries as a page of 2', async () => {
  const small = await queriesFor(2);
  const page = await queriesFor(20);
  expect(page).toBe(small);
  // The page, the SKUs, the shelves, and the shelf items with stock.
  expect(page).toBe(4);
});

it('resolves 20 SKU entities for the gateway in one batch', async () => {
  const catalogue = new CatalogueService(runtime.database!.db);
  const products = await catalogue.list({ onShelfOnly: true }, 20, null);
  const ids = (await catalogue.skusOfProducts(products.map((p) => p.id))).map((s) => s.id);
  expect(ids.length).toBeGreaterThanOrEqual(40);
  const spies = (['skusByIds', 'offers', 'productsByIds'] as const).map((m) => vi.spyOn(CatalogueService.prototype, m));
  try {
    const result = await graphql({
      schema: inventory.schema,
      source: 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sku { id price { amount } displayStock product { name } } } }',
      variableValues: { representations: ids.map((id) => ({ __typename: 'Sku', id })) },
      contextValue: createSubgraphContext({ kind: 'anonymous' }, 'entities', runtime.log),
    });
    expect(result.errors).toBeUndefined();
    expect((result.data as { _entities: unknown[] })._entities).toHaveLength(ids.length);
    expect(spies.map((s) => s.mock.calls.length)).toEqual([1, 1, 1]);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
});
