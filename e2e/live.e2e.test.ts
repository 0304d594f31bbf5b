/**
 * Notifications and live updates through the gateway (MISSION A5, S11, M11): events become one
 * notification each, in the account's language, delivered on its channels with retries; the
 * owner reads and marks them; `notificationAdded` replays what a subscriber missed and goes live
 * with no gap and no duplicate; nobody receives another account's notifications; a revoked token
 * cannot open a socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, type EventEnvelope } from '@shop/platform';
import { eventually } from '@shop/platform/testing';
import { LogOutDocument, MarkNotificationsReadDocument, NotificationsDocument, SignUpDocument, type SignUpInput } from './__generated__/operations.js';
import { connectLive, subscribe, type LiveConnection } from './support/live.js';
import { failure, ok, startTestSystem, uniqueEmail, type TestSystem } from './support/system.js';

let system: TestSystem;
const connections: LiveConnection[] = [];

beforeAll(async () => {
  system = await startTestSystem({ NOTIFY_RETRY_BASE_MS: '20', NOTIFY_MAX_ATTEMPTS: '3', NOTIFY_POLL_MS: '50', MAX_SUBSCRIPTIONS_PER_CONNECTION: '3' });
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.dispose()));
  await system?.close();
});

const live = (token?: string) => {
  const connection = connectLive(system.url, token);
  connections.push(connection);
  return connection;
};

async function customer(overrides: Partial<SignUpInput> = {}) {
  const { signUp } = ok(await system.gql(SignUpDocument, { input: { email: uniqueEmail('live'), password: 'correct horse', name: 'Lena', ...overrides } }));
  return signUp;
}

/** What the orders service will publish when an order changes status. */
async function orderStatusChanged(accountId: string, to: string, orderId = crypto.randomUUID()): Promise<EventEnvelope> {
  const event = createEnvelope({ type: 'OrderStatusChanged', aggregateId: orderId, aggregateVersion: 2, payload: { orderId, accountId, from: 'PAY_PENDING', to } }, 'test');
  await system.gateway.runtime.bus.publish(event);
  return event;
}

async function notificationsOf(token: string) {
  return ok(await system.gql(NotificationsDocument, { first: 50 }, token)).notifications.edges.map((e) => e.node);
}

const NOTIFICATION_ADDED = `subscription Added($after: Int) { notificationAdded(afterSeq: $after) { ...N } }
  fragment N on Notification { id seq kind heading: title body deliveries { channel status } }`;

describe('notifications from events', () => {
  it('welcomes a new account and delivers on its channels', async () => {
    const { token } = await customer({ phone: '+15550100000', channels: ['EMAIL', 'SMS'] });
    const [welcome] = await eventually(async () => {
      const list = await notificationsOf(token);
      return list.length === 1 && list[0].deliveries.every((d) => d.status === 'SENT') ? list : null;
    });
    expect(welcome).toMatchObject({ seq: 1, kind: 'ACCOUNT_WELCOME', title: 'Welcome', body: 'Hello Lena, your account is ready.' });
    expect(welcome.deliveries.map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ['EMAIL', 'SENT', 1],
      ['SMS', 'SENT', 1],
    ]);
  });

  it('writes in the account language and once per event, however often it is delivered', async () => {
    const { token, account } = await customer({ locale: 'RU' });
    const event = await orderStatusChanged(account.id, 'SHIPPED');
    await system.gateway.runtime.bus.publish(event);
    await system.gateway.runtime.bus.publish(event);
    const list = await eventually(async () => {
      const all = await notificationsOf(token);
      return all.some((n) => n.kind === 'ORDER_SHIPPED') ? all : null;
    });
    await new Promise((r) => setTimeout(r, 300));
    const shipped = (await notificationsOf(token)).filter((n) => n.kind === 'ORDER_SHIPPED');
    expect(shipped).toHaveLength(1);
    expect(shipped[0]).toMatchObject({ title: 'Заказ отправлен', orderId: event.aggregateId, seq: 2 });
    expect(list.find((n) => n.kind === 'ACCOUNT_WELCOME')?.title).toBe('Добро пожаловать');
  });

  it('ignores statuses customers are not told about', async () => {
    const { token, account } = await customer();
    await orderStatusChanged(account.id, 'BOOKED');
    await orderStatusChanged(account.id, 'PAID');
    const list = await eventually(async () => {
      const all = await notificationsOf(token);
      return all.some((n) => n.kind === 'ORDER_PAID') ? all : null;
    });
    expect(list.map((n) => n.kind).sort()).toEqual(['ACCOUNT_WELCOME', 'ORDER_PAID']);
  });

  it('retries a failing channel with backoff and records the failure', async () => {
    const { token } = await customer({ phone: '+999 555 0100', channels: ['EMAIL', 'SMS'] });
    const [welcome] = await eventually(async () => {
      const list = await notificationsOf(token);
      return list[0]?.deliveries.find((d) => d.channel === 'SMS')?.status === 'FAILED' ? list : null;
    });
    const sms = welcome.deliveries.find((d) => d.channel === 'SMS')!;
    expect(sms).toMatchObject({ status: 'FAILED', attempts: 3, lastError: 'number unreachable', deliveredAt: null });
    expect(welcome.deliveries.find((d) => d.channel === 'EMAIL')?.status).toBe('SENT');
  });

  it('lets the owner page and mark notifications read, and no one else', async () => {
    const { token, account } = await customer();
    for (const to of ['PAID', 'SHIPPED', 'CANCELED']) await orderStatusChanged(account.id, to);
    await eventually(async () => (await notificationsOf(token)).length === 4);
    const page1 = ok(await system.gql(NotificationsDocument, { first: 3 }, token)).notifications;
    expect(page1.edges.map((e) => e.node.seq)).toEqual([4, 3, 2]);
    const page2 = ok(await system.gql(NotificationsDocument, { first: 3, after: page1.pageInfo.endCursor }, token)).notifications;
    expect(page2.edges.map((e) => e.node.seq)).toEqual([1]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const other = await customer();
    const ids = page1.edges.map((e) => e.node.id);
    expect(ok(await system.gql(MarkNotificationsReadDocument, { ids }, other.token)).markNotificationsRead).toBe(0);
    expect(ok(await system.gql(MarkNotificationsReadDocument, { ids }, token)).markNotificationsRead).toBe(3);
    expect(ok(await system.gql(MarkNotificationsReadDocument, { ids }, token)).markNotificationsRead).toBe(0);
    const unread = ok(await system.gql(NotificationsDocument, { unreadOnly: true }, token)).notifications.edges.map((e) => e.node.seq);
    expect(unread).toEqual([1]);
    expect(failure(await system.gql(MarkNotificationsReadDocument, { ids: ['nope'] }, token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    expect(failure(await system.gql(NotificationsDocument, {})).code).toBe('UNAUTHENTICATED');
  });
});

describe('notificationAdded', () => {
  it('replays what was missed, then goes live, with no gap and no duplicate at the seam', async () => {
    const { token, account } = await customer();
    for (let i = 0; i < 5; i++) await orderStatusChanged(account.id, 'PAID');
    await eventually(async () => (await notificationsOf(token)).length === 6);

    const sub = subscribe<{ notificationAdded: { seq: number; kind: string; heading: string } }>(live(token), NOTIFICATION_ADDED, { after: 2 });
    // Five more while the replay is being read.
    const publishing = (async () => {
      for (let i = 0; i < 5; i++) await orderStatusChanged(account.id, 'SHIPPED');
    })();
    await publishing;
    const received = await sub.waitFor(9);
    const seqs = received.map((v) => v.notificationAdded.seq);
    expect(new Set(seqs).size).toBe(9);
    expect([...seqs].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(seqs.slice(0, 4)).toEqual([3, 4, 5, 6]);
    expect(received[0].notificationAdded).toMatchObject({ kind: 'ORDER_PAID', heading: 'Order paid' });
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.values).toHaveLength(9);
    sub.stop();
  });

  it('delivers only to the account it belongs to', async () => {
    const alice = await customer();
    const bob = await customer();
    await eventually(async () => (await notificationsOf(bob.token)).length === 1);
    const bobs = subscribe<{ notificationAdded: { kind: string } }>(live(bob.token), NOTIFICATION_ADDED);
    const alices = subscribe<{ notificationAdded: { kind: string } }>(live(alice.token), NOTIFICATION_ADDED);
    await new Promise((r) => setTimeout(r, 200));
    await orderStatusChanged(alice.account.id, 'PAID');
    await alices.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(bobs.values).toEqual([]);
    expect(alices.values.map((v) => v.notificationAdded.kind)).toEqual(['ORDER_PAID']);
  });

  it('needs a token, and refuses a revoked one at connect', async () => {
    const anonymous = subscribe(live(), NOTIFICATION_ADDED);
    await eventually(() => anonymous.errors.length > 0);
    expect(JSON.stringify(anonymous.errors)).toMatch(/UNAUTHENTICATED/);

    const { token } = await customer();
    ok(await system.gql(LogOutDocument, {}, token));
    const refused = live(token);
    expect(await refused.closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/revoked/) });

    const forged = live('not.a.token');
    expect((await forged.closed).code).toBe(4401);
  });

  it('limits subscriptions per connection', async () => {
    const { token } = await customer();
    const connection = live(token);
    const open = [1, 2, 3].map(() => subscribe(connection, NOTIFICATION_ADDED));
    await new Promise((r) => setTimeout(r, 200));
    const fourth = subscribe(connection, NOTIFICATION_ADDED);
    await eventually(() => fourth.errors.length > 0);
    expect(JSON.stringify(fourth.errors)).toMatch(/RATE_LIMITED/);
    expect(open.every((s) => s.errors.length === 0)).toBe(true);
    // A closed subscription frees its place.
    open[0].stop();
    await new Promise((r) => setTimeout(r, 100));
    const again = subscribe(connection, NOTIFICATION_ADDED);
    await new Promise((r) => setTimeout(r, 200));
    expect(again.errors).toEqual([]);
  });

  it('refuses queries over the socket and bad documents', async () => {
    const { token } = await customer();
    const connection = live(token);
    const query = subscribe(connection, '{ me { id } }');
    const bad = subscribe(connection, 'subscription { notificationAdded { nope } }');
    await eventually(() => query.errors.length > 0 && bad.errors.length > 0);
    expect(JSON.stringify(query.errors)).toMatch(/Only subscriptions/);
    expect(JSON.stringify(bad.errors)).toMatch(/BAD_USER_INPUT/);
  });
});
