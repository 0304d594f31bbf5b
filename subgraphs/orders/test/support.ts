import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, parse, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import {
  AppError,
  ErrorCode,
  createEnvelope,
  createSubgraphContext,
  maskSubgraphError,
  uuidv7,
  type AccountAddress,
  type AccountIdentity,
  type CartSnapshot,
  type InternalRefundInput,
  type Money,
  type PricedLineSnapshot,
  type Runtime,
  type SubgraphInstance,
} from '@shop/platform';
import { createTestEnvironment, createTestRuntime, type TestEnvironment } from '@shop/platform/testing';
import { createInventorySubgraph } from '@shop/inventory';
import { createOrdersSubgraph, type OrdersSubgraph } from '../src/subgraph.js';

const usd = (amount: number): Money => ({ amount, currency: 'USD' });

type Booking = { status: 'BOOKED' | 'RELEASED' | 'ASSEMBLED'; lines: { skuId: string; quantity: number; warehouseId: string }[] };

/**
 * The services around orders, reduced to what checkout and the saga ask of them, with the same
 * contract semantics (idempotent by order id, tombstones on early release, contract error codes)
 * and switches to make a step fail. Integration tests of orders use them to reach failures the
 * real services would rarely produce on demand; the end-to-end tests run the real ones.
 */
export class FakeServices {
  readonly addresses = new Map<string, AccountAddress>();
  readonly carts = new Map<string, CartSnapshot>();
  readonly stock = new Map<string, number>();
  readonly bookings = new Map<string, Booking>();
  readonly couponUses = new Map<string, 'RESERVED' | 'RELEASED'>();
  readonly refunds: InternalRefundInput[] = [];
  readonly detached: string[] = [];
  readonly calls: string[] = [];
  /** Errors the next calls of an operation throw (`service.op`), one per call. */
  readonly failNext = new Map<string, Error[]>();
  /** Work done before the next call of an operation (`service.op`) is answered: what happens meanwhile elsewhere. */
  readonly beforeNext = new Map<string, () => Promise<void>>();

  register(runtime: Runtime): void {
    const local = runtime.localInternal!;
    const op = (name: string, fn: (input: any) => unknown) => async (input: any) => {
      this.calls.push(name);
      const failure = this.failNext.get(name)?.shift();
      if (failure) throw failure;
      const meanwhile = this.beforeNext.get(name);
      this.beforeNext.delete(name);
      await meanwhile?.();
      return fn(input);
    };
    local.register('accounts', {
      address: op('accounts.address', ({ accountId, addressId }) => {
        const found = this.addresses.get(addressId);
        return found && found.accountId === accountId ? found : null;
      }),
    });
    local.register('cart', {
      snapshot: op('cart.snapshot', ({ accountId }) => this.carts.get(accountId) ?? emptyCart()),
      markChecking: op('cart.markChecking', ({ cartId, orderId, version }) => {
        const cart = [...this.carts.values()].find((c) => c.cartId === cartId);
        if (!cart) throw new AppError(ErrorCode.NOT_FOUND, 'Cart not found');
        const checking = cart as CartSnapshot & { orderId?: string };
        if (cart.state === 'CHECKING' && checking.orderId === orderId) return { cartId };
        if (cart.state !== 'PENDING') throw new AppError(ErrorCode.CART_NOT_EDITABLE, `The cart is ${cart.state}`);
        if (version !== undefined && version !== cart.version) throw new AppError(ErrorCode.PRICE_CHANGED, 'The cart changed');
        Object.assign(cart, { state: 'CHECKING', version: cart.version + 1, orderId });
        return { cartId };
      }),
      detach: op('cart.detach', ({ orderId }) => {
        this.detached.push(orderId);
        return { orderId };
      }),
    });
    local.register('inventory', {
      book: op('inventory.book', ({ orderId, lines }) => {
        const existing = this.bookings.get(orderId);
        if (existing?.status === 'RELEASED') throw new AppError(ErrorCode.INVALID_STATE, 'released');
        if (existing) return { orderId, ...existing };
        for (const line of lines) {
          if ((this.stock.get(line.skuId) ?? 0) < line.quantity) throw new AppError(ErrorCode.OUT_OF_STOCK, `SKU ${line.skuId} is sold out`);
        }
        for (const line of lines) this.stock.set(line.skuId, this.stock.get(line.skuId)! - line.quantity);
        const booking: Booking = { status: 'BOOKED', lines: lines.map((l: { skuId: string; quantity: number }) => ({ ...l, warehouseId: WAREHOUSE })) };
        this.bookings.set(orderId, booking);
        return { orderId, ...booking };
      }),
      release: op('inventory.release', ({ orderId }) => {
        const booking = this.bookings.get(orderId);
        if (!booking) {
          this.bookings.set(orderId, { status: 'RELEASED', lines: [] });
          return { orderId, status: 'RELEASED', lines: [] };
        }
        if (booking.status === 'ASSEMBLED') throw new AppError(ErrorCode.INVALID_STATE, 'already ASSEMBLED');
        if (booking.status === 'BOOKED') for (const line of booking.lines) this.stock.set(line.skuId, this.stock.get(line.skuId)! + line.quantity);
        booking.status = 'RELEASED';
        return { orderId, ...booking };
      }),
      confirm: op('inventory.confirm', ({ orderId }) => {
        const booking = this.bookings.get(orderId);
        if (!booking) throw new AppError(ErrorCode.NOT_FOUND, 'Booking not found');
        if (booking.status === 'RELEASED') throw new AppError(ErrorCode.INVALID_STATE, 'already RELEASED');
        booking.status = 'ASSEMBLED';
        return { orderId, ...booking };
      }),
    });
    local.register('coupons', {
      reserve: op('coupons.reserve', ({ orderId, codes }) => {
        if (this.couponUses.get(orderId) === 'RELEASED') throw new AppError(ErrorCode.COUPON_INVALID, 'released');
        if (codes.includes('GONE')) throw new AppError(ErrorCode.COUPON_INVALID, 'Coupon GONE has no uses left');
        this.couponUses.set(orderId, 'RESERVED');
        return { discounts: [] };
      }),
      release: op('coupons.release', ({ orderId }) => {
        this.couponUses.set(orderId, 'RELEASED');
        return { orderId, status: 'RELEASED', couponIds: [] };
      }),
    });
    local.register('payments', {
      refund: op('payments.refund', (input: InternalRefundInput) => {
        this.refunds.push(input);
        return { refundId: uuidv7(), status: 'PENDING' };
      }),
    });
  }

  /** A PENDING cart for the account with product lines (sku, quantity, unit price) and optional class lines. */
  cart(accountId: string, lines: { skuId?: string; classId?: string; quantity: number; unitPrice: number }[], extra: Partial<CartSnapshot['summary']> = {}): CartSnapshot {
    const priced: PricedLineSnapshot[] = lines.map((l) => ({
      itemId: uuidv7(),
      skuId: l.skuId ?? null,
      productId: l.skuId ? `product-of-${l.skuId}` : null,
      classId: l.classId ?? null,
      swimmerId: l.classId ? uuidv7() : null,
      registrationId: l.classId ? uuidv7() : null,
      title: l.skuId ? 'Goggles' : 'Swim class',
      quantity: l.quantity,
      unitPrice: usd(l.unitPrice),
      amount: usd(l.unitPrice * l.quantity),
    }));
    const subtotal = priced.reduce((sum, l) => sum + l.amount.amount, 0);
    const discounts = extra.discounts ?? [];
    const freight = extra.freight ?? usd(0);
    const total = subtotal - discounts.reduce((sum, d) => sum + d.amount.amount, 0) + freight.amount;
    const snapshot: CartSnapshot = {
      cartId: uuidv7(),
      state: 'PENDING',
      version: 3,
      summary: { lines: priced, subtotal: usd(subtotal), discounts, freight, walletUsable: extra.walletUsable ?? usd(0), total: usd(total) },
      problems: [],
    };
    this.carts.set(accountId, snapshot);
    return snapshot;
  }
}

const WAREHOUSE = '0190d7c4-8a2e-7000-8000-00000000beef';

function emptyCart(): CartSnapshot {
  return {
    cartId: uuidv7(),
    state: 'ACTIVE',
    version: 1,
    summary: { lines: [], subtotal: usd(0), discounts: [], freight: usd(0), walletUsable: usd(0), total: usd(0) },
    problems: [],
  };
}

export interface Result<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

export interface OrdersHarness {
  environment: TestEnvironment;
  runtime: Runtime;
  orders: OrdersSubgraph;
  /** The real inventory subgraph, when asked for. */
  inventory: SubgraphInstance | null;
  fakes: FakeServices;
  /** Runs a GraphQL operation on the orders subgraph as `caller`, errors masked as the subgraph's server masks them. */
  gql<T = any>(query: string, variables: Record<string, unknown>, caller?: AccountIdentity): Promise<Result<T>>;
  /** Publishes an event on the bus as its producer would. */
  publish(type: string, aggregateId: string, aggregateVersion: number, payload: unknown): Promise<string>;
  close(): Promise<void>;
}

/**
 * The orders subgraph on the test mode's database and bus, its neighbours faked; with
 * `inventory`, the real inventory subgraph books the stock instead of the fake.
 */
export async function startOrders(overrides: Record<string, string> = {}, options: { inventory?: boolean } = {}): Promise<OrdersHarness> {
  const environment = await createTestEnvironment({ DATABASE_POOL_SIZE: '10', ...overrides });
  const runtime = await createTestRuntime(environment.env);
  const fakes = new FakeServices();
  fakes.register(runtime);
  // Registered after the fakes: its internal operations replace the fake inventory's.
  const inventory = options.inventory ? await createInventorySubgraph(runtime) : null;
  const orders = await createOrdersSubgraph(runtime);
  return {
    environment,
    runtime,
    orders,
    inventory,
    fakes,
    gql: async (query, variables, caller) => {
      const result = (await execute({
        schema: orders.schema,
        document: parse(query),
        variableValues: variables,
        contextValue: createSubgraphContext(caller ?? { kind: 'anonymous' }, uuidv7(), runtime.log),
      })) as ExecutionResult<any>;
      return { data: result.data, errors: result.errors?.map((e) => maskSubgraphError(runtime.log, e.toJSON(), e)) };
    },
    publish: async (type, aggregateId, aggregateVersion, payload) => {
      const event = createEnvelope({ type, aggregateId, aggregateVersion, payload }, 'test');
      await runtime.bus.publish(event);
      return event.id;
    },
    close: async () => {
      await orders.stop();
      await inventory?.stop();
      await runtime.close();
      await environment.dispose();
    },
  };
}

export function customer(roles: AccountIdentity['roles'] = ['CUSTOMER']): AccountIdentity {
  return { kind: 'account', accountId: uuidv7(), roles, level: 'REGULAR', jti: uuidv7(), exp: Math.floor(Date.now() / 1000) + 3600 };
}

/** A payment-method file with the given timeouts (minutes), for PAYMENT_METHODS. */
export function paymentMethodsFile(timeouts: { card: number; store?: number }): string {
  const path = join(tmpdir(), `payment-methods-${uuidv7()}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      methods: [
        { code: 'card', name: 'Card', kind: 'PAY_NOW', timeoutMinutes: timeouts.card },
        { code: 'store', name: 'Pay in store', kind: 'PAY_IN_STORE', timeoutMinutes: timeouts.store ?? 1440 },
        { code: 'wallet', name: 'Wallet', kind: 'WALLET', timeoutMinutes: timeouts.card },
      ],
    }),
  );
  return path;
}

export const ORDER_FIELDS = `id status stockStatus paymentStatus version total { amount currency } paid { amount } refunded { amount }
  walletAmount { amount } paymentMethod payDeadline
  items { id title quantity unitPrice { amount } amount { amount } sku { id } warehouse { id } swimClass { id } }
  shipment { status trackingNo shippedAt deliveredAt }
  history { from to actor reason version stockStatus paymentStatus }`;
