import type {
  CartEventPayload,
  EventEnvelope,
  InboxHandler,
  PaymentEventPayload,
  RefundEventPayload,
  RegistrationCanceledPayload,
  Tx,
} from '@shop/platform';
import type { OrderDraft } from '../domain/aggregate.js';
import { cartEnded, paymentAuthorized, paymentCaptured, paymentFailed, refundSucceeded } from '../domain/lifecycle.js';
import type { OrderStore } from '../domain/store.js';
import { ConsumedEvents, type StockEventPayload } from './types.js';

const INVENTORY_ACTOR = 'system:inventory';

/**
 * The saga's reactions (M3), one inbox handler per consumed event type, each inside the inbox
 * transaction (M4) with the order row locked. An event about an order this service does not
 * have (a checkout that failed and was compensated) changes nothing.
 */
export function orderHandlers(store: OrderStore): Record<string, InboxHandler> {
  /** Locks the event's order, applies `change`, saves what it did. */
  const onOrder =
    <P extends { orderId: string | null }>(change: (draft: OrderDraft, payload: P) => 'stale' | void) =>
    async (tx: Tx, event: EventEnvelope<P>): Promise<'stale' | void> => {
      if (!event.payload.orderId) return undefined;
      const draft = await store.lock(tx, event.payload.orderId, event.id);
      if (!draft) return undefined;
      const outcome = change(draft, event.payload);
      await store.save(tx, draft);
      return outcome;
    };

  return {
    [ConsumedEvents.PaymentAuthorized]: onOrder<PaymentEventPayload>(paymentAuthorized),
    [ConsumedEvents.PaymentCaptured]: onOrder<PaymentEventPayload>(paymentCaptured),
    [ConsumedEvents.PaymentFailed]: onOrder<PaymentEventPayload>(paymentFailed),
    [ConsumedEvents.RefundSucceeded]: onOrder<RefundEventPayload>(refundSucceeded),
    [ConsumedEvents.CartExpired]: onOrder<CartEventPayload>((draft, p) => cartEnded(draft, 'expired', p.reason)),
    [ConsumedEvents.CartCanceled]: onOrder<CartEventPayload>((draft, p) => cartEnded(draft, 'canceled', p.reason)),
    [ConsumedEvents.StockAssembled]: onOrder<StockEventPayload>((draft) => {
      if (draft.stockStatus !== 'BOOKED') return 'stale';
      draft.apply({ stockStatus: 'ASSEMBLED', actor: INVENTORY_ACTOR, reason: 'stock confirmed' });
      return undefined;
    }),
    [ConsumedEvents.StockReleased]: onOrder<StockEventPayload>((draft, p) => {
      if (draft.stockStatus !== 'BOOKED' && !(draft.stockStatus === 'ASSEMBLED' && draft.status === 'CANCELED')) return 'stale';
      draft.apply({ stockStatus: 'RELEASED', actor: INVENTORY_ACTOR, reason: p.reason ?? 'stock released' });
      return undefined;
    }),
    /** A paid class registration cancelled before the class: its price goes back through the order's payments. */
    [ConsumedEvents.RegistrationCanceled]: onOrder<RegistrationCanceledPayload>((draft, p) => {
      if (!p.refund || p.refund.amount <= 0) return undefined;
      draft.refund(p.registrationId, p.refund.amount, `class registration canceled: ${p.reason}`);
      return undefined;
    }),
  };
}
