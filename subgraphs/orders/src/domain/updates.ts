import { LiveChannels, type Logger, type OrderStatusPointer, type Outbox, type PubSub, type Tx } from '@shop/platform';
import type { OrderRow } from '../db/schema.js';
import { needsFollowup, type OrderDraft } from './aggregate.js';
import type { OrderMetrics } from './metrics.js';
import type { CommittedStatusChange, OrderStore } from './store.js';

/**
 * Changes an order under its row lock and does what follows a commit: status changes are
 * counted (L7) and announced to live subscribers (`orderStatusChanged`), and an order left with
 * follow-up work is handed to the follow-up driver.
 */
export class OrderUpdates {
  /** Set by the subgraph once the follow-up driver exists (it changes orders through this class). */
  onFollowup: (orderId: string) => void = () => {};

  constructor(
    private readonly deps: { store: OrderStore; outbox: Outbox; pubsub: PubSub; metrics: OrderMetrics; log: Logger },
  ) {}

  /**
   * Locks the order, lets `change` apply changes to it, and saves them with their history and
   * events in the same transaction. Resolves with the order after the change, or null when
   * there is no such order. Whatever `change` throws rolls everything back.
   */
  async mutate(orderId: string, change: (draft: OrderDraft, tx: Tx) => Promise<void> | void): Promise<OrderRow | null> {
    const result = await this.deps.outbox.transaction(async (tx) => {
      const draft = await this.deps.store.lock(tx, orderId);
      if (!draft) return null;
      await change(draft, tx);
      return { draft, changes: await this.deps.store.save(tx, draft) };
    });
    if (!result) return null;
    await this.afterCommit(result.draft.order, result.changes, result.draft.refunds.length > 0);
    return result.draft.order;
  }

  /** After a commit that changed `order`: metrics, live pointers, follow-up. */
  async afterCommit(order: Pick<OrderRow, 'id' | 'status' | 'stockStatus' | 'couponsState'>, changes: CommittedStatusChange[], refundsDue = false): Promise<void> {
    await this.announce(changes);
    if (refundsDue || needsFollowup(order)) this.onFollowup(order.id);
  }

  /** Counts committed status changes and publishes one live pointer each, in version order. */
  async announce(changes: CommittedStatusChange[]): Promise<void> {
    for (const change of changes) {
      this.deps.metrics.transitions.inc({ from: change.from ?? 'NONE', to: change.to });
      const pointer: OrderStatusPointer = { orderId: change.orderId, version: change.version };
      await this.deps.pubsub
        .publish(LiveChannels.orders(change.accountId), JSON.stringify(pointer))
        .catch((err: unknown) => this.deps.log.warn({ err, orderId: change.orderId }, 'live order pointer not published'));
    }
  }
}
