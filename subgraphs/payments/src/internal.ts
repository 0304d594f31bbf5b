import type { InternalHandlers, InternalRefundInput, Money, PaymentWebhookInput, PaymentWebhookResult, WalletPaymentInput } from '@shop/platform';
import type { PaymentService } from './domain/payments.js';
import type { RefundService } from './domain/refunds.js';
import type { WalletService } from './domain/wallet.js';
import type { WebhookService } from './domain/webhooks.js';

/** Operations other services call on payments directly (contracts/payments.ts). */
export function paymentsInternal(deps: { wallet: WalletService; refunds: RefundService; webhooks: WebhookService; payments: PaymentService }): InternalHandlers {
  const { wallet, refunds, webhooks, payments } = deps;
  return {
    /** The account's wallet balance (the cart's `walletUsable`, S2). */
    walletBalance: ({ accountId }: { accountId: string }): Promise<Money> => wallet.balance(accountId),
    /** The wallet part chosen at checkout (`useWallet`), captured at once; idempotent by order. */
    payWallet: async (input: WalletPaymentInput) => {
      const payment = await payments.payWalletAtCheckout(input);
      return { paymentId: payment.id, status: payment.status };
    },
    /** A refund the system decides (cancel after payment); idempotent by its key. */
    refund: (input: InternalRefundInput) => refunds.requestBySystem(input),
    /** The gateway's `POST /webhooks/payments`, with the raw body for the signature check. */
    webhook: async (input: PaymentWebhookInput | null): Promise<PaymentWebhookResult> => {
      if (typeof input?.rawBody !== 'string') return { status: 400, body: { error: 'no request body' } };
      return webhooks.handle({ rawBody: input.rawBody, signature: typeof input.signature === 'string' ? input.signature : null });
    },
  };
}
