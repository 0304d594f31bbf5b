import type { InternalHandlers } from '@shop/platform';
import type { NotificationService } from './domain/notifications.js';

const REPLAY_LIMIT = 500;

/** Operations the gateway's subscription layer calls directly. */
export function notificationsInternal(service: NotificationService): InternalHandlers {
  return {
    /** Ids and seqs of the account's notifications after `afterSeq`, oldest first (replay). */
    since: ({ accountId, afterSeq }: { accountId: string; afterSeq: number }) => service.since(accountId, afterSeq, REPLAY_LIMIT),
  };
}
