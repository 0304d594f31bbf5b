import { and, asc, desc, eq, exists, gt, ilike, isNull, lt, lte, or, sql } from 'drizzle-orm';
import {
  anyUuid,
  anyUuidOf,
  AppError,
  badInput,
  ErrorCode,
  intInRange,
  isUuid,
  notFound,
  optionalText,
  requiredText,
  Statement,
  uuidList,
  uuidv7,
  zonedTime,
  type CustomerLevel,
  type Db,
  type Money,
  type QuoteInput,
  type SkuQuote,
  type Tx,
} from '@shop/platform';
import {
  products,
  shelfEvents,
  shelfItems,
  shelves,
  skus,
  stock,
  warehouses,
  type LevelPrices,
  type ProductRow,
  type ShelfEventRow,
  type ShelfItemRow,
  type ShelfRow,
  type SkuRow,
  type StockRow,
  type WarehouseRow,
} from '../db/schema.js';
import { isOnShelf } from './shelf-status.js';
import { code, money } from './validation.js';

export type Placement = 'NORMAL' | 'HOT' | 'CAMPAIGN';
export const LEVELS: readonly CustomerLevel[] = ['REGULAR', 'VIP', 'PROMOTER'];

export interface ProductInput {
  name: string;
  description?: string | null;
  skus: { code: string; name: string }[];
}

export interface PutOnShelfInput {
  productId: string;
  startsAt?: string | null;
  endsAt?: string | null;
  freight: Money;
  placement?: Placement | null;
  items: {
    skuId: string;
    shelfQuantity: number;
    originalPrice: Money;
    prices: { level: CustomerLevel; price: Money }[];
  }[];
}

export interface ProductFilter {
  search?: string | null;
  onShelfOnly: boolean;
  placement?: Placement | null;
}

/** What the catalogue shows of a SKU: its current shelf and item, if any, and unbooked warehouse stock. */
export interface SkuOffer {
  skuId: string;
  productId: string;
  productName: string;
  skuName: string;
  shelf: Pick<ShelfRow, 'startsAt' | 'endsAt' | 'takenOffAt' | 'currency' | 'freightAmount'> | null;
  item: Pick<ShelfItemRow, 'remaining' | 'originalPrice' | 'prices'> | null;
  /** Sum over warehouses of quantity minus booked. */
  available: number;
}

/** An offer whose shelf is in force (inside its window, not taken off) and lists the SKU. */
export type LiveOffer = SkuOffer & { shelf: NonNullable<SkuOffer['shelf']>; item: NonNullable<SkuOffer['item']> };

/** The offer if the SKU can be bought at `now`, else null. */
export function liveOffer(offer: SkuOffer | null | undefined, now = Date.now()): LiveOffer | null {
  return offer?.item && offer.shelf && isOnShelf(offer.shelf, now) ? (offer as LiveOffer) : null;
}

/** Displayed stock (O2): min(shelf remaining, unbooked warehouse stock) while on shelf, else 0. */
export function displayStock(offer: LiveOffer | null): number {
  return offer ? Math.max(0, Math.min(offer.item.remaining, offer.available)) : 0;
}

/** How the cart prices a SKU for a customer level (contracts/inventory.ts `quote`). */
export function skuQuote(offer: SkuOffer, level: CustomerLevel, now = Date.now()): SkuQuote {
  const live = liveOffer(offer, now);
  const inShelfCurrency = (amount: number) => (live ? { amount, currency: live.shelf.currency } : null);
  return {
    skuId: offer.skuId,
    productId: offer.productId,
    productName: offer.productName,
    skuName: offer.skuName,
    onShelf: live !== null,
    price: live ? inShelfCurrency(live.item.prices[level]) : null,
    originalPrice: live ? inShelfCurrency(live.item.originalPrice) : null,
    freight: live ? inShelfCurrency(live.shelf.freightAmount) : null,
    displayStock: displayStock(live),
  };
}

const MAX_SKUS = 100;
const MAX_STOCK = 1_000_000_000;
const MAX_SHELF_QUANTITY = 1_000_000;
const MAX_QUOTE = 500;

/** Each SKU with its product, current shelf and item and unbooked stock: behind every quote and catalogue page. */
const offersOf = new Statement((db) => {
  const available = db
    .select({ skuId: stock.skuId, available: sql<number>`sum(${stock.quantity} - ${stock.booked})::int`.as('available') })
    .from(stock)
    .where(anyUuidOf(stock.skuId, 'skuIds'))
    .groupBy(stock.skuId)
    .as('available');
  return db
    // Only the columns the catalogue shows: on PGlite, decoding unused (timestamp) columns costs more than the query.
    .select({
      skuId: skus.id,
      productId: products.id,
      productName: products.name,
      skuName: skus.name,
      shelf: {
        startsAt: shelves.startsAt,
        endsAt: shelves.endsAt,
        takenOffAt: shelves.takenOffAt,
        currency: shelves.currency,
        freightAmount: shelves.freightAmount,
      },
      item: { remaining: shelfItems.remaining, originalPrice: shelfItems.originalPrice, prices: shelfItems.prices },
      available: available.available,
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .leftJoin(shelves, eq(shelves.id, products.currentShelfId))
    .leftJoin(shelfItems, and(eq(shelfItems.shelfId, shelves.id), eq(shelfItems.skuId, skus.id)))
    .leftJoin(available, eq(available.skuId, skus.id))
    .where(anyUuidOf(skus.id, 'skuIds'));
});

/** Products, SKUs, warehouses, stock and the shelf. Resolvers check roles; this checks input and rules. */
export class CatalogueService {
  constructor(private readonly db: Db) {}

  async createProduct(input: ProductInput): Promise<ProductRow> {
    const name = requiredText('name', input.name, 200);
    const description = optionalText('description', input.description, 5000);
    if (input.skus.length === 0) throw badInput('skus', 'A product needs at least one SKU');
    if (input.skus.length > MAX_SKUS) throw badInput('skus', `A product can have at most ${MAX_SKUS} SKUs`);
    const skuValues = input.skus.map((s, i) => ({
      id: uuidv7(),
      code: code(`skus.${i}.code`, s.code),
      name: requiredText(`skus.${i}.name`, s.name, 200),
      position: i,
    }));
    const duplicate = skuValues.findIndex((s, i) => skuValues.findIndex((o) => o.code === s.code) !== i);
    if (duplicate >= 0) throw badInput(`skus.${duplicate}.code`, `SKU code ${skuValues[duplicate].code} is given twice`);
    return this.db.transaction(async (tx) => {
      const [product] = await tx.insert(products).values({ id: uuidv7(), name, description }).returning();
      const inserted = await tx
        .insert(skus)
        .values(skuValues.map((s) => ({ ...s, productId: product.id })))
        .onConflictDoNothing({ target: skus.code })
        .returning({ code: skus.code });
      // A code another product has: refuse; the transaction leaves no partial product behind.
      if (inserted.length < skuValues.length) {
        const index = skuValues.findIndex((s) => !inserted.some((i) => i.code === s.code));
        throw badInput(`skus.${index}.code`, `SKU code ${skuValues[index].code} is already in use`);
      }
      return product;
    });
  }

  async productsByIds(ids: readonly string[]): Promise<ProductRow[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.db.select().from(products).where(anyUuid(products.id, valid)) : [];
  }

  /** Newest first, after the product id `after`; one more than `limit` to tell whether a next page exists. */
  list(filter: ProductFilter, limit: number, after: string | null): Promise<ProductRow[]> {
    const conditions = [];
    const search = filter.search?.trim();
    if (search) {
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(
        or(
          ilike(products.name, pattern),
          // Word similarity (pg_trgm, index-assisted): finds "swimsiut" in "Kids swimsuit".
          sql`${search} <% ${products.name}`,
          exists(this.db.select({ one: sql`1` }).from(skus).where(and(eq(skus.productId, products.id), ilike(skus.code, pattern)))),
        ),
      );
    }
    if (filter.onShelfOnly) {
      const now = new Date().toISOString();
      conditions.push(isNull(shelves.takenOffAt), lte(shelves.startsAt, now), or(isNull(shelves.endsAt), gt(shelves.endsAt, now)));
    }
    if (filter.placement) conditions.push(eq(shelves.placement, filter.placement));
    if (after) conditions.push(lt(products.id, after));
    const query = this.db.select({ product: products }).from(products);
    const joined = filter.onShelfOnly || filter.placement ? query.innerJoin(shelves, eq(shelves.id, products.currentShelfId)) : query;
    return joined
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(products.id))
      .limit(limit + 1)
      .then((rows) => rows.map((r) => r.product));
  }

  skusOfProducts(productIds: readonly string[]): Promise<SkuRow[]> {
    return this.db.select().from(skus).where(anyUuid(skus.productId, productIds)).orderBy(asc(skus.position));
  }

  async skusByIds(ids: readonly string[]): Promise<SkuRow[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.db.select().from(skus).where(anyUuid(skus.id, valid)) : [];
  }

  /** The current shelf and item of each SKU with its unbooked stock, in one query for a whole page. */
  async offers(skuIds: readonly string[]): Promise<SkuOffer[]> {
    const valid = skuIds.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await offersOf.run(this.db, { skuIds: uuidList(valid) });
    return rows.map((r) => ({ ...r, available: r.available ?? 0 }));
  }

  /** The cart's view of SKUs for a customer level, in one query for the batch; unknown SKUs are left out. */
  async quote(input: QuoteInput): Promise<SkuQuote[]> {
    if (!Array.isArray(input?.skuIds) || input.skuIds.some((id) => typeof id !== 'string')) throw badInput('skuIds', 'skuIds must be a list of ids');
    if (input.skuIds.length > MAX_QUOTE) throw badInput('skuIds', `At most ${MAX_QUOTE} SKUs per quote`);
    if (!LEVELS.includes(input.level as CustomerLevel)) throw badInput('level', `level must be one of ${LEVELS.join(', ')}`);
    const now = Date.now();
    return (await this.offers([...new Set(input.skuIds)])).map((offer) => skuQuote(offer, input.level as CustomerLevel, now));
  }

  async shelvesByIds(ids: readonly string[]): Promise<ShelfRow[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.db.select().from(shelves).where(anyUuid(shelves.id, valid)) : [];
  }

  itemsOfShelves(shelfIds: readonly string[]): Promise<ShelfItemRow[]> {
    return this.db
      .select({ item: shelfItems })
      .from(shelfItems)
      .innerJoin(skus, eq(skus.id, shelfItems.skuId))
      .where(anyUuid(shelfItems.shelfId, shelfIds))
      .orderBy(asc(skus.position))
      .then((rows) => rows.map((r) => r.item));
  }

  /**
   * Puts a product on shelf for a window (O1): no start means now; every SKU item needs a
   * shelf quantity, an original price and a price for every customer level, all in one currency.
   * A shelf still in force is superseded (taken off) by the new one. Recorded in the history (O3).
   */
  async putOnShelf(actorId: string, input: PutOnShelfInput): Promise<ShelfRow> {
    const now = new Date();
    const startsAt = input.startsAt == null || input.startsAt.trim() === '' ? now : zonedTime('startsAt', input.startsAt);
    const endsAt = input.endsAt == null || input.endsAt.trim() === '' ? null : zonedTime('endsAt', input.endsAt);
    if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw badInput('endsAt', 'endsAt must be after startsAt');
    const freight = money('freight', input.freight);
    const currency = freight.currency;
    if (input.items.length === 0) throw badInput('items', 'A shelf needs at least one SKU item');
    const seen = new Set<string>();
    const items = input.items.map((item, i) => {
      const field = `items.${i}`;
      if (seen.has(item.skuId)) throw badInput(`${field}.skuId`, `SKU ${item.skuId} is given twice`);
      seen.add(item.skuId);
      const shelfQuantity = intInRange(`${field}.shelfQuantity`, item.shelfQuantity, 1, MAX_SHELF_QUANTITY);
      const originalPrice = sameCurrency(`${field}.originalPrice`, money(`${field}.originalPrice`, item.originalPrice), currency);
      const prices = {} as LevelPrices;
      item.prices.forEach((p, j) => {
        if (p.level in prices) throw badInput(`${field}.prices.${j}.level`, `A price for ${p.level} is given twice`);
        prices[p.level] = sameCurrency(`${field}.prices.${j}.price`, money(`${field}.prices.${j}.price`, p.price), currency).amount;
      });
      const missing = LEVELS.filter((level) => !(level in prices));
      if (missing.length > 0) throw badInput(`${field}.prices`, `A price is needed for every customer level; missing: ${missing.join(', ')}`);
      return { skuId: item.skuId, shelfQuantity, originalPrice: originalPrice.amount, prices };
    });

    return this.db.transaction(async (tx) => {
      const product = await this.lockProduct(tx, input.productId);
      const own = new Set((await tx.select({ id: skus.id }).from(skus).where(eq(skus.productId, product.id))).map((s) => s.id));
      const foreign = items.findIndex((item) => !own.has(item.skuId));
      if (foreign >= 0) throw badInput(`items.${foreign}.skuId`, `SKU ${items[foreign].skuId} is not a SKU of this product`);
      if (product.currentShelfId) {
        await tx.update(shelves).set({ takenOffAt: now.toISOString() }).where(and(eq(shelves.id, product.currentShelfId), isNull(shelves.takenOffAt)));
      }
      const [shelf] = await tx
        .insert(shelves)
        .values({
          id: uuidv7(),
          productId: product.id,
          startsAt: startsAt.toISOString(),
          endsAt: endsAt?.toISOString() ?? null,
          freightAmount: freight.amount,
          currency,
          placement: input.placement ?? 'NORMAL',
          createdBy: actorId,
        })
        .returning();
      await tx.insert(shelfItems).values(items.map((item) => ({ id: uuidv7(), shelfId: shelf.id, remaining: item.shelfQuantity, ...item })));
      await tx.update(products).set({ currentShelfId: shelf.id }).where(eq(products.id, product.id));
      await this.record(tx, product.id, shelf.id, 'PUT_ON_SHELF', actorId);
      return shelf;
    });
  }

  /** Takes the product's current shelf off now; recorded in the history (O3). */
  async takeOffShelf(actorId: string, productId: string): Promise<ShelfRow> {
    return this.db.transaction(async (tx) => {
      const product = await this.lockProduct(tx, productId);
      if (!product.currentShelfId) throw notFound('Shelf of this product');
      const [shelf] = await tx
        .update(shelves)
        .set({ takenOffAt: new Date().toISOString() })
        .where(and(eq(shelves.id, product.currentShelfId), isNull(shelves.takenOffAt)))
        .returning();
      if (!shelf) throw new AppError(ErrorCode.INVALID_STATE, 'The product is already off shelf');
      await this.record(tx, product.id, shelf.id, 'TAKE_OFF_SHELF', actorId);
      return shelf;
    });
  }

  /** Every shelf action on a product, oldest first. */
  async shelfHistory(productId: string): Promise<ShelfEventRow[]> {
    if (!isUuid(productId) || (await this.productsByIds([productId])).length === 0) throw notFound('Product');
    return this.db.select().from(shelfEvents).where(eq(shelfEvents.productId, productId)).orderBy(asc(shelfEvents.at), asc(shelfEvents.id));
  }

  async createWarehouse(input: { code: string; name: string; region?: string | null }): Promise<WarehouseRow> {
    const values = {
      id: uuidv7(),
      code: code('code', input.code),
      name: requiredText('name', input.name, 200),
      region: optionalText('region', input.region, 100),
    };
    const [row] = await this.db.insert(warehouses).values(values).onConflictDoNothing({ target: warehouses.code }).returning();
    if (!row) throw badInput('code', `A warehouse with code ${values.code} already exists`);
    return row;
  }

  warehouses(): Promise<WarehouseRow[]> {
    return this.db.select().from(warehouses).orderBy(asc(warehouses.code));
  }

  async warehousesByIds(ids: readonly string[]): Promise<WarehouseRow[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.db.select().from(warehouses).where(anyUuid(warehouses.id, valid)) : [];
  }

  stockOfWarehouses(warehouseIds: readonly string[]): Promise<StockRow[]> {
    return this.db.select().from(stock).where(anyUuid(stock.warehouseId, warehouseIds)).orderBy(asc(stock.skuId));
  }

  /** Sets the stock of a SKU in a warehouse to `quantity` (absolute); never below what orders have booked. */
  async setStock(warehouseId: string, skuId: string, quantityInput: number): Promise<StockRow> {
    const quantity = intInRange('quantity', quantityInput, 0, MAX_STOCK);
    if ((await this.warehousesByIds([warehouseId])).length === 0) throw notFound('Warehouse');
    if ((await this.skusByIds([skuId])).length === 0) throw notFound('SKU');
    const [row] = await this.db
      .insert(stock)
      .values({ warehouseId, skuId, quantity })
      .onConflictDoUpdate({
        target: [stock.warehouseId, stock.skuId],
        set: { quantity, updatedAt: new Date().toISOString() },
        // Checked on the locked row, so a booking committed meanwhile is counted.
        setWhere: lte(stock.booked, quantity),
      })
      .returning();
    if (!row) throw badInput('quantity', 'quantity must not be below the stock booked by orders');
    return row;
  }

  private async lockProduct(tx: Tx, productId: string): Promise<ProductRow> {
    const [row] = isUuid(productId) ? await tx.select().from(products).where(eq(products.id, productId)).for('update') : [];
    if (!row) throw notFound('Product');
    return row;
  }

  private async record(tx: Tx, productId: string, shelfId: string, action: string, actorId: string): Promise<void> {
    await tx.insert(shelfEvents).values({ id: uuidv7(), productId, shelfId, action, actorId, at: new Date().toISOString() });
  }
}

function sameCurrency(field: string, value: Money, currency: string): Money {
  if (value.currency !== currency) throw badInput(`${field}.currency`, `All prices of a shelf are in the freight's currency (${currency})`);
  return value;
}
