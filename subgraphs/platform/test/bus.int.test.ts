/**
 * EventBus contract, run over both implementations (in-process memory bus and Redis Streams) in
 * every test mode, with a real outbox and inbox on the mode's database (PGlite in the embedded
 * mode, Postgres in the distributed one).
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { integer, pgSchema, text, uuid } from 'drizzle-orm/pg-core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  handleWhen,
  inboxHandler,
  inboxTable,
  MemoryEventBus,
  migrate,
  openDatabase,
  Outbox,
  outboxTable,
  parseEnvelope,
  queryRows,
  RedisStreamsEventBus,
  startConsumer,
  type BusOptions,
  type BusSubscription,
  type Database,
  type EventBus,
  type EventEnvelope,
  type HandleOutcome,
  type InboxHandler,
  type Runtime,
} from '../src/index.js';
import {
  createTestEnvironment,
  createTestRuntime,
  deleteRedisKeys,
  eventually,
  TEST_REDIS_URL,
  uniqueTestName,
  type TestEnvironment,
} from '../src/testing/index.js';

const CLAIM_IDLE_MS = 200;
const MAX_DELIVERIES = 3;
const BUS_OPTIONS: BusOptions = { claimIdleMs: CLAIM_IDLE_MS, maxDeliveries: MAX_DELIVERIES };
const NODE_ID = 'node-test';
const TYPE = 'widget.created';

const busTest = pgSchema('bus_test');
const outbox = outboxTable(busTest);
const inbox = inboxTable(busTest);
const widgets = busTest.table('widgets', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  version: integer('version').notNull().default(1),
});
const effects = busTest.table('effects', {
  consumer: text('consumer').notNull(),
  eventId: uuid('event_id').notNull(),
  aggregateId: text('aggregate_id').notNull(),
});
const MIGRATIONS = fileURLToPath(new URL('./fixtures/bus-migrations', import.meta.url));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface DeadLetter {
  group: string;
  event: EventEnvelope;
  reason?: string;
}

interface BusUnderTest {
  bus: EventBus;
  deadLetters(): Promise<DeadLetter[]>;
  /** Events delivered to `group` and not acknowledged yet (Redis only; memory: undefined). */
  pending(type: string, group: string): Promise<number | undefined>;
  dispose(): Promise<void>;
}

interface Variant {
  kind: 'memory' | 'redis';
  create(runtime: Runtime): Promise<BusUnderTest>;
}

const variants: Variant[] = [
  {
    kind: 'memory',
    create: async (runtime) => {
      const bus = new MemoryEventBus(BUS_OPTIONS, runtime.log);
      return {
        bus,
        deadLetters: async () => bus.dead.map((d) => ({ group: d.group, event: d.event })),
        pending: async () => undefined,
        dispose: () => bus.close(),
      };
    },
  },
  {
    kind: 'redis',
    create: async (runtime) => {
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
      redis.on('error', () => {});
      const prefix = `${uniqueTestName()}:`;
      const bus = new RedisStreamsEventBus(redis, prefix, NODE_ID, BUS_OPTIONS, runtime.log);
      return {
        bus,
        deadLetters: async () => {
          const entries = await redis.xrange(bus.deadLetterKey, '-', '+');
          return entries.map(([, fields]) => {
            const f: Record<string, string> = {};
            for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
            expect(f.stream).toBe(bus.streamKey(TYPE));
            return { group: f.group, reason: f.reason, event: parseEnvelope(f.data) };
          });
        },
        pending: async (type, group) => {
          const [count] = (await redis.xpending(bus.streamKey(type), group)) as [number];
          return Number(count);
        },
        dispose: async () => {
          await bus.close();
          await deleteRedisKeys(redis, prefix);
          redis.disconnect();
        },
      };
    },
  },
];

let env: TestEnvironment;
let runtime: Runtime;
let database: Database;

beforeAll(async () => {
  env = await createTestEnvironment({
    BUS_CLAIM_IDLE_MS: String(CLAIM_IDLE_MS),
    BUS_MAX_DELIVERIES: String(MAX_DELIVERIES),
  });
  runtime = await createTestRuntime(env.env);
  database = runtime.database!;
  expect(await migrate(database, 'bus_test', MIGRATIONS)).toEqual(['0000_bus_test']);
});

afterAll(async () => {
  await runtime?.close();
  await env?.dispose();
});

const count = async (query: ReturnType<typeof sql>): Promise<number> =>
  Number((await queryRows<{ n: number }>(database.db, query))[0].n);
const effectsOf = (eventId: string) =>
  count(sql`select count(*)::int as n from bus_test.effects where event_id = ${eventId}`);
const inboxRowsOf = (eventId: string) =>
  count(sql`select count(*)::int as n from bus_test.inbox where event_id = ${eventId}`);

/** Records the event in `effects`, in the consumer's transaction. */
const recordEffect =
  (consumer: string, seen?: EventEnvelope[]): InboxHandler =>
  async (tx, event) => {
    seen?.push(event);
    await tx.insert(effects).values({ consumer, eventId: event.id, aggregateId: event.aggregateId });
  };

const newEvent = (aggregateId: string, payload: Record<string, unknown> = { name: aggregateId }) => ({
  type: TYPE,
  aggregateId,
  aggregateVersion: 1,
  payload,
});

describe.each(variants)('EventBus contract ($kind)', (variant) => {
  let under: BusUnderTest;
  let bus: EventBus;
  let cleanups: (() => Promise<unknown>)[];

  /** Closes `s` after the test (closing twice is harmless). */
  const track = <T extends BusSubscription>(s: T): T => {
    cleanups.push(() => s.close());
    return s;
  };

  const newOutbox = (onBus: EventBus = bus, onDatabase: Database = database, pollMs = 50) => {
    const o = new Outbox({
      service: 'producer',
      database: onDatabase,
      table: outbox,
      bus: onBus,
      nodeId: NODE_ID,
      pollMs,
      log: runtime.log,
    });
    cleanups.push(() => o.stop());
    return o;
  };

  const consume = (consumer: string, handler: InboxHandler) =>
    startConsumer({ consumer, database, inbox, bus, log: runtime.log, handlers: { [TYPE]: handler } }).then(track);

  beforeEach(async () => {
    cleanups = [];
    await database.db.execute(sql`truncate bus_test.outbox, bus_test.inbox, bus_test.widgets, bus_test.effects`);
    under = await variant.create(runtime);
    bus = under.bus;
  });

  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await under.dispose();
  });

  it('publishes an event added in an outbox transaction, once committed, to a consumer', async () => {
    const seen: EventEnvelope[] = [];
    await consume('projections', recordEffect('projections', seen));
    const relay = newOutbox();
    relay.start();

    const [event] = await relay.transaction(async (tx) => {
      await tx.insert(widgets).values({ id: 'w1', name: 'Widget' });
      return relay.add(tx, newEvent('w1', { name: 'Widget', tags: ['a', 'b'], price: { cents: 1250 } }));
    });
    expect(event).toMatchObject({ type: TYPE, version: 1, aggregateId: 'w1', aggregateVersion: 1, nodeId: NODE_ID });

    await eventually(async () => (await effectsOf(event.id)) === 1);
    // Delivered exactly as written: id, timestamps and payload survive the table and the wire.
    expect(seen).toEqual([event]);
    expect(await inboxRowsOf(event.id)).toBe(1);
    const [row] = await queryRows<{ published: boolean }>(
      database.db,
      sql`select published_at is not null as published from bus_test.outbox where id = ${event.id}`,
    );
    expect(row.published).toBe(true);
  });

  it('publishes nothing for a rolled-back aggregate change', async () => {
    const seen: EventEnvelope[] = [];
    await consume('projections', recordEffect('projections', seen));
    const relay = newOutbox();
    relay.start();

    await expect(
      relay.transaction(async (tx) => {
        await tx.insert(widgets).values({ id: 'w-gone', name: 'Never' });
        await relay.add(tx, newEvent('w-gone'));
        throw new Error('abort the aggregate change');
      }),
    ).rejects.toThrow('abort the aggregate change');
    expect(await count(sql`select count(*)::int as n from bus_test.widgets`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from bus_test.outbox`)).toBe(0);

    // A committed event afterwards arrives alone.
    const [control] = await relay.transaction(async (tx) => {
      await tx.insert(widgets).values({ id: 'w-kept', name: 'Kept' });
      return relay.add(tx, newEvent('w-kept'));
    });
    await eventually(() => seen.length >= 1);
    await sleep(100);
    expect(seen.map((e) => e.aggregateId)).toEqual(['w-kept']);
    expect(seen[0].id).toBe(control.id);
  });

  it('gives every group each event and shares a group between its subscribers', async () => {
    const shared: [string[], string[]] = [[], []];
    const solo: string[] = [];
    // Slow handlers, so an event published while one subscriber is busy goes to the other.
    const slow = (list: string[]) => async (e: EventEnvelope) => {
      list.push(e.id);
      await sleep(40);
    };
    track(await bus.subscribe({ group: 'shared', types: [TYPE], handler: slow(shared[0]) }));
    track(await bus.subscribe({ group: 'shared', types: [TYPE], handler: slow(shared[1]) }));
    track(await bus.subscribe({ group: 'solo', types: [TYPE], handler: slow(solo) }));
    track(await bus.subscribe({ group: 'other-types', types: ['widget.deleted'], handler: slow([]) }));
    await sleep(100);

    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const event = createEnvelope(newEvent(`w${i}`), NODE_ID);
      ids.push(event.id);
      await bus.publish(event);
      await sleep(10);
    }
    await eventually(() => solo.length === 8 && shared[0].length + shared[1].length === 8);
    await sleep(CLAIM_IDLE_MS * 1.5);

    expect([...solo].sort()).toEqual([...ids].sort());
    expect([...shared[0], ...shared[1]].sort()).toEqual([...ids].sort());
    expect(shared[0].filter((id) => shared[1].includes(id))).toEqual([]);
    expect(shared[0].length).toBeGreaterThan(0);
    expect(shared[1].length).toBeGreaterThan(0);
  });

  it('applies an event delivered twice once (inbox)', async () => {
    const outcomes: HandleOutcome[] = [];
    const handle = inboxHandler({
      consumer: 'dedupe',
      database,
      inbox,
      bus,
      log: runtime.log,
      handlers: { [TYPE]: recordEffect('dedupe') },
    });
    // Two subscribers of one group: the copies may be handled at the same time.
    for (let i = 0; i < 2; i++) {
      track(
        await bus.subscribe({
          group: 'dedupe',
          types: [TYPE],
          handler: async (e) => {
            outcomes.push(await handle(e));
          },
        }),
      );
    }
    const event = createEnvelope(newEvent('w-dup'), NODE_ID);
    await bus.publish(event);
    await bus.publish(event);

    await eventually(() => outcomes.length === 2);
    expect([...outcomes].sort()).toEqual(['applied', 'duplicate']);
    expect(await effectsOf(event.id)).toBe(1);
    expect(await inboxRowsOf(event.id)).toBe(1);
  });

  it('acknowledges events its handler is not concerned with: no transaction, no inbox row', async () => {
    const outcomes: HandleOutcome[] = [];
    const handle = inboxHandler({
      consumer: 'concerned',
      database,
      inbox,
      bus,
      log: runtime.log,
      handlers: { [TYPE]: handleWhen<{ name: string }>(({ name }) => name.startsWith('keep'), recordEffect('concerned')) },
    });
    track(await bus.subscribe({ group: 'concerned', types: [TYPE], handler: async (e) => void outcomes.push(await handle(e)) }));
    const kept = createEnvelope(newEvent('w-keep', { name: 'keep me' }), NODE_ID);
    const skipped = createEnvelope(newEvent('w-skip', { name: 'skip me' }), NODE_ID);
    await bus.publish(skipped);
    await bus.publish(kept);

    await eventually(() => outcomes.length === 2);
    expect([...outcomes].sort()).toEqual(['applied', 'ignored']);
    expect(await effectsOf(kept.id)).toBe(1);
    expect(await inboxRowsOf(kept.id)).toBe(1);
    expect(await effectsOf(skipped.id)).toBe(0);
    expect(await inboxRowsOf(skipped.id)).toBe(0);
  });

  it('runs a relay pass after a transaction that added events, and none after one that did not', async () => {
    let transactions = 0;
    const counted: Database = {
      ...database,
      db: new Proxy(database.db, {
        get: (target, key, receiver) => {
          if (key === 'transaction') transactions++;
          return Reflect.get(target, key, receiver);
        },
      }),
    };
    // A poll far beyond the test: every pass seen here was a poke.
    const relay = newOutbox(bus, counted, 60_000);
    relay.start();
    await relay.flush();
    const seen: EventEnvelope[] = [];
    await consume('poked', recordEffect('poked', seen));

    transactions = 0;
    await relay.transaction((tx) => tx.insert(widgets).values({ id: 'w-quiet', name: 'No event' }));
    await sleep(100);
    expect(transactions).toBe(1);

    const [event] = await relay.transaction((tx) => relay.add(tx, newEvent('w-loud')));
    await eventually(async () => (await effectsOf(event.id)) === 1);
    expect(transactions).toBeGreaterThan(2);
    expect(seen.map((e) => e.id)).toEqual([event.id]);
  });

  it('redelivers an event whose handler threw, after the claim idle time, and applies it once', async () => {
    const attempts: number[] = [];
    await consume('flaky', async (tx, event) => {
      attempts.push(Date.now());
      await tx.insert(effects).values({ consumer: 'flaky', eventId: event.id, aggregateId: event.aggregateId });
      if (attempts.length === 1) throw new Error('transient failure after writing');
    });
    const relay = newOutbox();
    relay.start();
    const [event] = await relay.transaction((tx) => relay.add(tx, newEvent('w-flaky')));

    await eventually(() => attempts.length === 2);
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(CLAIM_IDLE_MS - 50);
    await eventually(async () => (await inboxRowsOf(event.id)) === 1);
    await sleep(CLAIM_IDLE_MS * 2);
    expect(attempts).toHaveLength(2);
    // The first attempt's write was rolled back with its inbox row.
    expect(await effectsOf(event.id)).toBe(1);
    expect(await inboxRowsOf(event.id)).toBe(1);
    expect(await under.pending(TYPE, 'flaky')).toBe(variant.kind === 'redis' ? 0 : undefined);
  });

  it(`moves an event that fails ${MAX_DELIVERIES} times to the dead letters`, async () => {
    let attempts = 0;
    await consume('doomed', async (tx, event) => {
      attempts++;
      await tx.insert(effects).values({ consumer: 'doomed', eventId: event.id, aggregateId: event.aggregateId });
      throw new Error('permanent failure');
    });
    const healthy: string[] = [];
    track(await bus.subscribe({ group: 'healthy', types: [TYPE], handler: async (e) => void healthy.push(e.id) }));
    const event = createEnvelope(newEvent('w-doomed'), NODE_ID);
    await bus.publish(event);

    await eventually(async () => (await under.deadLetters()).length > 0);
    const dead = await under.deadLetters();
    expect(attempts).toBe(MAX_DELIVERIES);
    expect(dead).toHaveLength(1);
    expect(dead[0].group).toBe('doomed');
    expect(dead[0].event).toEqual(event);
    if (variant.kind === 'redis') expect(dead[0].reason).toBe('max-deliveries');

    await sleep(CLAIM_IDLE_MS * 2);
    expect(attempts).toBe(MAX_DELIVERIES);
    expect(await under.deadLetters()).toHaveLength(1);
    expect(await effectsOf(event.id)).toBe(0);
    expect(await inboxRowsOf(event.id)).toBe(0);
    // Another group is not affected.
    expect(healthy).toEqual([event.id]);
    expect(await under.pending(TYPE, 'doomed')).toBe(variant.kind === 'redis' ? 0 : undefined);
  });

  if (variant.kind === 'redis') {
    it('reclaims an event from a subscriber that took it and died (XAUTOCLAIM), applying it once', async () => {
      let taken = 0;
      const dying = track(
        await bus.subscribe({
          group: 'survivors',
          types: [TYPE],
          handler: async () => {
            taken++;
            await new Promise(() => {}); // never acknowledges
          },
        }),
      );
      const event = createEnvelope(newEvent('w-orphan'), NODE_ID);
      await bus.publish(event);
      await eventually(() => taken > 0);

      const seen: EventEnvelope[] = [];
      await consume('survivors', recordEffect('survivors', seen));
      const started = Date.now();
      await dying.close();
      expect(Date.now() - started).toBeLessThan(CLAIM_IDLE_MS + 1000);

      await eventually(async () => (await effectsOf(event.id)) === 1);
      await sleep(CLAIM_IDLE_MS * 2);
      expect(seen.map((e) => e.id)).toEqual([event.id]);
      expect(await effectsOf(event.id)).toBe(1);
      expect(await under.pending(TYPE, 'survivors')).toBe(0);
    });
  }

  it('publishes each outbox row once with two relays on the same table', async () => {
    const N = 250;
    const deliveries = new Map<string, number>();
    track(
      await bus.subscribe({
        group: 'counter',
        types: [TYPE],
        handler: async (e) => void deliveries.set(e.id, (deliveries.get(e.id) ?? 0) + 1),
      }),
    );
    // Slow publishing, so both relays' passes overlap.
    const slowBus: EventBus = {
      kind: bus.kind,
      publish: async (e) => {
        await sleep(1);
        await bus.publish(e);
      },
      subscribe: (o) => bus.subscribe(o),
      ping: () => bus.ping(),
      close: async () => {},
    };
    // Two processes: on Postgres each relay has its own pool; PGlite has one connection.
    const second =
      database.kind === 'postgres'
        ? await openDatabase({ databaseUrl: env.env.DATABASE_URL, dataDir: 'memory://', poolSize: 2 })
        : database;
    if (second !== database) cleanups.unshift(() => second.close());
    const relays = [newOutbox(slowBus, database), newOutbox(slowBus, second)];

    const written = await database.db.transaction(async (tx) => {
      const all: EventEnvelope[] = [];
      for (let i = 0; i < N; i += 50) {
        all.push(...(await relays[0].add(tx, ...Array.from({ length: 50 }, (_, j) => newEvent(`w${i + j}`)))));
      }
      return all;
    });
    expect(written).toHaveLength(N);

    const published = await Promise.all(relays.map((r) => r.flush()));
    expect(published[0] + published[1]).toBe(N);
    if (database.kind === 'postgres') {
      // Both took part: rows one relay had locked were skipped, not waited for.
      expect(published[0]).toBeGreaterThan(0);
      expect(published[1]).toBeGreaterThan(0);
    }
    await eventually(() => deliveries.size === N);
    await sleep(100);
    expect([...deliveries.keys()].sort()).toEqual(written.map((e) => e.id).sort());
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
    expect(await count(sql`select count(*)::int as n from bus_test.outbox where published_at is null`)).toBe(0);

    // Running relays then share new rows too.
    for (const r of relays) r.start();
    const more = await relays[1].transaction((tx) =>
      relays[1].add(tx, ...Array.from({ length: 20 }, (_, j) => newEvent(`x${j}`))),
    );
    await eventually(() => deliveries.size === N + 20);
    await sleep(150);
    expect(more.every((e) => deliveries.get(e.id) === 1)).toBe(true);
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
  });
});
