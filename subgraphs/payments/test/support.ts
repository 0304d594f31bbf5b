/**
 * A payments subgraph on the mode's database and bus, for the integration tests. The orders and
 * accounts services are not part of it: the internal operations payments asks of them,
 * `orders.summary` and `accounts.identity`, are test doubles over in-memory maps (see
 * {@link OrdersSummaryDouble}).
 */
import { randomUUID } from 'node:crypto';
import { graphql } from 'graphql';
import { sql, type SQL } from 'drizzle-orm';
import {
  createLogger,
  createSubgraphContext,
  queryRows,
  uuidv7,
  type AccountIdentity,
  type OrderSummary,
  type PaymentWebhookResult,
  type Role,
  type Runtime,
  type SubgraphInstance,
} from '@shop/platform';
import { createTestEnvironment, createTestRuntime, type TestEnvironment } from '@shop/platform/testing';
import { signWebhook } from '../src/domain/signature.js';
import { createPaymentsSubgraph } from '../src/subgraph.js';

export const CURRENCY = 'USD';
export const WEBHOOK_SECRET = 'webhook-secret-of-the-payments-tests';

/**
 * Test double of the orders service's `summary` operation: orders are whatever the test puts in
 * the map, with the status the test sets, so a test can have twenty unpaid orders of one account
 * or an order in any status on demand. The real orders service answers it in the end-to-end
 * tests (e2e/payments.e2e.test.ts, e2e/webhook-storm.e2e.test.ts).
 */
export class OrdersSummaryDouble {
  readonly orders = new Map<string, OrderSummary>();

  /** A new PAY_PENDING order of `accountId` with this total. */
  create(accountId: string, total: number, status = 'PAY_PENDING'): OrderSummary {
    const order: OrderSummary = {
      orderId: `ord-${uuidv7()}`,
      accountId,
      status,
      total: { amount: total, currency: CURRENCY },
      paid: { amount: 0, currency: CURRENCY },
      refunded: { amount: 0, currency: CURRENCY },
      paymentMethod: 'card',
      payDeadline: new Date(Date.now() + 15 * 60_000).toISOString(),
    };
    this.orders.set(order.orderId, order);
    return order;
  }

  setStatus(orderId: string, status: string): void {
    this.orders.get(orderId)!.status = status;
  }
}

export interface Harness {
  runtime: Runtime;
  payments: SubgraphInstance;
  orders: OrdersSummaryDouble;
  /** A signed-in account (known to the accounts double) with these roles. */
  account(roles?: Role[]): AccountIdentity;
  /** Runs an operation on the payments schema as `identity`; resolves with data and errors. */
  gql<T = any>(query: string, variables: Record<string, unknown>, identity: AccountIdentity): Promise<{ data?: T | null; errors?: { message: string; extensions: Record<string, any> }[] }>;
  /** Posts a webhook to the internal `webhook` operation as the gateway does; signed unless told otherwise. */
  webhook(type: string, data: Record<string, unknown>, options?: { id?: string; t?: number; signature?: string | null; rawBody?: string }): Promise<PaymentWebhookResult>;
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Record<string, string> = {}): Promise<Harness> {
  const environment: TestEnvironment = await createTestEnvironment({
    PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SHOP_CURRENCY: CURRENCY,
    DATABASE_POOL_SIZE: '12',
    ...overrides,
  });
  const runtime = await createTestRuntime(environment.env);
  const orders = new OrdersSummaryDouble();
  const accounts = new Map<string, AccountIdentity>();
  runtime.localInternal!.register('orders', { summary: async ({ orderId }: { orderId: string }) => orders.orders.get(orderId) ?? null });
  runtime.localInternal!.register('accounts', {
    identity: async ({ accountId }: { accountId: string }) => {
      const a = accounts.get(accountId);
      return a ? { roles: a.roles, level: a.level } : null;
    },
  });
  const payments = await createPaymentsSubgraph(runtime);
  const log = createLogger('silent');

  return {
    runtime,
    payments,
    orders,
    account: (roles = ['CUSTOMER']) => {
      const identity: AccountIdentity = { kind: 'account', accountId: uuidv7(), roles, level: 'REGULAR', jti: randomUUID(), exp: 0 };
      accounts.set(identity.accountId, identity);
      return identity;
    },
    gql: async (query, variables, identity) =>
      (await graphql({ schema: payments.schema, source: query, variableValues: variables, contextValue: createSubgraphContext(identity, randomUUID(), log) })) as any,
    webhook: async (type, data, options = {}) => {
      const rawBody = options.rawBody ?? JSON.stringify({ id: options.id ?? `evt_${randomUUID()}`, type, created: Math.floor(Date.now() / 1000), data });
      const signature = options.signature !== undefined ? options.signature : signWebhook(rawBody, WEBHOOK_SECRET, options.t);
      return (await payments.internal.webhook({ rawBody, signature })) as PaymentWebhookResult;
    },
    rows: (query) => queryRows(runtime.database!.db, query),
    close: async () => {
      await payments.stop();
      await runtime.close();
      await environment.dispose();
    },
  };
}

export const PAY = `mutation Pay($orderId: ID!, $method: String!, $amount: MoneyInput) {
  pay(orderId: $orderId, method: $method, amount: $amount) { id orderId method status amount { amount currency } }
}`;

export const REFUND = `mutation Refund($input: RefundInput!) {
  requestRefund(input: $input) { id orderId status reason amount { amount currency } }
}`;

export const CREDIT = `mutation Credit($accountId: ID!, $amount: MoneyInput!, $reason: String) {
  creditWallet(accountId: $accountId, amount: $amount, reason: $reason) { amount currency }
}`;

export const usd = (amount: number) => ({ amount, currency: CURRENCY });

export interface PaymentView {
  id: string;
  orderId: string;
  method: string;
  status: string;
  amount: { amount: number; currency: string };
}

/** The webhook data naming a payment, as the provider sends it. */
export const paymentData = (p: PaymentView) => ({ paymentId: p.id, orderId: p.orderId, amount: p.amount });

/** Pays `amount` of the order with `method` as `identity`, and has the provider capture it unless it is a wallet payment. */
export async function payAndCapture(h: Harness, identity: AccountIdentity, orderId: string, method: string, amount?: number): Promise<PaymentView> {
  const result = await h.gql<{ pay: PaymentView }>(PAY, { orderId, method, amount: amount === undefined ? null : usd(amount) }, identity);
  if (result.errors?.length) throw new Error(`pay failed: ${JSON.stringify(result.errors)}`);
  const payment = result.data!.pay;
  if (payment.status === 'PENDING') {
    const answer = await h.webhook('payment.captured', paymentData(payment));
    if (answer.status !== 200) throw new Error(`capture webhook refused: ${JSON.stringify(answer)}`);
    payment.status = 'CAPTURED';
  }
  return payment;
}

/** The events of one aggregate in the payments outbox, oldest first. */
export async function outboxOf(h: Harness, aggregateId: string) {
  return h.rows<{ type: string; aggregate_version: number; payload: any }>(
    sql`select type, aggregate_version, payload from payments.outbox where aggregate_id = ${aggregateId} order by seq`,
  );
}
