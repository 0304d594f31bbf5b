import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  AppError,
  ErrorCode,
  PaymentEvents,
  badInput,
  notFound,
  uuidv7,
  type AccountIdentity,
  type Db,
  type Money,
  type OrderSummary,
  type Outbox,
  type PaymentMethodConfig,
} from '@shop/platform';
import { payments, type PaymentRow } from '../db/schema.js';
import { paymentPayload } from '../events/types.js';
import { lockOrder, orderMoney } from './order-money.js';
import type { Ports } from './ports.js';
import type { PaymentProvider } from './provider.js';
import type { WalletService } from './wallet.js';

/** Order statuses in which money may be taken (M7): unpaid, or partly paid. */
const PAYABLE_STATUSES = new Set(['PAY_PENDING', 'PAID_PARTIAL']);
/** Order ids are the orders service's; anything longer cannot be one. */
const MAX_ORDER_ID_LENGTH = 100;

export interface PayInput {
  orderId: string;
  method: string;
  /** Absent: everything still due. */
  amount?: Money | null;
}

/**
 * Taking payments (S5, S7, L1, L7, M7). A payment covers part or all of what an order still
 * owes; several methods may pay one order (mixed payment). A wallet payment is captured at once
 * in the transaction that debits the wallet; any other is created PENDING and the provider is
 * asked after commit — it moves on only through the provider's webhooks.
 */
export class PaymentService {
  constructor(
    private readonly deps: {
      db: Db;
      outbox: Outbox;
      ports: Ports;
      wallet: WalletService;
      provider: PaymentProvider;
      methods: PaymentMethodConfig[];
    },
  ) {}

  /** The configured methods (S5) for an order of the caller's. */
  async methodsFor(caller: AccountIdentity, orderId: string): Promise<PaymentMethodConfig[]> {
    await this.ownOrder(caller.accountId, orderId);
    return this.deps.methods;
  }

  /**
   * `pay`: the order must be the caller's and PAY_PENDING or PAID_PARTIAL; the amount (default:
   * all that is due) must be positive and at most what is due, where due = total − captured −
   * payments still in flight, computed under the order's lock so that concurrent payments cannot
   * together exceed the total.
   */
  async pay(caller: AccountIdentity, input: PayInput): Promise<PaymentRow> {
    return this.payFor(caller.accountId, input);
  }

  /**
   * The wallet part the customer chose at checkout (`useWallet`, L1 mixed payment), paid for them
   * right after the order is written. Idempotent by order: an existing wallet payment of the order
   * is returned instead of a second one.
   */
  async payWalletAtCheckout(input: { orderId: string; accountId: string; amount: { amount: number; currency: string } }): Promise<PaymentRow> {
    const wallet = this.deps.methods.find((m) => m.kind === 'WALLET');
    if (!wallet) throw new AppError(ErrorCode.PAYMENT_FAILED, 'No wallet payment method is configured');
    const [existing] = await this.deps.db
      .select()
      .from(payments)
      .where(and(eq(payments.orderId, input.orderId), eq(payments.kind, 'WALLET')))
      .limit(1);
    if (existing) return existing;
    return this.payFor(input.accountId, { orderId: input.orderId, method: wallet.code, amount: input.amount });
  }

  private async payFor(accountId: string, input: PayInput): Promise<PaymentRow> {
    const order = await this.ownOrder(accountId, input.orderId);
    if (!PAYABLE_STATUSES.has(order.status)) {
      throw new AppError(ErrorCode.INVALID_STATE, `Order ${order.orderId} is ${order.status}: there is nothing to pay`);
    }
    const method = this.deps.methods.find((m) => m.code === input.method);
    if (!method) throw badInput('method', `Unknown payment method; one of ${this.deps.methods.map((m) => m.code).join(', ')}`);
    const currency = order.total.currency;
    if (input.amount && input.amount.currency !== currency) throw badInput('amount', `The order is paid in ${currency}`);
    if (method.kind === 'WALLET' && currency !== this.deps.wallet.currency) {
      throw badInput('method', `The wallet holds ${this.deps.wallet.currency}; the order is in ${currency}`);
    }

    const payment = await this.deps.outbox.transaction(async (tx) => {
      await lockOrder(tx, order.orderId);
      const money = await orderMoney(tx, order.orderId);
      const due = order.total.amount - money.captured - money.inFlight;
      if (due <= 0) {
        throw new AppError(
          ErrorCode.INVALID_STATE,
          money.inFlight > 0 ? `Payments in progress already cover order ${order.orderId}` : `Order ${order.orderId} is paid`,
        );
      }
      const amount = input.amount?.amount ?? due;
      if (!Number.isSafeInteger(amount) || amount <= 0 || amount > due) {
        throw badInput('amount', `amount must be between 1 and ${due} (what is still due)`);
      }
      const id = uuidv7();
      const row = { id, orderId: order.orderId, accountId, method: method.code, kind: method.kind, amount, currency };
      if (method.kind !== 'WALLET') {
        const [created] = await tx.insert(payments).values({ ...row, status: 'PENDING' }).returning();
        return created;
      }
      const balance = await this.deps.wallet.debit(tx, {
        accountId,
        amount,
        kind: 'PAYMENT',
        actor: accountId,
        orderId: order.orderId,
        paymentId: id,
      });
      if (balance === null) throw new AppError(ErrorCode.PAYMENT_FAILED, 'The wallet balance does not cover this amount');
      const [captured] = await tx.insert(payments).values({ ...row, status: 'CAPTURED' }).returning();
      await this.deps.outbox.add(tx, {
        type: PaymentEvents.PaymentCaptured,
        aggregateId: id,
        aggregateVersion: captured.version,
        payload: paymentPayload(captured, await orderMoney(tx, order.orderId)),
      });
      return captured;
    });

    if (payment.status === 'PENDING') {
      this.deps.provider.requestPayment({ paymentId: payment.id, orderId: payment.orderId, amount: { amount: payment.amount, currency: payment.currency } });
    }
    return payment;
  }

  /** Every payment of the given orders, oldest first. */
  byOrders(orderIds: readonly string[]): Promise<PaymentRow[]> {
    return this.deps.db
      .select()
      .from(payments)
      .where(inArray(payments.orderId, [...orderIds]))
      .orderBy(asc(payments.createdAt), asc(payments.id));
  }

  /** The order, if it exists and is the caller's; NOT_FOUND otherwise, so others' orders are not revealed. */
  private async ownOrder(accountId: string, orderId: string): Promise<OrderSummary> {
    const order = await summaryOf(this.deps.ports, orderId);
    if (!order || order.accountId !== accountId) throw notFound('Order');
    return order;
  }
}

/** The order's summary, or null for an id that cannot be an order or names none. */
export async function summaryOf(ports: Ports, orderId: string): Promise<OrderSummary | null> {
  if (orderId.length === 0 || orderId.length > MAX_ORDER_ID_LENGTH) return null;
  return ports.orderSummary(orderId);
}
