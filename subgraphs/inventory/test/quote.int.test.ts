/**
 * The cart's quotes (issue 7; MISSION S2, O1, O2, C1): the internal `quote` and `classQuote`
 * operations as the cart calls them, on the mode's database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type ClassQuote, type Runtime, type SkuQuote, type SubgraphInstance } from '@shop/platform';
import { createTestEnvironment, createTestRuntime, failureOf, type TestEnvironment } from '@shop/platform/testing';
import { CatalogueService } from '../src/domain/catalogue.js';
import { ClassService } from '../src/domain/classes.js';
import { createInventorySubgraph } from '../src/subgraph.js';

let environment: TestEnvironment;
let runtime: Runtime;
let inventory: SubgraphInstance;
let catalogue: CatalogueService;
let classes: ClassService;
const operator = uuidv7();

beforeAll(async () => {
  environment = await createTestEnvironment();
  runtime = await createTestRuntime(environment.env);
  inventory = await createInventorySubgraph(runtime);
  catalogue = new CatalogueService(runtime.database!.db);
  classes = new ClassService(runtime.database!.db);
});

afterAll(async () => {
  await inventory?.stop();
  await runtime?.close();
  await environment?.dispose();
});

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const quote = (skuIds: string[], level: string) => inventory.internal.quote({ skuIds, level }) as Promise<SkuQuote[]>;
const classQuote = (classIds: string[]) => inventory.internal.classQuote({ classIds }) as Promise<ClassQuote[]>;

/** A product with two SKUs; shelved (in `window`) with 5 of each unless `shelved` is false. */
async function product(window: { startsAt?: string; endsAt?: string } | false = {}) {
  const tag = uuidv7().slice(-12);
  const created = await catalogue.createProduct({
    name: `Fins ${tag}`,
    skus: [
      { code: `F-${tag}-S`, name: 'Small' },
      { code: `F-${tag}-L`, name: 'Large' },
    ],
  });
  const skus = await catalogue.skusOfProducts([created.id]);
  if (window) {
    await catalogue.putOnShelf(operator, {
      productId: created.id,
      ...window,
      freight: eur(450),
      items: skus.map((s) => ({
        skuId: s.id,
        shelfQuantity: 5,
        originalPrice: eur(3000),
        prices: [
          { level: 'REGULAR', price: eur(2500) },
          { level: 'VIP', price: eur(2200) },
          { level: 'PROMOTER', price: eur(2000) },
        ],
      })),
    });
  }
  return { id: created.id, name: created.name, skuIds: skus.map((s) => s.id) };
}

describe('quote', () => {
  it('gives the level price, original price, freight and displayed stock of SKUs on shelf', async () => {
    const shelved = await product();
    const warehouse = await catalogue.createWarehouse({ code: `Q-${uuidv7().slice(-10)}`, name: 'Depot' });
    // Shelf 5, warehouse 3: displayed stock is the smaller (O2); no stock at all for the second SKU.
    await catalogue.setStock(warehouse.id, shelved.skuIds[0], 3);

    const quotes = await quote(shelved.skuIds, 'VIP');

    const bySku = new Map(quotes.map((q) => [q.skuId, q]));
    expect(bySku.get(shelved.skuIds[0])).toEqual({
      skuId: shelved.skuIds[0],
      productId: shelved.id,
      productName: shelved.name,
      skuName: 'Small',
      onShelf: true,
      price: eur(2200),
      originalPrice: eur(3000),
      freight: eur(450),
      displayStock: 3,
    });
    expect(bySku.get(shelved.skuIds[1])).toMatchObject({ skuName: 'Large', onShelf: true, price: eur(2200), displayStock: 0 });
    expect((await quote([shelved.skuIds[0]], 'PROMOTER'))[0].price).toEqual(eur(2000));
    expect((await quote([shelved.skuIds[0]], 'REGULAR'))[0].price).toEqual(eur(2500));
  });

  it('has no price and no stock outside the shelf window, after take-off, or never shelved', async () => {
    const later = await product({ startsAt: new Date(Date.now() + 86_400_000).toISOString() });
    const ended = await product({ startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' });
    const takenOff = await product();
    await catalogue.takeOffShelf(operator, takenOff.id);
    const never = await product(false);

    const quotes = await quote([later.skuIds[0], ended.skuIds[0], takenOff.skuIds[0], never.skuIds[0]], 'REGULAR');

    expect(quotes).toHaveLength(4);
    for (const q of quotes) {
      expect(q).toMatchObject({ onShelf: false, price: null, originalPrice: null, freight: null, displayStock: 0 });
      expect(q.productName).toMatch(/^Fins /);
    }
  });

  it('leaves unknown and malformed SKU ids out, answers each SKU once, and refuses a bad level', async () => {
    const shelved = await product();
    const quotes = await quote([shelved.skuIds[0], uuidv7(), 'not-an-id', shelved.skuIds[0]], 'REGULAR');
    expect(quotes.map((q) => q.skuId)).toEqual([shelved.skuIds[0]]);
    expect(await quote([], 'REGULAR')).toEqual([]);
    expect(await failureOf(quote([shelved.skuIds[0]], 'GOLD'))).toEqual({ code: 'BAD_USER_INPUT', field: 'level' });
  });
});

describe('classQuote', () => {
  it('gives title, start, price and seats left of each known class', async () => {
    const swimClass = await classes.create({ title: 'Dolphins', startsAt: '2031-03-01T09:30:00+01:00', seatsTotal: 8, price: eur(12000) });
    const quotes = await classQuote([swimClass.id, uuidv7(), 'nope', swimClass.id]);
    expect(quotes).toEqual([
      { classId: swimClass.id, title: 'Dolphins', startsAt: '2031-03-01T08:30:00.000Z', price: eur(12000), seatsRemain: 8 },
    ]);
    expect(await failureOf(inventory.internal.classQuote({ classIds: 'x' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'classIds' });
  });
});
