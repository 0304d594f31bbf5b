import {
  badInput,
  byKeys,
  connection,
  decodeCursor,
  encodeCursor,
  forbidden,
  hasRole,
  iso,
  isUuid,
  loader,
  notFound,
  pageSize,
  requireAccount,
  requireRole,
  type CustomerLevel,
  type SubgraphContext,
  type SwimmerRef,
} from '@shop/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { ProductRow, RegistrationRow, ShelfItemRow, ShelfRow, SkuRow, StockRow, SwimClassRow, WarehouseRow } from '../db/schema.js';
import { LEVELS, displayStock, liveOffer, type CatalogueService, type Placement, type SkuOffer } from '../domain/catalogue.js';
import type { ClassService } from '../domain/classes.js';
import type { Actor, RegistrationService } from '../domain/registrations.js';
import type { RegistrationStatus } from '../domain/registration-status.js';
import type { WaitlistService } from '../domain/waitlist.js';
import { shelfStatus } from '../domain/shelf-status.js';

export interface InventoryServices {
  catalogue: CatalogueService;
  classes: ClassService;
  registrations: RegistrationService;
  waitlist: WaitlistService;
  /** A swimmer of the account, from the accounts service (contracts/accounts.ts `swimmer`); null when not theirs. */
  swimmerOf: (accountId: string, swimmerId: string) => Promise<SwimmerRef | null>;
}

/**
 * Thin resolvers: authorize, then call the catalogue, class, registration and waitlist services.
 * Every entity and child list goes through a request-scoped DataLoader, so a page costs a fixed
 * number of queries whatever its size.
 */
export function inventoryResolvers(services: InventoryServices): Resolvers {
  const { catalogue, classes, registrations, waitlist, swimmerOf } = services;
  const byId = <T extends { id: string }>(name: string, fetch: (ids: readonly string[]) => Promise<T[]>) => (ctx: SubgraphContext) =>
    loader<string, T | null>(ctx, name, async (ids) => byKeys(ids, await fetch(ids), (r) => r.id));
  const grouped = <T>(name: string, fetch: (ids: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) => (ctx: SubgraphContext) =>
    loader<string, T[]>(ctx, name, async (ids) => {
      const groups = new Map<string, T[]>();
      for (const row of await fetch(ids)) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
      return ids.map((id) => groups.get(id) ?? []);
    });

  const products = byId<ProductRow>('product', (ids) => catalogue.productsByIds(ids));
  const skus = byId<SkuRow>('sku', (ids) => catalogue.skusByIds(ids));
  const shelves = byId<ShelfRow>('shelf', (ids) => catalogue.shelvesByIds(ids));
  const warehouses = byId<WarehouseRow>('warehouse', (ids) => catalogue.warehousesByIds(ids));
  const swimClasses = byId<SwimClassRow>('swimClass', (ids) => classes.byIds(ids));
  const skusOfProduct = grouped('skusOfProduct', (ids) => catalogue.skusOfProducts(ids), (s) => s.productId);
  const itemsOfShelf = grouped('itemsOfShelf', (ids) => catalogue.itemsOfShelves(ids), (i) => i.shelfId);
  const stockOfWarehouse = grouped('stockOfWarehouse', (ids) => catalogue.stockOfWarehouses(ids), (s) => s.warehouseId);
  const registrationsById = byId<RegistrationRow>('registration', (ids) => registrations.byIds(ids));
  const studentsOf = grouped('studentsOfClass', (ids) => registrations.studentsOf(ids), (r) => r.classId);
  const registrationsOf = grouped('registrationsOfAccount', (ids) => registrations.ofAccounts(ids), (r) => r.accountId);
  /** Operators see every swimmer's classes and lines; a customer only their own swimmers'. */
  const viewerFilter = (ctx: SubgraphContext) => (hasRole(ctx.identity, 'OPERATOR') ? null : ctx.identity.kind === 'account' ? ctx.identity.accountId : undefined);
  const classesOf = (ctx: SubgraphContext) => {
    const viewer = viewerFilter(ctx);
    return grouped('classesOfSwimmer', async (ids) => (viewer === undefined ? [] : registrations.classesOf(ids, viewer)), (c) => c.swimmerId)(ctx);
  };
  const waitlistOf = (ctx: SubgraphContext) => {
    const viewer = viewerFilter(ctx);
    return grouped('waitlistOfSwimmer', async (ids) => (viewer === undefined ? [] : waitlist.ofSwimmers(ids, viewer)), (e) => e.swimmerId)(ctx);
  };
  /** The signed-in caller as an actor on registrations. */
  const actor = (ctx: SubgraphContext): Actor => {
    const account = requireAccount(ctx.identity);
    return { accountId: account.accountId, operator: hasRole(account, 'OPERATOR') };
  };
  const offers = (ctx: SubgraphContext) =>
    loader<string, SkuOffer | null>(ctx, 'offer', async (ids) => byKeys(ids, await catalogue.offers(ids), (o) => o.skuId));

  /** The SKU's current shelf and item while on shelf, else null. */
  const onShelf = async (ctx: SubgraphContext, skuId: string) => liveOffer(await offers(ctx).load(skuId));
  const required = async <T>(value: Promise<T | null>, what: string): Promise<T> => {
    const row = await value;
    if (!row) throw notFound(what);
    return row;
  };
  const viewerLevel = (ctx: SubgraphContext): CustomerLevel => (ctx.identity.kind === 'account' ? ctx.identity.level : 'REGULAR');
  /** Items carry amounts; their currency is their shelf's. */
  const itemCurrency = async (ctx: SubgraphContext, item: ShelfItemRow) => (await required(shelves(ctx).load(item.shelfId), 'Shelf')).currency;

  return {
    Query: {
      products: async (_, { search, onShelfOnly, placement, first, after }, ctx) => {
        const limit = pageSize(first);
        const cursor = decodeCursor(after, 1);
        if (cursor && (typeof cursor[0] !== 'string' || !isUuid(cursor[0]))) throw badInput('after', 'after is not a cursor of this list');
        const rows = await catalogue.list({ search, onShelfOnly: onShelfOnly ?? true, placement }, limit, cursor ? String(cursor[0]) : null);
        for (const row of rows) products(ctx).prime(row.id, row);
        return connection(rows, limit, (r) => encodeCursor([r.id]));
      },
      product: (_, { id }, ctx) => products(ctx).load(id),
      warehouses: (_, __, ctx) => {
        requireRole(ctx.identity, 'STOCK_OPERATOR');
        return catalogue.warehouses();
      },
      shelfHistory: (_, { productId }, ctx) => {
        requireRole(ctx.identity, 'OPERATOR');
        return catalogue.shelfHistory(productId);
      },
      swimClasses: async (_, { first, after }) => {
        const limit = pageSize(first);
        const cursor = decodeCursor(after, 2) as [string, string] | null;
        if (cursor && (Number.isNaN(Date.parse(cursor[0])) || !isUuid(String(cursor[1])))) throw badInput('after', 'after is not a cursor of this list');
        const rows = await classes.list(limit, cursor);
        return connection(rows, limit, (r) => encodeCursor([r.startsAt, r.id]));
      },
      swimClass: (_, { id }, ctx) => swimClasses(ctx).load(id),
    },
    Mutation: {
      createProduct: (_, { input }, ctx) => {
        requireRole(ctx.identity, 'OPERATOR');
        return catalogue.createProduct(input);
      },
      createWarehouse: (_, { input }, ctx) => {
        requireRole(ctx.identity, 'STOCK_OPERATOR');
        return catalogue.createWarehouse(input);
      },
      setStock: (_, { warehouseId, skuId, quantity }, ctx) => {
        requireRole(ctx.identity, 'STOCK_OPERATOR');
        return catalogue.setStock(warehouseId, skuId, quantity);
      },
      putOnShelf: (_, { input }, ctx) => {
        const operator = requireRole(ctx.identity, 'OPERATOR');
        return catalogue.putOnShelf(operator.accountId, input);
      },
      takeOffShelf: (_, { productId }, ctx) => {
        const operator = requireRole(ctx.identity, 'OPERATOR');
        return catalogue.takeOffShelf(operator.accountId, productId);
      },
      createSwimClass: (_, { input }, ctx) => {
        requireRole(ctx.identity, 'OPERATOR');
        return classes.create(input);
      },
      cancelClassRegistration: (_, { registrationId }, ctx) => registrations.cancel(registrationId, actor(ctx)),
      changeClass: (_, { registrationId, toClassId }, ctx) => registrations.changeClass(registrationId, toClassId, actor(ctx)),
      joinWaitlist: async (_, { classId, swimmerId }, ctx) => {
        const { accountId } = requireAccount(ctx.identity);
        const swimmer = isUuid(swimmerId) ? await swimmerOf(accountId, swimmerId) : null;
        if (!swimmer) throw notFound('Swimmer');
        return waitlist.join(accountId, classId, swimmer);
      },
      leaveWaitlist: async (_, { classId, swimmerId }, ctx) => {
        const { accountId } = requireAccount(ctx.identity);
        await waitlist.leave(accountId, classId, swimmerId);
        return true;
      },
    },
    Product: {
      __resolveReference: (ref, ctx) => required(products(ctx).load(ref.id), 'Product'),
      skus: (product, _, ctx) => skusOfProduct(ctx).load(product.id),
      shelf: (product, _, ctx) => (product.currentShelfId ? shelves(ctx).load(product.currentShelfId) : null),
      createdAt: (product) => iso(product.createdAt),
    },
    Sku: {
      __resolveReference: (ref, ctx) => required(skus(ctx).load(ref.id), 'SKU'),
      product: (sku, _, ctx) => required(products(ctx).load(sku.productId), 'Product'),
      price: async (sku, _, ctx) => {
        const offer = await onShelf(ctx, sku.id);
        return offer ? { amount: offer.item.prices[viewerLevel(ctx)], currency: offer.shelf.currency } : null;
      },
      originalPrice: async (sku, _, ctx) => {
        const offer = await onShelf(ctx, sku.id);
        return offer ? { amount: offer.item.originalPrice, currency: offer.shelf.currency } : null;
      },
      displayStock: async (sku, _, ctx) => displayStock(await onShelf(ctx, sku.id)),
      realStock: async (sku, _, ctx) => {
        requireRole(ctx.identity, 'STOCK_OPERATOR');
        return (await offers(ctx).load(sku.id))?.available ?? 0;
      },
    },
    Shelf: {
      product: (shelf, _, ctx) => required(products(ctx).load(shelf.productId), 'Product'),
      status: (shelf) => shelfStatus(shelf),
      startsAt: (shelf) => iso(shelf.startsAt),
      endsAt: (shelf) => (shelf.endsAt ? iso(shelf.endsAt) : null),
      freight: (shelf) => ({ amount: shelf.freightAmount, currency: shelf.currency }),
      placement: (shelf) => shelf.placement as Placement,
      items: (shelf, _, ctx) => {
        shelves(ctx).prime(shelf.id, shelf);
        return itemsOfShelf(ctx).load(shelf.id);
      },
    },
    ShelfItem: {
      sku: (item, _, ctx) => required(skus(ctx).load(item.skuId), 'SKU'),
      originalPrice: async (item, _, ctx) => ({ amount: item.originalPrice, currency: await itemCurrency(ctx, item) }),
      prices: async (item, _, ctx) => {
        const currency = await itemCurrency(ctx, item);
        return LEVELS.map((level) => ({ level, price: { amount: item.prices[level], currency } }));
      },
    },
    ShelfEvent: {
      at: (event) => iso(event.at),
      actor: (event) => event.actorId,
      shelf: (event, _, ctx) => required(shelves(ctx).load(event.shelfId), 'Shelf'),
    },
    Warehouse: {
      __resolveReference: (ref, ctx) => required(warehouses(ctx).load(ref.id), 'Warehouse'),
      stock: (warehouse, _, ctx) => {
        requireRole(ctx.identity, 'STOCK_OPERATOR');
        return stockOfWarehouse(ctx).load(warehouse.id);
      },
    },
    WarehouseStock: {
      warehouse: (row: StockRow, _, ctx) => required(warehouses(ctx).load(row.warehouseId), 'Warehouse'),
      sku: (row, _, ctx) => required(skus(ctx).load(row.skuId), 'SKU'),
      reserved: (row) => row.booked,
    },
    SwimClass: {
      __resolveReference: (ref, ctx) => required(swimClasses(ctx).load(ref.id), 'Swim class'),
      startsAt: (swimClass) => iso(swimClass.startsAt),
      price: (swimClass) => ({ amount: swimClass.priceAmount, currency: swimClass.currency }),
      students: async (swimClass, _, ctx) => {
        requireRole(ctx.identity, 'OPERATOR');
        return (await studentsOf(ctx).load(swimClass.id)).map((s) => ({ id: s.swimmerId }));
      },
    },
    Swimmer: {
      __resolveReference: (ref) => ({ id: ref.id }),
      classes: async (swimmer, _, ctx) => (await classesOf(ctx).load(swimmer.id)).map((c) => c.swimClass),
      waitlist: (swimmer, _, ctx) => waitlistOf(ctx).load(swimmer.id),
    },
    Account: {
      __resolveReference: (ref) => ({ id: ref.id }),
      registrations: (account, _, ctx) => {
        const caller = requireAccount(ctx.identity);
        if (caller.accountId !== account.id && !hasRole(caller, 'OPERATOR')) throw forbidden("Only the account itself sees its registrations");
        return registrationsOf(ctx).load(account.id);
      },
    },
    ClassRegistration: {
      __resolveReference: async (ref, ctx) => {
        const row = await required(registrationsById(ctx).load(ref.id), 'Registration');
        if (!mayRead(ctx, row)) throw notFound('Registration');
        return row;
      },
      swimmer: (registration) => ({ id: registration.swimmerId }),
      swimClass: (registration, _, ctx) => required(swimClasses(ctx).load(registration.classId), 'Swim class'),
      status: (registration) => registration.status as RegistrationStatus,
      price: (registration) => ({ amount: registration.priceAmount, currency: registration.currency }),
      heldAt: (registration) => iso(registration.heldAt),
      registeredAt: (registration) => (registration.registeredAt ? iso(registration.registeredAt) : null),
      canceledAt: (registration) => (registration.canceledAt ? iso(registration.canceledAt) : null),
      holdUntil: (registration) => (registration.holdUntil ? iso(registration.holdUntil) : null),
    },
    WaitlistEntry: {
      swimClass: (entry, _, ctx) => required(swimClasses(ctx).load(entry.classId), 'Swim class'),
      swimmer: (entry) => ({ id: entry.swimmerId }),
      joinedAt: (entry) => iso(entry.joinedAt),
    },
  };
}

/** A registration is its account's, and every operator's, to read. */
function mayRead(ctx: SubgraphContext, registration: RegistrationRow): boolean {
  return hasRole(ctx.identity, 'OPERATOR') || (ctx.identity.kind === 'account' && ctx.identity.accountId === registration.accountId);
}
