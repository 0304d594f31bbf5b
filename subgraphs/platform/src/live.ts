/**
 * Pub/sub channels that carry live updates from the services to every gateway's subscription
 * layer. Messages are small JSON pointers; the gateway reads the rest through the supergraph.
 */
export const LiveChannels = {
  /** `{ id, seq }` of each new notification of the account. */
  notifications: (accountId: string) => `live:notifications:${accountId}`,
  /** {@link OrderStatusPointer} of each status change of the account's orders. */
  orders: (accountId: string) => `live:orders:${accountId}`,
  /** {@link SeatsPointer} of each seat change of the class (public). */
  classSeats: (classId: string) => `live:class-seats:${classId}`,
} as const;

/** One status change of an order: the order's history entry with this aggregate version. */
export interface OrderStatusPointer {
  orderId: string;
  version: number;
}

/** A seat change of a class; the subscriber reads the class as it is now. */
export interface SeatsPointer {
  classId: string;
  seatsRemain: number;
  /** The class's version after the change: tells two changes to the same count apart. */
  version?: number;
}

/**
 * Broadcast (message body unused) that what the catalogue shows changed: gateways drop their
 * cached catalogue reads. Gateways send it after a mutation; inventory after every batch of its
 * events (bookings, releases, seat changes) that no gateway mutation may have carried.
 */
export const CATALOGUE_CHANGED_CHANNEL = 'catalogue-changed';
