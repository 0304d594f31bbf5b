/**
 * Burst scenarios: many distinct requests fired at once through a gateway, each one unique (a
 * customer's own checkout, a customer's own seat hold), so they cannot be replayed by autocannon.
 * Each burst seeds what it needs through the gateway, fires every request with a concurrency
 * limit, times each one, measures the CPU of every process involved (the bench's servers and the
 * run's Postgres backends), and afterwards checks the outcome against the database as the API
 * shows it (orders made, stock booked, seats held).
 *
 * - checkout (issue 6): N customers, each with a cart of one or two products, all check out with
 *   at most C in flight.
 * - class flash sale (issue 7): a class with 100 seats; F customers, each with a swimmer, call
 *   `addClassToCart` all at once; exactly 100 must hold a seat, every other one get CLASS_FULL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { metricValue, scrapeMetrics } from './metrics.js';
import { OneShotRequest, type OneShotAnswer } from './one-shot.js';
import type { ServerProcess } from './processes.js';
import { CLOCK_TICKS, ProcessGroupMonitor, UsageMonitor, cpuTicks, machineTicks, postgresProcesses, processTitles, type MachineUsage } from './procstat.js';

/** One gateway the bursts go through, with the processes that serve it. */
export interface BurstTarget {
  key: 'distributed' | 'embedded';
  label: string;
  gateway: ServerProcess;
  /** The processes behind the gateway (its subgraphs), by label; none when embedded. */
  behind: ServerProcess[];
  /** The process whose /metrics has the orders service's checkout histogram. */
  ordersMetrics: ServerProcess;
  /** The process whose /metrics has the cart service's full-class shortcut counter. */
  cartMetrics: ServerProcess;
  /** Postgres database of this target (its backends are measured), or undefined on PGlite. */
  database?: string;
  /** Whether the target's processes talk through the Redis server (measured too; the distributed mode). */
  redis: boolean;
  admin: { email: string; password: string };
}

export interface Customer {
  id: string;
  token: string;
  /** Set by the checkout burst's seeding. */
  addressId?: string;
}

/** A response as the bench sees it: the outcome (OK or the error code) and its latency. */
interface Timed {
  outcome: string;
  ms: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** CPU of one process (or group) during a burst. */
export interface CpuShare {
  label: string;
  cpuSeconds: number;
  /** Processes in a group (database backends); 1 for a server. */
  processes?: number;
  /** False for processes that do not serve the target (the other bench servers, idle): shown, not counted as its cost. */
  part: boolean;
}

export interface BurstCpu {
  /** Every bench server and the run's Postgres backends, during the burst window. */
  shares: CpuShare[];
  /** The same, from the last response until the processes went quiet (event consumers, outbox relay). */
  trailing: CpuShare[];
  trailingSeconds: number;
  loadGeneratorSeconds: number;
  machine: MachineUsage;
  /** Busy CPU of the whole machine during the burst that none of the above used, in CPU seconds. */
  otherSeconds: number;
}

export interface CheckoutBurstResult {
  target: BurstTarget;
  customers: number;
  /** At most this many in flight (closed loop), or undefined for a paced run. */
  concurrency?: number;
  /** Checkouts started per second whatever is still in flight (an open loop, as customers arrive), or undefined. */
  pace?: number;
  /** How late the bench started a paced request at worst, in ms (its own event loop's delay, not the server's). */
  maxStartSlipMs?: number;
  products: number;
  units: number;
  seedSeconds: number;
  wallSeconds: number;
  outcomes: Record<string, number>;
  successes: number;
  latency: LatencySummary;
  /** Mean checkout time inside the orders service (its shop_checkout_seconds histogram), OK outcomes. */
  ordersMeanMs?: number;
  /** The warm-up's checkouts, one at a time (not part of the burst): a checkout's latency with nothing queued. */
  alone: LatencySummary;
  cpu: BurstCpu;
  problems: string[];
}

export interface FlashBurstResult {
  target: BurstTarget;
  customers: number;
  seats: number;
  seedSeconds: number;
  wallSeconds: number;
  outcomes: Record<string, number>;
  holds: number;
  latency: LatencySummary;
  /** Latency of the requests that got a seat, and of those that got CLASS_FULL. */
  holdLatency: LatencySummary;
  fullLatency: LatencySummary;
  /**
   * The rehearsals before it (not measured), in order: the same customers, all at once, each time
   * for another class of the same seats; the first on a gateway that had not yet served such a
   * burst since it started.
   */
  rehearsals: Rehearsal[];
  seatsRemainAfter: number;
  /** CLASS_FULL answers the cart gave by itself (CLASS_FULL_CACHE_MS), from its metrics; undefined when not readable. */
  shortcutRefusals?: number;
  /** CLASS_FULL answers the gateway's flash-sale gate sent (the cart's refusal, without the GraphQL pipeline); undefined when not readable. */
  gatedRefusals?: number;
  cpu: BurstCpu;
  problems: string[];
}

/** One rehearsal of the flash sale: its answers, latency, and the gateway process's CPU per request. */
export interface Rehearsal {
  outcomes: Record<string, number>;
  latency: LatencySummary;
  wallSeconds: number;
  gatewayCpuMs: number;
}

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Starts `work` for each item at `perSecond`, on schedule whatever is still in flight: an open
 * loop, as customers arrive without waiting for each other. Results in item order, and how late
 * the latest start was (the bench's own delay).
 */
export async function paced<T, R>(items: T[], perSecond: number, work: (item: T, index: number) => Promise<R>): Promise<{ results: R[]; maxSlipMs: number }> {
  const started = performance.now();
  let maxSlipMs = 0;
  const results = await Promise.all(
    items.map(async (item, i) => {
      const due = started + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      maxSlipMs = Math.max(maxSlipMs, performance.now() - due);
      return work(item, i);
    }),
  );
  return { results, maxSlipMs };
}

/** Runs `work` over `items` with at most `limit` in flight; results in item order. */
export async function pooled<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i], i);
      }
    }),
  );
  return out;
}

interface GraphQLAnswer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
  text: string;
}

/**
 * The bursts' HTTP client: node:http with keep-alive connections, as many as there are requests
 * in flight. Node's fetch costs the bench process about five times the CPU per request (measured
 * ~0.23 ms more per small POST), and the load generator shares the machine's cores with the
 * servers it measures.
 */
const agent = new Agent({ keepAlive: true });

function post(gateway: ServerProcess, query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLAnswer> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      `${gateway.url}/graphql`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          resolve(graphQLAnswer({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        });
      },
    );
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`), { name: 'TimeoutError' })), REQUEST_TIMEOUT_MS);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}

/** A one-shot answer read as GraphQL. */
function graphQLAnswer({ status, text }: OneShotAnswer): GraphQLAnswer {
  try {
    const json = JSON.parse(text) as { data?: any; errors?: GraphQLAnswer['errors'] };
    return { status, data: json.data, errors: json.errors, text };
  } catch {
    return { status, text };
  }
}

/** A seeding call: must fully succeed. */
async function call(gateway: ServerProcess, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const answer = await post(gateway, query, variables, token);
  if (answer.status !== 200 || answer.errors?.length || !answer.data) {
    throw new Error(`seeding through ${gateway.name} failed (${answer.status}): ${query.slice(0, 60)}… ${answer.text.slice(0, 800)}`);
  }
  return answer.data;
}

/** The outcome of a measured call: OK when `accept` says so, else the error code (or what went wrong). */
async function timed(run: () => Promise<GraphQLAnswer>, accept: (data: any) => boolean): Promise<Timed & { data?: any }> {
  const started = performance.now();
  let outcome: string;
  let data: any;
  try {
    const answer = await run();
    data = answer.data;
    if (answer.errors?.length) outcome = answer.errors[0].extensions?.code ?? 'GRAPHQL_ERROR';
    else if (answer.status !== 200) outcome = `HTTP_${answer.status}`;
    else outcome = accept(answer.data) ? 'OK' : 'WRONG_ANSWER';
  } catch (err) {
    outcome = (err as Error).name === 'TimeoutError' ? 'TIMEOUT' : 'CONNECTION_ERROR';
  }
  return { outcome, ms: performance.now() - started, data };
}

export function summarize(ms: number[]): LatencySummary {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
  return {
    count: sorted.length,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN,
  };
}

const count = (results: Timed[]) => results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.outcome]: (acc[r.outcome] ?? 0) + 1 }), {});

const SIGN_UP = 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token account { id } } }';
const LOG_IN = 'mutation LogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }';

/**
 * Signs up `count` customers through the gateway, `parallel` at a time (each sign-up hashes a
 * password with scrypt, the slow part of seeding).
 */
export async function signUpCustomers(gateway: ServerProcess, count: number, tag: string, parallel = 16): Promise<Customer[]> {
  const run = randomBytes(3).toString('hex');
  return pooled(Array.from({ length: count }, (_, i) => i), parallel, async (i) => {
    const { signUp } = await call(gateway, SIGN_UP, {
      input: { email: `bench.${tag}.${run}.${i}@example.com`, password: `bench-${randomBytes(8).toString('hex')}`, name: `Bench customer ${i}` },
    });
    return { id: signUp.account.id as string, token: signUp.token as string };
  });
}

async function adminToken(target: BurstTarget): Promise<string> {
  return (await call(target.gateway, LOG_IN, { email: target.admin.email, password: target.admin.password })).logIn.token;
}

/** The sum and count of a Prometheus histogram's samples whose labels contain `labels`. */
async function histogram(server: ServerProcess, name: string, labels: string): Promise<{ sum: number; count: number } | undefined> {
  const text = await scrapeMetrics(server);
  return text === undefined ? undefined : { sum: metricValue(text, `${name}_sum`, labels), count: metricValue(text, `${name}_count`, labels) };
}

/**
 * Measures the CPU of the target's processes, the Postgres backends of its database, the rest of
 * the bench's servers and the whole machine while `burst` runs; then keeps measuring until the
 * target's processes go quiet (events still being consumed after the last response).
 */
async function withCpu<T>(target: BurstTarget, allServers: ServerProcess[], burst: () => Promise<T>): Promise<{ result: T; cpu: BurstCpu }> {
  const ours = [target.gateway, ...target.behind];
  const idle = allServers.filter((p) => !ours.includes(p));
  const groups = [
    ...(target.database
      ? [
          { label: 'Postgres backends of this database', list: () => postgresProcesses(target.database!).backends },
          { label: 'Postgres background processes (WAL writer, checkpointer; shared by every database)', list: () => postgresProcesses(target.database!).background },
        ]
      : []),
    ...(target.redis ? [{ label: 'Redis server (events, pub/sub; shared with any other user of it)', list: () => processTitles().filter((p) => p.title.startsWith('redis-server')).map((p) => p.pid) }] : []),
  ];
  const start = () => {
    const monitor = new UsageMonitor(allServers.map((p) => p.pid));
    const groupMonitors = groups.map((g) => new ProcessGroupMonitor(g.list));
    const self = process.cpuUsage();
    monitor.start();
    groupMonitors.forEach((m) => m.start());
    return () => {
      const usage = monitor.stop();
      const groupUsage = groupMonitors.map((m) => m.stop());
      const selfUsed = process.cpuUsage(self);
      const shares: CpuShare[] = [
        ...ours.map((p) => ({ label: p.name, cpuSeconds: usage.get(p.pid)!.cpuSeconds, part: true })),
        ...groups.map((g, i) => ({ label: g.label, cpuSeconds: groupUsage[i].cpuSeconds, processes: groupUsage[i].processes, part: true })),
        { label: 'the other bench servers (not serving this target)', cpuSeconds: idle.reduce((s, p) => s + usage.get(p.pid)!.cpuSeconds, 0), part: false },
      ];
      return { shares, machine: monitor.machine, selfSeconds: (selfUsed.user + selfUsed.system) / 1e6 };
    };
  };

  const machineStart = machineTicks();
  const stopBurst = start();
  const result = await burst();
  const during = stopBurst();
  const busySeconds = (machineTicks().busy - machineStart.busy) / CLOCK_TICKS;
  const accounted = during.shares.reduce((s, x) => s + x.cpuSeconds, 0) + during.selfSeconds;

  // After the last response: outbox relays and event consumers still work on what the burst wrote.
  const stopTrailing = start();
  const trailingStarted = performance.now();
  const pids = [...ours.map((p) => p.pid)];
  const busyOf = () => pids.reduce((s, pid) => s + safeTicks(pid), 0) + (target.database ? postgresProcesses(target.database).backends.reduce((s, pid) => s + safeTicks(pid), 0) : 0);
  let previous = busyOf();
  const QUIET_MS = 1000;
  while (performance.now() - trailingStarted < 20_000) {
    await new Promise((r) => setTimeout(r, QUIET_MS));
    const now = busyOf();
    // Quiet: under 10 % of one core over the last second (the outbox pollers and timers remain).
    if ((now - previous) / CLOCK_TICKS < 0.1 * (QUIET_MS / 1000)) break;
    previous = now;
  }
  const after = stopTrailing();
  return {
    result,
    cpu: {
      shares: during.shares,
      trailing: after.shares,
      trailingSeconds: (performance.now() - trailingStarted) / 1000,
      loadGeneratorSeconds: during.selfSeconds,
      machine: during.machine,
      otherSeconds: Math.max(0, busySeconds - accounted),
    },
  };
  function safeTicks(pid: number): number {
    try {
      return cpuTicks(pid);
    } catch {
      return 0;
    }
  }
}

const money = (amount: number) => ({ amount, currency: 'EUR' });
const LEVEL_PRICES = (amount: number) => (['REGULAR', 'VIP', 'PROMOTER'] as const).map((level) => ({ level, price: money(amount) }));

/** Products of the checkout burst: one SKU each, on shelf now, `units` in one warehouse and on the shelf. */
async function checkoutProducts(target: BurstTarget, admin: string, count: number, units: number[]): Promise<{ productId: string; skuId: string; units: number }[]> {
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const { createWarehouse } = await call(target.gateway, 'mutation W($input: WarehouseInput!) { createWarehouse(input: $input) { id } }', { input: { code: `CO-${tag}`, name: 'Checkout depot' } }, admin);
  return pooled(Array.from({ length: count }, (_, i) => i), 4, async (i) => {
    const { createProduct } = await call(
      target.gateway,
      'mutation P($input: ProductInput!) { createProduct(input: $input) { id skus { id } } }',
      { input: { name: `Checkout goggles ${tag}-${i}`, skus: [{ code: `CO-${tag}-${i}`, name: 'One size' }] } },
      admin,
    );
    const skuId = createProduct.skus[0].id as string;
    await call(target.gateway, 'mutation S($w: ID!, $s: ID!, $q: Int!) { setStock(warehouseId: $w, skuId: $s, quantity: $q) { quantity } }', { w: createWarehouse.id, s: skuId, q: units[i] }, admin);
    await call(
      target.gateway,
      'mutation O($input: PutOnShelfInput!) { putOnShelf(input: $input) { id } }',
      { input: { productId: createProduct.id, freight: money(490), items: [{ skuId, shelfQuantity: units[i], originalPrice: money(2500), prices: LEVEL_PRICES(1900 + 100 * i) }] } },
      admin,
    );
    return { productId: createProduct.id as string, skuId, units: units[i] };
  });
}

const CHECKOUT = 'mutation Checkout($input: CheckoutInput!) { checkout(input: $input) { id status total { amount currency } items { quantity sku { id } } } }';

/** Lines of customer i's cart: product i, and for every other customer also product i + 3 (indexes into the products). */
function cartLines(i: number, products: number): number[] {
  return i % 2 === 1 ? [i % products, (i + 3) % products] : [i % products];
}

/**
 * Checkout burst: `customers` each get an address and a cart of one or two of `products`
 * products (stock for every line and 20 % more); then every customer checks out, `concurrency`
 * at a time (the most the gateway can do) or `pace` a second (the latency at that rate), and the
 * bench checks the orders and the stock against the answers.
 */
export async function checkoutBurst(
  target: BurstTarget,
  allServers: ServerProcess[],
  customers: Customer[],
  options: { load: { concurrency: number } | { pace: number }; products: number; warmup: Customer[] },
  log: (message: string) => void,
): Promise<CheckoutBurstResult> {
  const seedStarted = performance.now();
  const admin = await adminToken(target);
  const storedBefore = await allOrderIds(target, admin);
  // The warm-up customers come after the measured ones: their carts follow the same pattern.
  const everyone = [...customers, ...options.warmup];
  const demand = Array.from({ length: options.products }, () => 0);
  everyone.forEach((_, i) => cartLines(i, options.products).forEach((p) => demand[p]++));
  const products = await checkoutProducts(target, admin, options.products, demand.map((d) => Math.ceil(d * 1.2) + 5));
  await pooled(everyone, 16, async (customer, i) => {
    const { addAddress } = await call(
      target.gateway,
      'mutation A($input: AddressInput!) { addAddress(input: $input) { id } }',
      { input: { name: 'Bench buyer', line1: `${i} Pool Lane`, city: 'Springfield', region: 'CA', country: 'US', postalCode: '12345' } },
      customer.token,
    );
    customer.addressId = addAddress.id;
    for (const p of cartLines(i, options.products)) {
      await call(target.gateway, 'mutation Add($s: ID!, $q: Int!) { addToCart(skuId: $s, quantity: $q) { id } }', { s: products[p].skuId, q: 1 }, customer.token);
    }
  });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const checkoutOf = (customer: Customer, i: number) =>
    timed(
      () => post(target.gateway, CHECKOUT, { input: { idempotencyKey: `bench-${randomUUID()}`, paymentMethod: 'card', addressId: customer.addressId } }, customer.token),
      (data) => data?.checkout?.status === 'PAY_PENDING' && data.checkout.items.length === cartLines(i, options.products).length,
    );
  // Warm-up, not measured: the same checkouts by other customers, so that code paths, query
  // plans and connection pools are warm as in a shop that has been running.
  // One at a time: their latency is a checkout's own, with no queue in front of it.
  const warm = await pooled(options.warmup, 1, (customer, i) => checkoutOf(customer, customers.length + i));
  const { load } = options;
  const loadText = 'pace' in load ? `paced at ${load.pace}/s` : `with concurrency ${load.concurrency}`;
  log(`checkout @ ${target.label}: ${customers.length} carts over ${products.length} products ready in ${seedSeconds.toFixed(1)} s, warm-up ${JSON.stringify(count(warm))}; firing ${loadText}`);

  const before = await histogram(target.ordersMetrics, 'shop_checkout_seconds', 'outcome="OK"');
  let wallSeconds = 0;
  let maxStartSlipMs: number | undefined;
  const { result: results, cpu } = await withCpu(target, allServers, async () => {
    const wallStarted = performance.now();
    let all: Awaited<ReturnType<typeof checkoutOf>>[];
    if ('pace' in load) {
      const run = await paced(customers, load.pace, checkoutOf);
      all = run.results;
      maxStartSlipMs = run.maxSlipMs;
    } else all = await pooled(customers, load.concurrency, checkoutOf);
    wallSeconds = (performance.now() - wallStarted) / 1000;
    return all;
  });
  const after = await histogram(target.ordersMetrics, 'shop_checkout_seconds', 'outcome="OK"');
  const outcomes = count(results);
  const ok = results.filter((r) => r.outcome === 'OK');
  const warmOk = warm.filter((r) => r.outcome === 'OK');

  // What the database says afterwards, through the API: every answered order exists, once; the
  // stock booked is exactly what the orders hold; nothing went below zero.
  const problems: string[] = [];
  const made = [...ok, ...warmOk];
  const orderIds = new Set(made.map((r) => r.data.checkout.id as string));
  if (orderIds.size !== made.length) problems.push(`${made.length} successful checkouts (warm-up included) answered only ${orderIds.size} distinct order ids`);
  // The orders of this run: those stored now that were not before it.
  const stored = new Set([...(await allOrderIds(target, admin))].filter((id) => !storedBefore.has(id)));
  if (stored.size !== made.length) problems.push(`the orders service holds ${stored.size} new orders, ${made.length} checkouts succeeded (${warmOk.length} of them in the warm-up)`);
  const missing = [...orderIds].filter((id) => !stored.has(id));
  if (missing.length) problems.push(`${missing.length} answered orders are not stored (e.g. ${missing[0]})`);
  const sold = new Map<string, number>();
  for (const r of made) for (const item of r.data.checkout.items) sold.set(item.sku.id, (sold.get(item.sku.id) ?? 0) + item.quantity);
  const stock = await stockRows(target, admin);
  for (const p of products) {
    const row = stock.get(p.skuId);
    const units = sold.get(p.skuId) ?? 0;
    if (!row) {
      problems.push(`no warehouse stock row for SKU ${p.skuId}`);
      continue;
    }
    if (row.reserved !== units) problems.push(`SKU ${p.skuId}: ${row.reserved} reserved in the warehouse, the orders hold ${units}`);
    if (row.quantity !== p.units) problems.push(`SKU ${p.skuId}: warehouse quantity ${row.quantity}, expected ${p.units} (nothing ships during the bench)`);
    if (row.reserved > row.quantity) problems.push(`SKU ${p.skuId}: oversold (${row.reserved} reserved of ${row.quantity})`);
  }
  const display = await displayStocks(target, admin, products.map((p) => p.productId));
  for (const p of products) {
    const expected = p.units - (sold.get(p.skuId) ?? 0);
    if (display.get(p.productId) !== expected) problems.push(`product ${p.productId}: display stock ${display.get(p.productId)}, expected ${expected}`);
  }
  for (const [code, n] of Object.entries(outcomes)) if (code !== 'OK') problems.push(`${n} checkouts answered ${code} (there was stock for every cart)`);
  for (const [code, n] of Object.entries(count(warm))) if (code !== 'OK') problems.push(`${n} warm-up checkouts answered ${code}`);

  const ordersMeanMs = before && after && after.count > before.count ? ((after.sum - before.sum) / (after.count - before.count)) * 1000 : undefined;
  return {
    target,
    customers: customers.length,
    concurrency: 'concurrency' in load ? load.concurrency : undefined,
    pace: 'pace' in load ? load.pace : undefined,
    maxStartSlipMs,
    products: products.length,
    units: demand.reduce((a, b) => a + b, 0),
    seedSeconds,
    wallSeconds,
    outcomes,
    successes: ok.length,
    latency: summarize(results.map((r) => r.ms)),
    ordersMeanMs,
    alone: summarize(warm.map((r) => r.ms)),
    cpu,
    problems,
  };
}

/** Every order id in the orders service, through the admin's `allOrders` connection. */
async function allOrderIds(target: BurstTarget, admin: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const { allOrders } = await call(
      target.gateway,
      'query All($after: String) { allOrders(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
      { after },
      admin,
    );
    for (const edge of allOrders.edges) ids.add(edge.node.id);
    if (!allOrders.pageInfo.hasNextPage) break;
    after = allOrders.pageInfo.endCursor;
  }
  return ids;
}

async function stockRows(target: BurstTarget, admin: string): Promise<Map<string, { quantity: number; reserved: number }>> {
  const { warehouses } = await call(target.gateway, '{ warehouses { stock { sku { id } quantity reserved } } }', {}, admin);
  const out = new Map<string, { quantity: number; reserved: number }>();
  for (const w of warehouses) for (const s of w.stock) {
    const row = out.get(s.sku.id) ?? { quantity: 0, reserved: 0 };
    out.set(s.sku.id, { quantity: row.quantity + s.quantity, reserved: row.reserved + s.reserved });
  }
  return out;
}

async function displayStocks(target: BurstTarget, admin: string, productIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const id of productIds) {
    const { product } = await call(target.gateway, 'query S($id: ID!) { product(id: $id) { skus { displayStock } } }', { id }, admin);
    out.set(id, product.skus[0].displayStock);
  }
  return out;
}

/** A target counts as settled when its processes use under this share of a core each, over {@link SETTLE_WINDOW_MS}. */
const SETTLE_SHARE = 0.05;
const SETTLE_WINDOW_MS = 500;
const SETTLE_MAX_MS = 20_000;

/**
 * Waits until the target's processes are done with what the seeding left them (the events of a
 * thousand sign-ups, swimmers or cancelled carts, relayed and handled after their answers went
 * out): a burst fired into that backlog would measure it too. Resolves with the seconds waited.
 */
async function settle(target: BurstTarget): Promise<number> {
  const pids = [target.gateway, ...target.behind].map((p) => p.pid);
  const ticks = () => pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
  const started = performance.now();
  for (;;) {
    const before = ticks();
    await new Promise((r) => setTimeout(r, SETTLE_WINDOW_MS));
    const share = (ticks() - before) / CLOCK_TICKS / (SETTLE_WINDOW_MS / 1000) / pids.length;
    if (share < SETTLE_SHARE || performance.now() - started > SETTLE_MAX_MS) return (performance.now() - started) / 1000;
  }
}

const ADD_CLASS = 'mutation Hold($classId: ID!, $swimmerId: ID!) { addClassToCart(classId: $classId, swimmerId: $swimmerId) { id state items { id swimClass { id } swimmer { id } } } }';

/**
 * Class flash sale: a class with `seats` seats; every customer adds a swimmer, then all of them
 * call `addClassToCart` at the same moment. Exactly `seats` must get the seat, every other one
 * CLASS_FULL; afterwards the class shows no seat left and every winner's registration is HELD.
 */
export async function flashBurst(
  target: BurstTarget,
  allServers: ServerProcess[],
  customers: Customer[],
  options: { seats: number; rehearsals: number },
  log: (message: string) => void,
): Promise<FlashBurstResult & { losers: Customer[] }> {
  const seedStarted = performance.now();
  const admin = await adminToken(target);
  const startsAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
  const createClass = async (seats: number, title: string) =>
    (
      await call(
        target.gateway,
        'mutation C($input: SwimClassInput!) { createSwimClass(input: $input) { id seatsTotal seatsRemain } }',
        { input: { title: `${title} ${randomBytes(3).toString('hex')}`, startsAt, seatsTotal: seats, price: money(12_000) } },
        admin,
      )
    ).createSwimClass.id as string;
  const classId = await createClass(options.seats, 'Flash sale');
  const swimmers = await pooled(customers, 16, async (customer, i) => {
    const { addSwimmer } = await call(target.gateway, 'mutation S($input: SwimmerInput!) { addSwimmer(input: $input) { id } }', { input: { name: `Swimmer ${i}` } }, customer.token);
    return addSwimmer.id as string;
  });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  // Each customer's request is built before the burst, so the clock runs from when it goes out.
  const holdRequest = (customer: Customer, swimmerId: string, forClass: string) => {
    const request = new OneShotRequest(`${target.gateway.url}/graphql`, JSON.stringify({ query: ADD_CLASS, variables: { classId: forClass, swimmerId } }), {
      'content-type': 'application/json',
      authorization: `Bearer ${customer.token}`,
    });
    return () =>
      timed(
        async () => graphQLAnswer(await request.send(REQUEST_TIMEOUT_MS)),
        (data) => data?.addClassToCart?.items?.some((item: any) => item.swimClass?.id === forClass && item.swimmer?.id === swimmerId),
      );
  };
  const race = async (forClass: string) => {
    const requests = customers.map((customer, i) => holdRequest(customer, swimmers[i], forClass));
    const started = performance.now();
    const results = await Promise.all(requests.map((send) => send()));
    return { results, wallSeconds: (performance.now() - started) / 1000 };
  };

  // Rehearsals, not measured: the same customers race the same way for another class, and the
  // winners cancel their carts (the seats go back, and everyone comes to the sale with no cart
  // holding anything). A gateway that has been up a while runs this path in V8's optimised code;
  // the first bursts of a thousand new connections after a start run much of it in the baseline
  // tiers, at up to three times the CPU, falling over the first few thousand requests. Each
  // rehearsal's figures are reported beside the sale's.
  const rehearsals: Rehearsal[] = [];
  let settled = 0;
  for (let n = 0; n < options.rehearsals; n++) {
    const rehearsalClass = await createClass(options.seats, `Rehearsal ${n + 1}`);
    settled += await settle(target);
    const ticksBefore = cpuTicks(target.gateway.pid);
    const run = await race(rehearsalClass);
    const gatewayCpuMs = ((cpuTicks(target.gateway.pid) - ticksBefore) / CLOCK_TICKS) * 1000;
    rehearsals.push({ outcomes: count(run.results), latency: summarize(run.results.map((r) => r.ms)), wallSeconds: run.wallSeconds, gatewayCpuMs: gatewayCpuMs / customers.length });
    const winners = customers.filter((_, i) => run.results[i].outcome === 'OK');
    await pooled(winners, 16, (customer) => call(target.gateway, 'mutation { cancelCart { state } }', {}, customer.token));
  }
  settled += await settle(target);
  log(
    `flash @ ${target.label}: ${customers.length} customers with a swimmer ready in ${seedSeconds.toFixed(1)} s; ` +
      `rehearsals ${rehearsals.map((r) => `p99 ${r.latency.p99.toFixed(0)} ms (gateway ${r.gatewayCpuMs.toFixed(2)} CPU ms/request)`).join(', ')}; ` +
      `settled for ${settled.toFixed(1)} s; firing all at once for ${options.seats} seats`,
  );

  const counter = (server: ServerProcess, name: string) => async () => {
    const text = await scrapeMetrics(server);
    return text === undefined ? undefined : metricValue(text, name, 'code="CLASS_FULL"');
  };
  const shortcuts = counter(target.cartMetrics, 'shop_cart_class_full_shortcuts_total');
  const gated = counter(target.gateway, 'shop_gateway_gated_refusals_total');
  const [shortcutsBefore, gatedBefore] = [await shortcuts(), await gated()];

  let wallSeconds = 0;
  const { result: results, cpu } = await withCpu(target, allServers, async () => {
    const run = await race(classId);
    wallSeconds = run.wallSeconds;
    return run.results;
  });
  const [shortcutsAfter, gatedAfter] = [await shortcuts(), await gated()];
  const outcomes = count(results);
  const holders = customers.filter((_, i) => results[i].outcome === 'OK');
  const problems: string[] = [];
  rehearsals.forEach(({ outcomes: answered }, n) => {
    if ((answered.OK ?? 0) !== Math.min(options.seats, customers.length) || (answered.OK ?? 0) + (answered.CLASS_FULL ?? 0) !== customers.length) {
      problems.push(`rehearsal ${n + 1} for ${options.seats} seats answered ${JSON.stringify(answered)}`);
    }
  });
  if (holders.length !== Math.min(options.seats, customers.length)) problems.push(`${holders.length} customers got a seat of ${options.seats}`);
  for (const [code, n] of Object.entries(outcomes)) if (code !== 'OK' && code !== 'CLASS_FULL') problems.push(`${n} requests answered ${code}`);
  const { swimClass } = await call(target.gateway, 'query C($id: ID!) { swimClass(id: $id) { seatsTotal seatsRemain } }', { id: classId }, admin);
  if (swimClass.seatsRemain !== Math.max(0, options.seats - holders.length)) problems.push(`the class shows ${swimClass.seatsRemain} seats left after ${holders.length} holds of ${options.seats}`);
  const held = await pooled(holders, 16, async (customer) => {
    const { me } = await call(target.gateway, '{ me { registrations { status swimClass { id } } } }', {}, customer.token);
    return me.registrations.filter((r: any) => r.swimClass.id === classId && r.status === 'HELD').length;
  });
  const wrong = held.filter((n) => n !== 1).length;
  if (wrong) problems.push(`${wrong} of the customers who got a seat do not have exactly one HELD registration for the class`);

  return {
    target,
    customers: customers.length,
    seats: options.seats,
    seedSeconds,
    wallSeconds,
    outcomes,
    holds: holders.length,
    latency: summarize(results.map((r) => r.ms)),
    holdLatency: summarize(results.filter((r) => r.outcome === 'OK').map((r) => r.ms)),
    fullLatency: summarize(results.filter((r) => r.outcome === 'CLASS_FULL').map((r) => r.ms)),
    rehearsals,
    seatsRemainAfter: swimClass.seatsRemain,
    shortcutRefusals: shortcutsBefore === undefined || shortcutsAfter === undefined ? undefined : shortcutsAfter - shortcutsBefore,
    gatedRefusals: gatedBefore === undefined || gatedAfter === undefined ? undefined : gatedAfter - gatedBefore,
    cpu,
    problems,
    losers: customers.filter((_, i) => results[i].outcome === 'CLASS_FULL'),
  };
}
