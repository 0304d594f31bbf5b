import {
  byKeys,
  connection,
  decodeCursor,
  encodeCursor,
  loader,
  pageSize,
  requireAccount,
  type SubgraphContext,
} from '@shop/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DeliveryRow, NotificationRow } from '../db/schema.js';
import type { NotificationService } from '../domain/notifications.js';

/** Thin resolvers: a customer sees and marks only their own notifications. */
export function notificationResolvers(service: NotificationService): Resolvers {
  const byId = (ctx: SubgraphContext) =>
    loader<string, NotificationRow | null>(ctx, 'notification', async (ids) => byKeys(ids, await service.byIds(ids), (r) => r.id));
  const deliveriesOf = (ctx: SubgraphContext) =>
    loader<string, DeliveryRow[]>(ctx, 'deliveries', async (ids) => {
      const rows = await service.deliveriesOf(ids);
      return ids.map((id) => rows.filter((r) => r.notificationId === id));
    });
  const own = async (ctx: SubgraphContext, id: string) => {
    const caller = requireAccount(ctx.identity);
    const row = await byId(ctx).load(id);
    return row && row.accountId === caller.accountId ? row : null;
  };

  return {
    Query: {
      notifications: async (_, { unreadOnly, first, after }, ctx) => {
        const caller = requireAccount(ctx.identity);
        const limit = pageSize(first);
        const cursor = decodeCursor(after, 1) as [number] | null;
        const rows = await service.list(caller.accountId, unreadOnly ?? false, limit, cursor ? Number(cursor[0]) : null);
        return connection(rows, limit, (r) => encodeCursor([r.seq]));
      },
      notification: (_, { id }, ctx) => own(ctx, id),
    },
    Mutation: {
      markNotificationsRead: (_, { ids }, ctx) => service.markRead(requireAccount(ctx.identity).accountId, ids),
    },
    Notification: {
      __resolveReference: (ref, ctx) => own(ctx, ref.id),
      deliveries: (notification, _, ctx) => deliveriesOf(ctx).load(notification.id),
    },
  };
}
