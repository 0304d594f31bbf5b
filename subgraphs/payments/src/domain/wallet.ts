import { sql } from 'drizzle-orm';
import { badInput, isUuid, notFound, optionalText, queryRows, uuidv7, type Db, type Logger, type Money, type Tx } from '@shop/platform';
import { walletEntries } from '../db/schema.js';
import { orderMoney } from './order-money.js';
import type { Ports } from './ports.js';

/** Why a wallet balance changed (the ledger's `kind`). */
export type WalletEntryKind = 'CREDIT' | 'PAYMENT' | 'REFUND' | 'REBATE';

export interface WalletChange {
  accountId: string;
  /** Positive; the direction comes from credit or debit. */
  amount: number;
  kind: WalletEntryKind;
  actor: string;
  note?: string | null;
  orderId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
}

/** Largest single credit an operator may make, in minor units: a typo guard, not a business rule. */
const MAX_CREDIT = 100_000_000;

/**
 * The customers' wallets (L1 prepaid balance, seed 001 rebate): one balance per account in the
 * shop's currency and a ledger entry for every change, written in the same transaction. Debits are
 * conditional updates under a CHECK (balance >= 0), so no interleaving of payments overdraws.
 */
export class WalletService {
  constructor(
    private readonly deps: { db: Db; currency: string; ports: Ports; rebateBasisPoints: number; log: Logger },
  ) {}

  get currency(): string {
    return this.deps.currency;
  }

  async balance(accountId: string): Promise<Money> {
    if (!isUuid(accountId)) return { amount: 0, currency: this.deps.currency };
    const [row] = await queryRows<{ balance: number }>(this.deps.db, sql`select balance from payments.wallets where account_id = ${accountId}`);
    return { amount: row?.balance ?? 0, currency: this.deps.currency };
  }

  /** Adds to a balance (creating the wallet on first use); resolves with the new balance. */
  async credit(tx: Tx, change: WalletChange): Promise<number> {
    const [row] = await queryRows<{ balance: number }>(
      tx,
      sql`insert into payments.wallets (account_id, balance, currency) values (${change.accountId}, ${change.amount}, ${this.deps.currency})
          on conflict (account_id) do update set balance = payments.wallets.balance + excluded.balance, updated_at = now()
          returning balance`,
    );
    await this.record(tx, change, change.amount, row.balance);
    return row.balance;
  }

  /** Takes from a balance only if it covers the amount; resolves with the new balance, or null when it does not. */
  async debit(tx: Tx, change: WalletChange): Promise<number | null> {
    const [row] = await queryRows<{ balance: number }>(
      tx,
      sql`update payments.wallets set balance = balance - ${change.amount}, updated_at = now()
          where account_id = ${change.accountId} and balance >= ${change.amount}
          returning balance`,
    );
    if (!row) return null;
    await this.record(tx, change, -change.amount, row.balance);
    return row.balance;
  }

  /** `creditWallet`: an operator adds to a customer's balance, with the reason in the ledger. */
  async creditByOperator(operatorId: string, input: { accountId: string; amount: Money; reason?: string | null }): Promise<Money> {
    const amount = this.checkAmount(input.amount);
    const note = optionalText('reason', input.reason, 500);
    if (!isUuid(input.accountId) || !(await this.deps.ports.accountExists(input.accountId))) throw notFound('Account');
    const balance = await this.deps.db.transaction((tx) =>
      this.credit(tx, { accountId: input.accountId, amount, kind: 'CREDIT', actor: operatorId, note }),
    );
    return { amount: balance, currency: this.deps.currency };
  }

  /**
   * The rebate of a completed order (seed 001): REBATE_BASIS_POINTS of what the order kept paid
   * (captured minus refunded), rounded down, credited to its owner once per order (a unique index
   * on the ledger makes a second rebate of the same order impossible).
   */
  async rebate(tx: Tx, order: { orderId: string; accountId: string }): Promise<number> {
    const [existing] = await queryRows(tx, sql`select 1 from payments.wallet_entries where order_id = ${order.orderId} and kind = 'REBATE'`);
    if (existing) return 0;
    const [currency] = await queryRows<{ currency: string }>(tx, sql`select currency from payments.payments where order_id = ${order.orderId} limit 1`);
    if (currency && currency.currency !== this.deps.currency) {
      this.deps.log.warn({ orderId: order.orderId, currency: currency.currency }, 'no rebate: the order is not in the wallet currency');
      return 0;
    }
    const money = await orderMoney(tx, order.orderId);
    const amount = Math.floor(((money.captured - money.refunded) * this.deps.rebateBasisPoints) / 10_000);
    if (amount <= 0) return 0;
    await this.credit(tx, { accountId: order.accountId, amount, kind: 'REBATE', actor: 'system:rebate', orderId: order.orderId, note: 'order completed' });
    return amount;
  }

  /** Checks an amount given in the wallet's currency: a positive integer. */
  private checkAmount(amount: Money): number {
    if (amount.currency !== this.deps.currency) throw badInput('amount', `Wallets hold ${this.deps.currency}`);
    if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) throw badInput('amount', 'amount must be a positive number of minor units');
    if (amount.amount > MAX_CREDIT) throw badInput('amount', `amount must be at most ${MAX_CREDIT}`);
    return amount.amount;
  }

  private async record(tx: Tx, change: WalletChange, signed: number, balanceAfter: number): Promise<void> {
    await tx.insert(walletEntries).values({
      id: uuidv7(),
      accountId: change.accountId,
      amount: signed,
      balanceAfter,
      currency: this.deps.currency,
      kind: change.kind,
      note: change.note ?? null,
      orderId: change.orderId ?? null,
      paymentId: change.paymentId ?? null,
      refundId: change.refundId ?? null,
      actor: change.actor,
    });
  }
}
