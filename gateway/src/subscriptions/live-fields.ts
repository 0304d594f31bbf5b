import { badInput, isUuid, LiveChannels, requireAccount, type Identity, type InternalClient, type OrderStatusPointer, type PubSub, type SeatsPointer } from '@shop/platform';
import { ReplayThenLiveStream } from './stream.js';

export interface LiveDeps {
  pubsub: PubSub;
  internal: InternalClient;
}

/**
 * How one field of `Subscription` is served: where its events come from, and which Query field
 * of the supergraph turns an event into the value the subscriber selected.
 */
export interface LiveField<E = any> {
  events(identity: Identity, args: Record<string, unknown>, deps: LiveDeps): AsyncIterableIterator<E>;
  /** The root Query field and its arguments (GraphQL type and value) that fetch the payload. */
  payload(event: E): { field: string; args: Record<string, { type: string; value: unknown }> };
}

interface NotificationPointer {
  id: string;
  seq: number;
}

/**
 * The served subscription fields by name. The gateway refuses to start when the composed
 * schema has a Subscription field missing here, so no subscription is ever silently dead.
 */
export const LIVE_FIELDS: Record<string, LiveField> = {
  notificationAdded: {
    events(identity, args, deps) {
      const { accountId } = requireAccount(identity);
      const afterSeq = args.afterSeq as number | null | undefined;
      if (afterSeq != null && afterSeq < 0) throw badInput('afterSeq', 'afterSeq must not be negative');
      return new ReplayThenLiveStream<NotificationPointer>({
        pubsub: deps.pubsub,
        channel: LiveChannels.notifications(accountId),
        replay: afterSeq == null ? undefined : () => deps.internal.call('notifications', 'since', { accountId, afterSeq }),
        key: (n) => n.seq,
        accept: (n) => afterSeq == null || n.seq > afterSeq,
      });
    },
    payload: (n: NotificationPointer) => ({ field: 'notification', args: { id: { type: 'ID!', value: n.id } } }),
  },
  /** Public: the seats of a class are no secret; each change of its seat count, the class as it is now. */
  classSeatsChanged: {
    events(_identity, args, deps) {
      const classId = args.classId as string;
      if (!isUuid(classId)) throw badInput('classId', 'classId is not the id of a class');
      let unversioned = 0;
      return new ReplayThenLiveStream<SeatsPointer>({
        pubsub: deps.pubsub,
        channel: LiveChannels.classSeats(classId),
        // Each change bumps the class's version: two changes to the same count are both delivered.
        key: (p) => p.version ?? `unversioned-${unversioned++}`,
      });
    },
    payload: (p: SeatsPointer) => ({ field: 'swimClass', args: { id: { type: 'ID!', value: p.classId } } }),
  },
  /** The caller's own order status changes (one order's, with orderId), each read through orderStatusEvent with the subscriber's identity. */
  orderStatusChanged: {
    events(identity, args, deps) {
      const { accountId } = requireAccount(identity);
      const orderId = (args.orderId as string | null | undefined) ?? null;
      if (orderId !== null && !isUuid(orderId)) throw badInput('orderId', 'orderId is not the id of an order');
      return new ReplayThenLiveStream<OrderStatusPointer>({
        pubsub: deps.pubsub,
        // The account's own channel: another customer's orders never reach this stream.
        channel: LiveChannels.orders(accountId),
        key: (p) => `${p.orderId}:${p.version}`,
        accept: (p) => orderId === null || p.orderId === orderId,
      });
    },
    payload: (p: OrderStatusPointer) => ({
      field: 'orderStatusEvent',
      args: { orderId: { type: 'ID!', value: p.orderId }, version: { type: 'Int!', value: p.version } },
    }),
  },
};
