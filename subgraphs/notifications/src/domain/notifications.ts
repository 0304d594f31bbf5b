import { and, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { badInput, isUuid, uuidv7, type Db, type Tx } from '@shop/platform';
import { deliveries, notifications, recipients, type DeliveryRow, type NotificationRow } from '../db/schema.js';
import type { AccountContactPayload } from '../events/types.js';
import { render, type NotificationKind, type TemplateData } from './templates.js';

export interface NewNotification {
  accountId: string;
  kind: NotificationKind;
  data: TemplateData;
  orderId?: string | null;
  /** The event it comes from: the same event never makes the same kind twice. */
  sourceEventId: string;
}

const MAX_IDS = 100;

/** Notifications of accounts: written from events, read and marked by their owner. */
export class NotificationService {
  constructor(private readonly db: Db) {}

  /**
   * Keeps the account's contact details if this event is newer than what is known (M2);
   * returns false for a stale event.
   */
  async upsertRecipient(tx: Tx, contact: AccountContactPayload, version: number): Promise<boolean> {
    const values = {
      accountId: contact.accountId,
      name: contact.name,
      email: contact.email,
      phone: contact.phone,
      channels: contact.channels,
      locale: contact.locale ?? 'EN',
      version,
    };
    const changed = await tx
      .insert(recipients)
      .values(values)
      .onConflictDoUpdate({
        target: recipients.accountId,
        set: { name: values.name, email: values.email, phone: values.phone, channels: values.channels, locale: values.locale, version },
        setWhere: lt(recipients.version, version),
      })
      .returning({ accountId: recipients.accountId });
    return changed.length > 0;
  }

  /**
   * Writes a notification with the account's next seq and one pending delivery per chosen
   * channel. Throws when the account is not known yet (its registration event is still on its
   * way): the event is redelivered later. Returns null when this event already made it.
   */
  async create(tx: Tx, input: NewNotification): Promise<NotificationRow | null> {
    const [recipient] = await tx
      .update(recipients)
      .set({ lastSeq: sql`${recipients.lastSeq} + 1` })
      .where(eq(recipients.accountId, input.accountId))
      .returning();
    if (!recipient) throw new Error(`recipient ${input.accountId} not known yet`);
    const { title, body } = render(input.kind, recipient.locale, { name: recipient.name, ...input.data });
    const [row] = await tx
      .insert(notifications)
      .values({
        id: uuidv7(),
        accountId: input.accountId,
        seq: recipient.lastSeq,
        kind: input.kind,
        title,
        body,
        orderId: input.orderId ?? null,
        sourceEventId: input.sourceEventId,
      })
      .onConflictDoNothing({ target: [notifications.sourceEventId, notifications.kind] })
      .returning();
    if (!row) {
      // Give the seq back: this event's notification exists already.
      await tx.update(recipients).set({ lastSeq: sql`${recipients.lastSeq} - 1` }).where(eq(recipients.accountId, input.accountId));
      return null;
    }
    const targets = recipient.channels
      .map((channel) => ({ channel, address: channel === 'SMS' ? recipient.phone : recipient.email }))
      .filter((t): t is { channel: string; address: string } => Boolean(t.address));
    if (targets.length > 0) {
      await tx.insert(deliveries).values(targets.map((t) => ({ notificationId: row.id, ...t })));
    }
    return row;
  }

  bySourceEvent(eventId: string): Promise<NotificationRow[]> {
    return this.db.select().from(notifications).where(eq(notifications.sourceEventId, eventId));
  }

  async byIds(ids: readonly string[]): Promise<NotificationRow[]> {
    const valid = ids.filter((id) => isUuid(id));
    return valid.length ? this.db.select().from(notifications).where(inArray(notifications.id, valid)) : [];
  }

  /** Newest first, `limit + 1` rows, after the notification with seq `beforeSeq`. */
  list(accountId: string, unreadOnly: boolean, limit: number, beforeSeq: number | null): Promise<NotificationRow[]> {
    return this.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.accountId, accountId),
          unreadOnly ? isNull(notifications.readAt) : undefined,
          beforeSeq !== null ? lt(notifications.seq, beforeSeq) : undefined,
        ),
      )
      .orderBy(desc(notifications.seq))
      .limit(limit + 1);
  }

  /** Oldest first: what a subscriber that saw `afterSeq` has missed (at most `limit`). */
  since(accountId: string, afterSeq: number, limit: number): Promise<{ id: string; seq: number }[]> {
    return this.db
      .select({ id: notifications.id, seq: notifications.seq })
      .from(notifications)
      .where(and(eq(notifications.accountId, accountId), gt(notifications.seq, afterSeq)))
      .orderBy(notifications.seq)
      .limit(limit);
  }

  async markRead(accountId: string, ids: string[]): Promise<number> {
    if (ids.length > MAX_IDS) throw badInput('ids', `at most ${MAX_IDS} ids at once`);
    const bad = ids.find((id) => !isUuid(id));
    if (bad) throw badInput('ids', `${bad} is not a notification id`);
    if (ids.length === 0) return 0;
    const changed = await this.db
      .update(notifications)
      .set({ readAt: new Date().toISOString() })
      .where(and(eq(notifications.accountId, accountId), inArray(notifications.id, ids), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return changed.length;
  }

  deliveriesOf(notificationIds: readonly string[]): Promise<DeliveryRow[]> {
    return this.db.select().from(deliveries).where(inArray(deliveries.notificationId, [...notificationIds])).orderBy(deliveries.channel);
  }
}
