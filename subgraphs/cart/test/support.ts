/**
 * A cart service with the services it calls (accounts, inventory) on one runtime of the test
 * mode, GraphQL execution against each subgraph's own schema with a chosen identity, and a way
 * to make one internal operation of another service fail, as if that service were down.
 */
import { randomUUID } from 'node:crypto';
import { graphql } from 'graphql';
import { createAccountsSubgraph } from '@shop/accounts';
import { createInventorySubgraph } from '@shop/inventory';
import {
  AppError,
  createEnvelope,
  createLogger,
  createSubgraphContext,
  type CustomerLevel,
  type EventEnvelope,
  type Identity,
  type InternalHandlers,
  type Role,
  type Runtime,
  type SubgraphInstance,
} from '@shop/platform';
import { createTestEnvironment, createTestRuntime, type TestEnvironment } from '@shop/platform/testing';
import { createCartSubgraph, type CartSubgraph } from '../src/subgraph.js';

export interface CartHarness {
  runtime: Runtime;
  cart: CartSubgraph;
  accounts: SubgraphInstance;
  inventory: SubgraphInstance;
  /** Every event published on the bus, in order. */
  events: EventEnvelope<any>[];
  /** Makes `service.operation` throw (as if the service were unreachable) until `restore()`. */
  breakOperation(service: string, operation: string): { restore(): void };
  /** Stops the cart service and starts it again on the same database and bus (a process restart). */
  restartCart(): Promise<CartSubgraph>;
  close(): Promise<void>;
}

export async function startCartHarness(env: Record<string, string> = {}): Promise<CartHarness> {
  const environment: TestEnvironment = await createTestEnvironment({ JOB_INTERVAL_MS: '3600000', ...env });
  const runtime = await createTestRuntime(environment.env);
  const accounts = await createAccountsSubgraph(runtime);
  const inventory = await createInventorySubgraph(runtime);
  let cart = await createCartSubgraph(runtime);
  const events: EventEnvelope<any>[] = [];
  const tap = await runtime.bus.subscribe({
    group: `test-tap-${randomUUID()}`,
    types: ['CartApplied', 'CartDone', 'CartExpired', 'CartCanceled', 'ClassRegistered', 'SeatsChanged', 'WaitlistOffered'],
    handler: async (event) => {
      events.push(event);
    },
  });
  const local = runtime.localInternal!;
  const handlers: Record<string, InternalHandlers> = { accounts: accounts.internal, inventory: inventory.internal };

  return {
    runtime,
    get cart() {
      return cart;
    },
    accounts,
    inventory,
    events,
    breakOperation(service, operation) {
      const original = handlers[service];
      local.register(service, {
        ...original,
        [operation]: async () => {
          throw new Error(`${service} is unavailable`);
        },
      });
      return { restore: () => local.register(service, original) };
    },
    async restartCart() {
      await cart.stop();
      cart = await createCartSubgraph(runtime);
      return cart;
    },
    async close() {
      await tap.close();
      await cart?.stop();
      await inventory?.stop();
      await accounts?.stop();
      await runtime?.close();
      await environment?.dispose();
    },
  };
}

const silent = createLogger('silent');

/** Runs an operation against one subgraph's schema as `identity`; throws the first error (as an AppError when it carries a code). */
export async function exec<T = any>(instance: SubgraphInstance, source: string, variableValues: Record<string, unknown> = {}, identity: Identity = { kind: 'anonymous' }): Promise<T> {
  const contextValue = createSubgraphContext(identity, randomUUID(), silent);
  const result = await graphql({ schema: instance.schema, source, variableValues, contextValue });
  if (result.errors?.length) {
    const error = result.errors[0];
    const original = error.originalError;
    if (original instanceof AppError) throw original;
    throw error;
  }
  return result.data as T;
}

/** The identity the gateway would pass for an account. */
export const asAccount = (accountId: string, roles: Role[] = ['CUSTOMER'], level: CustomerLevel = 'REGULAR'): Identity => ({
  kind: 'account',
  accountId,
  roles,
  level,
  jti: randomUUID(),
  exp: Math.floor(Date.now() / 1000) + 3600,
});

let seq = 0;
/** A signed-up customer with one swimmer. */
export async function customer(h: CartHarness, level: CustomerLevel = 'REGULAR') {
  const email = `cart.${Date.now().toString(36)}.${seq++}@example.com`;
  const { signUp } = await exec(h.accounts, 'mutation($input: SignUpInput!) { signUp(input: $input) { account { id } } }', {
    input: { email, password: 'correct horse', name: 'Ann' },
  });
  const accountId: string = signUp.account.id;
  const identity = asAccount(accountId, ['CUSTOMER'], level);
  const { addSwimmer } = await exec(h.accounts, 'mutation { addSwimmer(input: { name: "Tom" }) { id } }', {}, identity);
  return { accountId, identity, swimmerId: addSwimmer.id as string };
}

export const OPERATOR = asAccount(randomUUID(), ['OPERATOR', 'STOCK_OPERATOR']);

/** A class starting in two days with `seats` seats at `price` minor units. */
export async function swimClass(h: CartHarness, seats: number, price = 5000, currency = 'USD'): Promise<string> {
  const { createSwimClass } = await exec(
    h.inventory,
    'mutation($input: SwimClassInput!) { createSwimClass(input: $input) { id } }',
    { input: { title: 'Dolphins', startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(), seatsTotal: seats, price: { amount: price, currency } } },
    OPERATOR,
  );
  return createSwimClass.id;
}

/** A product with one SKU on shelf (10 on shelf, `stock` in a warehouse); level prices REGULAR/VIP/PROMOTER. */
export async function shelvedSku(h: CartHarness, opts: { prices?: [number, number, number]; freight?: number; stock?: number; currency?: string } = {}) {
  const { prices = [2500, 2200, 2000], freight = 490, stock = 10, currency = 'USD' } = opts;
  const code = `C-${randomUUID().slice(0, 8)}`;
  const { createProduct } = await exec(h.inventory, 'mutation($input: ProductInput!) { createProduct(input: $input) { id skus { id } } }', {
    input: { name: `Fins ${code}`, skus: [{ code, name: 'M' }] },
  }, OPERATOR);
  const skuId: string = createProduct.skus[0].id;
  const money = (amount: number) => ({ amount, currency });
  await exec(h.inventory, 'mutation($input: PutOnShelfInput!) { putOnShelf(input: $input) { id } }', {
    input: {
      productId: createProduct.id,
      freight: money(freight),
      items: [{ skuId, shelfQuantity: 10, originalPrice: money(3000), prices: [
        { level: 'REGULAR', price: money(prices[0]) },
        { level: 'VIP', price: money(prices[1]) },
        { level: 'PROMOTER', price: money(prices[2]) },
      ] }],
    },
  }, OPERATOR);
  const { createWarehouse } = await exec(h.inventory, 'mutation($input: WarehouseInput!) { createWarehouse(input: $input) { id } }', {
    input: { code: `W-${code}`, name: 'Depot' },
  }, OPERATOR);
  await exec(h.inventory, 'mutation($w: ID!, $s: ID!, $q: Int!) { setStock(warehouseId: $w, skuId: $s, quantity: $q) { quantity } }', { w: createWarehouse.id, s: skuId, q: stock }, OPERATOR);
  return { productId: createProduct.id as string, skuId };
}

/** Publishes an order status change as the orders service would. */
export async function orderStatus(h: CartHarness, p: { orderId: string; cartId: string; accountId: string; to: string; from?: string; version: number }) {
  const money = { amount: 0, currency: 'USD' };
  await h.runtime.bus.publish(
    createEnvelope(
      {
        type: 'OrderStatusChanged',
        aggregateId: p.orderId,
        aggregateVersion: p.version,
        payload: { orderId: p.orderId, accountId: p.accountId, cartId: p.cartId, from: p.from ?? null, to: p.to, actor: 'system:test', reason: null, at: new Date().toISOString(), paid: money, total: money },
      },
      'test-node',
    ),
  );
}

export const CART_FIELDS = 'id state version expiresAt items { id quantity sku { id } swimClass { id } swimmer { id } unitPrice { amount currency } }';
