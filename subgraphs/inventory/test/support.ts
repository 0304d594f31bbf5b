/**
 * One inventory subgraph on the mode's database and bus for the class-registration tests, with
 * stand-ins for the cart service's `states` (the orphan and waitlist jobs ask it) and helpers
 * to read seats, registrations and events straight from the tables.
 */
import { sql } from 'drizzle-orm';
import { Outbox, queryRows, uuidv7, type HoldSeatInput, type Runtime, type SeatHold, type SubgraphInstance } from '@shop/platform';
import { createTestEnvironment, createTestRuntime, type TestEnvironment } from '@shop/platform/testing';
import { outbox as outboxTable } from '../src/db/schema.js';
import { ClassService } from '../src/domain/classes.js';
import { RegistrationService } from '../src/domain/registrations.js';
import { SeatLedger } from '../src/domain/seats.js';
import { WaitlistService } from '../src/domain/waitlist.js';
import { createInventorySubgraph } from '../src/subgraph.js';

export interface ClassesHarness {
  runtime: Runtime;
  inventory: SubgraphInstance;
  classes: ClassService;
  registrations: RegistrationService;
  waitlist: WaitlistService;
  seats: SeatLedger;
  /** What the stand-in cart service answers for a cart; unknown carts do not exist (null). */
  cartStates: Map<string, string>;
  dispose(): Promise<void>;
}

/**
 * The subgraph plus a second set of services over the same database and outbox for the calls
 * tests make directly (cancel, change, waitlist, jobs with a chosen `now`). Background jobs are
 * slowed down so that they never act in the middle of a test.
 */
export async function startClasses(overrides: Record<string, string> = {}): Promise<ClassesHarness> {
  const environment: TestEnvironment = await createTestEnvironment({ DATABASE_POOL_SIZE: '10', JOB_INTERVAL_MS: '3600000', ...overrides });
  const runtime = await createTestRuntime(environment.env);
  const cartStates = new Map<string, string>();
  runtime.localInternal!.register('cart', {
    states: async ({ cartIds }: { cartIds: string[] }) => Object.fromEntries(cartIds.map((id) => [id, cartStates.get(id) ?? null])),
  });
  const inventory = await createInventorySubgraph(runtime);
  const db = runtime.database!.db;
  const log = runtime.log;
  // The subgraph's own outbox is private; a second one over the same table publishes the same way.
  const outbox = new Outbox({ service: 'inventory', database: runtime.database!, table: outboxTable, bus: runtime.bus, nodeId: runtime.nodeId, pollMs: 50, log });
  outbox.start();
  const seats = new SeatLedger({ outbox, pubsub: runtime.pubsub, log, waitlistHoldMs: runtime.config.WAITLIST_HOLD_MS });
  const registrations = new RegistrationService({
    db,
    outbox,
    seats,
    cartStates: (cartIds) => runtime.internal.call('cart', 'states', { cartIds }),
    reconcileAfterMs: runtime.config.RECONCILE_AFTER_MS,
  });
  return {
    runtime,
    inventory,
    classes: new ClassService(db),
    registrations,
    waitlist: new WaitlistService({ db, seats }),
    seats,
    cartStates,
    dispose: async () => {
      await outbox.stop();
      await inventory.stop();
      await runtime.close();
      await environment.dispose();
    },
  };
}

export const eur = (amount: number) => ({ amount, currency: 'EUR' });
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export async function hold(h: ClassesHarness, input: Partial<HoldSeatInput> & { classId: string }): Promise<SeatHold> {
  return (await h.inventory.internal.holdSeat({
    cartId: input.cartId ?? `cart-${uuidv7()}`,
    accountId: input.accountId ?? uuidv7(),
    swimmerId: input.swimmerId ?? uuidv7(),
    swimmerName: input.swimmerName ?? 'Mia',
    classId: input.classId,
  })) as SeatHold;
}

export interface SeatState {
  seatsTotal: number;
  seatsRemain: number;
  held: number;
  registered: number;
}

/** Seats of each class as the tables say, with the seats its HELD and REGISTERED registrations own. */
export async function seatStates(h: ClassesHarness, classIds: string[]): Promise<Map<string, SeatState>> {
  const rows = await queryRows<{ id: string; seats_total: number; seats_remain: number; held: number; registered: number }>(
    h.runtime.database!.db,
    sql`select c.id, c.seats_total, c.seats_remain,
               count(*) filter (where r.status = 'HELD')::int as held,
               count(*) filter (where r.status = 'REGISTERED')::int as registered
        from inventory.swim_classes c left join inventory.registrations r on r.class_id = c.id
        where c.id = any(${`{${classIds.join(',')}}`}::uuid[])
        group by c.id`,
  );
  return new Map(
    rows.map((r) => [r.id, { seatsTotal: Number(r.seats_total), seatsRemain: Number(r.seats_remain), held: Number(r.held), registered: Number(r.registered) }]),
  );
}

export async function registration(h: ClassesHarness, id: string) {
  const [row] = await h.registrations.byIds([id]);
  return row;
}

/** The payloads of outbox events of a type whose aggregate is one of `aggregateIds`, oldest first. */
export async function outboxEvents<P = Record<string, unknown>>(h: ClassesHarness, type: string, aggregateIds: string[]): Promise<P[]> {
  const rows = await queryRows<{ aggregate_id: string; payload: P }>(
    h.runtime.database!.db,
    sql`select aggregate_id, payload from inventory.outbox where type = ${type} order by seq`,
  );
  return rows.filter((r) => aggregateIds.includes(r.aggregate_id)).map((r) => r.payload);
}
