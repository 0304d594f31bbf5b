import type { Money } from './money.js';

/**
 * payments internal operations:
 * - `walletBalance({ accountId }) -> Money`.
 * - `refund(InternalRefundInput) -> { refundId, status }`: a refund the system decides (order
 *   cancelled after payment, class registration cancelled); idempotent by `idempotencyKey`;
 *   never more than captured minus refunded (`BAD_USER_INPUT`).
 * - `payWallet(WalletPaymentInput) -> { paymentId, status }`: the wallet part chosen at checkout
 *   (`useWallet`), captured at once from the customer's balance; idempotent by order (a second
 *   call returns the order's existing wallet payment). `PAYMENT_FAILED` when the balance no
 *   longer covers it.
 * - `webhook({ rawBody, signature }) -> { status: number, body }`: the gateway's
 *   `POST /webhooks/payments`, handed over with the raw body (signature checked here).
 */
export const PaymentOps = {
  walletBalance: 'walletBalance',
  refund: 'refund',
  payWallet: 'payWallet',
  webhook: 'webhook',
} as const;

/** Input of the internal `webhook` operation: the request body exactly as received, and its `Payment-Signature` header. */
export interface PaymentWebhookInput {
  rawBody: string;
  signature: string | null;
}

/** What the gateway answers the provider: the HTTP status (200, or 400 for a bad signature or body) and a JSON body. */
export interface PaymentWebhookResult {
  status: number;
  body: unknown;
}

export interface WalletPaymentInput {
  orderId: string;
  accountId: string;
  amount: Money;
}

export interface InternalRefundInput {
  orderId: string;
  amount: Money;
  reason: string;
  idempotencyKey: string;
}

/** Events payments publishes; aggregate: the payment (or the refund). */
export const PaymentEvents = {
  /** Payload {@link PaymentEventPayload}. */
  PaymentAuthorized: 'PaymentAuthorized',
  PaymentCaptured: 'PaymentCaptured',
  PaymentFailed: 'PaymentFailed',
  /** Payload {@link RefundEventPayload}. */
  RefundSucceeded: 'RefundSucceeded',
  RefundFailed: 'RefundFailed',
} as const;

export interface PaymentEventPayload {
  paymentId: string;
  orderId: string;
  accountId: string;
  method: string;
  amount: Money;
  /** Everything captured on the order so far (after this event), and everything refunded. */
  capturedTotal: Money;
  refundedTotal: Money;
  reason: string | null;
}

export interface RefundEventPayload {
  refundId: string;
  orderId: string;
  accountId: string;
  amount: Money;
  capturedTotal: Money;
  refundedTotal: Money;
  reason: string | null;
}
