import { handleWhen, type EventEnvelope, type InboxHandler } from '@shop/platform';
import type { NotificationService } from '../domain/notifications.js';
import type { NotificationKind } from '../domain/templates.js';
import {
  ConsumedEvents,
  type AccountContactPayload,
  type ClassRegisteredPayload,
  type OrderStatusChangedPayload,
  type RefundResultPayload,
  type WaitlistOfferedPayload,
} from './types.js';

/** Order statuses customers are told about (M11: paid, shipped; and cancellations). */
const ORDER_STATUS_KINDS: Record<string, NotificationKind> = {
  PAID: 'ORDER_PAID',
  SHIPPED: 'ORDER_SHIPPED',
  CANCELED: 'ORDER_CANCELED',
};

/** One inbox handler per consumed event type; each runs inside the inbox transaction. */
export function notificationHandlers(service: NotificationService): Record<string, InboxHandler> {
  return {
    [ConsumedEvents.AccountRegistered]: async (tx, event: EventEnvelope<AccountContactPayload>) => {
      if (!(await service.upsertRecipient(tx, event.payload, event.aggregateVersion))) return 'stale';
      await service.create(tx, { accountId: event.payload.accountId, kind: 'ACCOUNT_WELCOME', data: {}, sourceEventId: event.id });
      return undefined;
    },
    [ConsumedEvents.AccountUpdated]: async (tx, event: EventEnvelope<AccountContactPayload>) => {
      return (await service.upsertRecipient(tx, event.payload, event.aggregateVersion)) ? undefined : 'stale';
    },
    [ConsumedEvents.OrderStatusChanged]: handleWhen<OrderStatusChangedPayload>(
      ({ to }) => Object.hasOwn(ORDER_STATUS_KINDS, to),
      async (tx, event) => {
        const { accountId, orderId, reason, to } = event.payload;
        await service.create(tx, { accountId, kind: ORDER_STATUS_KINDS[to], orderId, data: { orderId, reason }, sourceEventId: event.id });
      },
    ),
    [ConsumedEvents.RefundSucceeded]: (tx, event: EventEnvelope<RefundResultPayload>) => refund(tx, event, 'REFUND_SUCCEEDED'),
    [ConsumedEvents.RefundFailed]: (tx, event: EventEnvelope<RefundResultPayload>) => refund(tx, event, 'REFUND_FAILED'),
    [ConsumedEvents.ClassRegistered]: async (tx, event: EventEnvelope<ClassRegisteredPayload>) => {
      const { accountId, swimmerName, classTitle, startsAt } = event.payload;
      await service.create(tx, { accountId, kind: 'CLASS_REGISTERED', data: { swimmerName, classTitle, startsAt }, sourceEventId: event.id });
    },
    [ConsumedEvents.WaitlistOffered]: async (tx, event: EventEnvelope<WaitlistOfferedPayload>) => {
      const { accountId, swimmerName, classTitle, holdUntil } = event.payload;
      await service.create(tx, { accountId, kind: 'WAITLIST_OFFERED', data: { swimmerName, classTitle, holdUntil }, sourceEventId: event.id });
    },
  };

  async function refund(tx: Parameters<InboxHandler>[0], event: EventEnvelope<RefundResultPayload>, kind: NotificationKind) {
    const { accountId, orderId, amount, reason } = event.payload;
    await service.create(tx, { accountId, kind, orderId, data: { orderId, amount, reason }, sourceEventId: event.id });
  }
}
