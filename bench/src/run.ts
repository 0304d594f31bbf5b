/**
 * Benchmark harness: creates a fresh Postgres database for the distributed processes and one for
 * the embedded gateway (BENCH_DATABASE=pglite: in-memory PGlite instead), starts the servers as
 * child processes (every subgraph of the supergraph standalone, a distributed gateway in front
 * of them, an embedded gateway), seeds an account and a catalogue on each, loads every scenario
 * of scenarios.ts against each target with autocannon, then runs the burst scenarios of
 * bursts.ts (class flash sale, checkout) through both gateways, measures the processes from
 * /proc, and rewrites bench/RESULTS.md. Drops the databases at the end, also on failure. Exits
 * non-zero if anything failed, any response was an error, or a burst's outcome was wrong.
 *
 *   npm run bench                       (from the repository root)
 *   BENCH_DURATION=10 BENCH_CONNECTIONS=50 BENCH_WARMUP=2 npm run bench
 *   BENCH_FLASH_CUSTOMERS=300 BENCH_CHECKOUT_CUSTOMERS=200 npm run bench
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, release, totalmem, availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GATEWAY_SECRET_HEADER, IDENTITY_HEADER, encodeIdentity } from '@shop/platform';
import { createTestDatabase, deleteRedisKeys, type TestDatabase } from '@shop/platform/testing';
import { Redis } from 'ioredis';
import { checkoutBurst, flashBurst, signUpCustomers, type BurstTarget, type CheckoutBurstResult, type Customer, type FlashBurstResult } from './bursts.js';
import { LIVE_END, LIVE_START } from './live-section.js';
import { nonNegativeInt, positiveInt } from './params.js';
import { runLoad } from './load.js';
import { metricValue, scrapeMetrics } from './metrics.js';
import { HOST, freePorts, startServer, waitReady, type ServerProcess } from './processes.js';
import { CLOCK_TICKS, ProcessGroupMonitor, UsageMonitor, machineTicks, postgresProcesses, type ProcessUsage } from './procstat.js';
import { burstProblems, failures, renderResults, type BurstRun, type RunInfo, type ScenarioResult, type TargetKey, type TargetMeasurement } from './report.js';
import { CART_LINES, CATALOGUE_PRODUCTS, SCENARIOS, type Scenario, type Seed } from './scenarios.js';

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(BENCH_DIR, '..');
const RESULTS_PATH = resolve(BENCH_DIR, 'RESULTS.md');
const REQUEST_TIMEOUT_SECONDS = 10;
const CACHE_LOOKUPS = 'shop_catalogue_cache_lookups_total';

const params = {
  connections: positiveInt('BENCH_CONNECTIONS', 50),
  duration: positiveInt('BENCH_DURATION', 10),
  warmup: positiveInt('BENCH_WARMUP', 2),
  timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
};

/** The burst scenarios' sizes (bursts.ts). */
const burstParams = {
  checkoutCustomers: positiveInt('BENCH_CHECKOUT_CUSTOMERS', 400),
  checkoutConcurrency: positiveInt('BENCH_CHECKOUT_CONCURRENCY', 50),
  /** Then as many more checkouts started at a steady rate (an open loop): the latency at the goal's 300/s. */
  checkoutPacedCustomers: positiveInt('BENCH_CHECKOUT_PACED_CUSTOMERS', 400),
  checkoutRate: positiveInt('BENCH_CHECKOUT_RATE', 300),
  checkoutProducts: positiveInt('BENCH_CHECKOUT_PRODUCTS', 10),
  flashCustomers: positiveInt('BENCH_FLASH_CUSTOMERS', 1000),
  flashSeats: positiveInt('BENCH_FLASH_SEATS', 100),
  /** Races of the flash sale's customers for other classes before it (not measured), so that it meets a warm gateway. */
  flashRehearsals: nonNegativeInt('BENCH_FLASH_REHEARSALS', 3),
  signUpParallel: positiveInt('BENCH_SIGNUP_PARALLEL', 16),
  /** Customers of the checkout's warm-up (not measured): their checkouts, one at a time. */
  warmupCustomers: positiveInt('BENCH_BURST_WARMUP', 40),
};

/** Which database the servers use: fresh Postgres databases (default) or in-memory PGlite. */
const DATABASE_MODE: 'postgres' | 'pglite' = (() => {
  const raw = process.env.BENCH_DATABASE ?? 'postgres';
  if (raw !== 'postgres' && raw !== 'pglite') throw new Error(`BENCH_DATABASE must be postgres or pglite (got "${raw}")`);
  return raw;
})();

/** What the bench runs: every autocannon scenario and burst unless BENCH_ONLY names some (comma list of names, "flash", "checkout"). */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const selected = (name: string) => ONLY.size === 0 || ONLY.has(name);
/** The gateways the bursts go through (BENCH_BURST_TARGETS: comma list of distributed, embedded; default both). */
const BURST_TARGETS = new Set((process.env.BENCH_BURST_TARGETS ?? 'distributed,embedded').split(',').map((s) => s.trim()).filter(Boolean));
/** BENCH_CPU_PROF=<dir>: every server writes a V8 CPU profile there when it stops (node --cpu-prof), to see where a burst's time goes. */
const NODE_ARGS = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`] : [];

/** Environment shared by every server process: production mode, quiet logs; in-memory PGlite unless Postgres. */
const serverEnv: Record<string, string> = {
  NODE_ENV: 'production',
  ...(DATABASE_MODE === 'pglite' ? { DATA_DIR: 'memory://' } : {}),
  LOG_LEVEL: 'warn',
  APOLLO_TELEMETRY_DISABLED: '1',
  ADMIN_EMAIL: 'admin@bench.local',
  ...(process.env.BENCH_DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: String(positiveInt('BENCH_DATABASE_POOL_SIZE', 10)) } : {}),
};
const secrets: Record<string, string> = {
  INTERNAL_SECRET: randomBytes(24).toString('hex'),
  JWT_SECRET: randomBytes(32).toString('hex'),
  PAYMENT_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
  ADMIN_PASSWORD: randomBytes(16).toString('hex'),
};

/** The subgraphs the distributed gateway needs, each started standalone: every one in the supergraph (it has a schema). */
const SUBGRAPHS = readdirSync(resolve(ROOT, 'subgraphs'))
  .filter((name) => existsSync(resolve(ROOT, 'subgraphs', name, 'src', 'schema.graphql')))
  .sort()
  .map((name) => ({ name, entry: `subgraphs/${name}/src/main.ts` }));
const GATEWAY_ENTRY = 'gateway/src/main.ts';

interface Target {
  key: TargetKey;
  label: string;
  graphqlUrl: string;
  server: ServerProcess;
  behind: ServerProcess[];
  /** The Postgres database the target's processes use (its backends are measured too). */
  database?: string;
  seed: Seed;
  headers(scenario: Scenario): Record<string, string>;
}

const log = (message: string) => console.log(`[bench] ${message}`);

/** Every server started, so that any way out of this process stops them. */
const started: ServerProcess[] = [];
const alive = (p: ServerProcess) => p.child.exitCode === null && p.child.signalCode === null;
/** Servers that exited before the bench stopped them (a crash explains the error that follows). */
const died: { proc: ServerProcess; code: string }[] = [];
let stoppingServers = false;
function watch(proc: ServerProcess): ServerProcess {
  proc.child.once('exit', (code, signal) => {
    if (!stoppingServers) died.push({ proc, code: String(code ?? signal) });
  });
  return proc;
}
// Last resort (an exception outside main, process.exit elsewhere): no orphaned servers.
process.on('exit', () => {
  for (const p of started) if (alive(p)) p.child.kill('SIGKILL');
});

async function graphql(url: string, query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let json: { data?: any; errors?: unknown[] } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // reported below
  }
  return { status: res.status, text, json };
}

/** One seeding operation through a gateway; throws unless it fully succeeded. */
async function seedCall(gateway: ServerProcess, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const { status, text, json } = await graphql(`${gateway.url}/graphql`, query, variables, token ? { authorization: `Bearer ${token}` } : {});
  if (status !== 200 || json?.errors || !json?.data) throw new Error(`seeding ${gateway.name} failed (${status}): ${text.slice(0, 1000)}`);
  return json.data;
}

/**
 * Signs up a fresh account through a gateway, and as the admin creates the catalogue: products
 * with two SKUs each, stock for every SKU in one warehouse, every product on shelf now; then a
 * promotion and the account's cart for the cart scenario.
 */
async function seedGateway(gateway: ServerProcess, tag: string): Promise<Seed> {
  const email = `bench.${tag}.${Date.now().toString(36)}@example.com`;
  const name = `Bench ${tag}`;
  const { signUp } = await seedCall(gateway, 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token account { id } } }', {
    input: { email, password: randomBytes(12).toString('hex'), name },
  });
  const { logIn } = await seedCall(gateway, 'mutation LogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }', {
    email: serverEnv.ADMIN_EMAIL,
    password: secrets.ADMIN_PASSWORD,
  });
  const admin = logIn.token as string;
  const { createWarehouse } = await seedCall(gateway, 'mutation W($input: WarehouseInput!) { createWarehouse(input: $input) { id } }', { input: { code: `BENCH-${tag}`, name: 'Bench depot' } }, admin);
  const skusPerProduct = 2;
  const productIds: string[] = [];
  for (let i = 0; i < CATALOGUE_PRODUCTS; i++) {
    const skus = Array.from({ length: skusPerProduct }, (_, j) => ({ code: `BENCH-${tag}-${i}-${j}`, name: `Size ${j + 1}` }));
    const { createProduct } = await seedCall(
      gateway,
      'mutation P($input: ProductInput!) { createProduct(input: $input) { id skus { id } } }',
      { input: { name: `Bench swimsuit ${i}`, description: 'Seeded by the bench', skus } },
      admin,
    );
    for (const sku of createProduct.skus) {
      await seedCall(gateway, 'mutation S($w: ID!, $s: ID!, $q: Int!) { setStock(warehouseId: $w, skuId: $s, quantity: $q) { quantity } }', { w: createWarehouse.id, s: sku.id, q: 100 + i }, admin);
    }
    const money = (amount: number) => ({ amount, currency: 'EUR' });
    await seedCall(
      gateway,
      'mutation O($input: PutOnShelfInput!) { putOnShelf(input: $input) { id } }',
      {
        input: {
          productId: createProduct.id,
          freight: money(490),
          items: createProduct.skus.map((sku: { id: string }) => ({
            skuId: sku.id,
            shelfQuantity: 50,
            originalPrice: money(4000),
            prices: [
              { level: 'REGULAR', price: money(3500) },
              { level: 'VIP', price: money(3200) },
              { level: 'PROMOTER', price: money(3000) },
            ],
          })),
        },
      },
      admin,
    );
    productIds.unshift(createProduct.id);
  }
  // The cart scenario's cart: one line of each of the first products, the first one promoted.
  const cartSkus: string[] = [];
  for (const productId of productIds.slice(0, CART_LINES)) {
    const { product } = await seedCall(gateway, 'query Skus($id: ID!) { product(id: $id) { skus { id } } }', { id: productId }, admin);
    cartSkus.push(product.skus[0].id);
  }
  await seedCall(
    gateway,
    'mutation Promo($input: PromotionInput!) { createPromotion(input: $input) { id } }',
    { input: { name: `Bench ${tag} 10 %`, kind: 'PERCENT', value: 10, productIds: productIds.slice(0, 1) } },
    admin,
  );
  for (const [i, skuId] of cartSkus.entries()) {
    await seedCall(gateway, 'mutation Add($s: ID!, $q: Int!) { addToCart(skuId: $s, quantity: $q) { id } }', { s: skuId, q: i + 1 }, signUp.token);
  }
  return { account: { id: signUp.account.id, email, name, token: signUp.token }, catalogue: { productIds, skusPerProduct }, cart: { lines: cartSkus.length } };
}

/** Keeps the live-updates section (bench/src/live.ts writes it) when the rest of RESULTS.md is rewritten. */
function withLiveSection(rendered: string): string {
  const current = existsSync(RESULTS_PATH) ? readFileSync(RESULTS_PATH, 'utf8') : '';
  const start = current.indexOf(LIVE_START);
  const end = current.indexOf(LIVE_END);
  return start >= 0 && end > start ? `${rendered.trimEnd()}\n\n${current.slice(start, end + LIVE_END.length)}\n` : rendered;
}

function requestBody(scenario: Scenario, seed: Seed): string {
  return JSON.stringify({ query: scenario.query, variables: scenario.variables?.(seed) });
}

/** One request, checked in full: 200, data, no errors, and the scenario's own check. */
async function verifyTarget(target: Target, scenario: Scenario): Promise<void> {
  const where = `${scenario.name} @ ${target.label}`;
  const { status, text, json } = await graphql(target.graphqlUrl, scenario.query, scenario.variables?.(target.seed), target.headers(scenario));
  if (!json) throw new Error(`${where}: response is not JSON (${status}): ${text.slice(0, 500)}`);
  if (status !== 200 || json.errors?.length || !json.data) throw new Error(`${where}: sample request failed (${status}): ${text.slice(0, 1000)}`);
  const problem = scenario.check?.(json.data, target.seed);
  if (problem) throw new Error(`${where}: ${problem}`);
}

function selfUsage(start: NodeJS.CpuUsage, startedAt: number): ProcessUsage {
  const used = process.cpuUsage(start);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const seconds = (performance.now() - startedAt) / 1000;
  return { cpuSeconds, cpuPercent: (cpuSeconds / seconds) * 100, peakRssMb: process.memoryUsage().rss / 1024 / 1024 };
}

async function measure(target: Target, scenario: Scenario): Promise<TargetMeasurement> {
  await verifyTarget(target, scenario);
  const load = {
    url: target.graphqlUrl,
    body: requestBody(scenario, target.seed),
    headers: target.headers(scenario),
    connections: params.connections,
  };
  log(`${scenario.name} @ ${target.label}: warm-up ${params.warmup} s`);
  const warm = await runLoad({ ...load, duration: params.warmup });
  const warmupFailures = warm.errors + Math.max(warm.graphqlErrors, warm.non2xx);

  log(`${scenario.name} @ ${target.label}: measuring ${params.duration} s`);
  // Every server is watched, so that the idle ones do not count as "other processes".
  const monitor = new UsageMonitor(started.map((p) => p.pid));
  const database = target.database;
  const backends = database ? new ProcessGroupMonitor(() => postgresProcesses(database).backends) : undefined;
  // The gateway's catalogue response cache (CATALOGUE_CACHE_MS): how many reads it answered.
  const lookups = async () => {
    const text = target.key === 'direct' ? undefined : await scrapeMetrics(target.server);
    return text === undefined ? undefined : { hit: metricValue(text, CACHE_LOOKUPS, 'outcome="hit"'), miss: metricValue(text, CACHE_LOOKUPS, 'outcome="miss"') };
  };
  const lookupsBefore = await lookups();
  const selfStart = process.cpuUsage();
  const selfStartedAt = performance.now();
  monitor.start();
  backends?.start();
  const result = await runLoad({ ...load, duration: params.duration });
  const usage = monitor.stop();
  const databaseUsage = backends?.stop();
  const loadGenerator = selfUsage(selfStart, selfStartedAt);
  const lookupsAfter = await lookups();
  const cache = lookupsBefore && lookupsAfter ? { hits: lookupsAfter.hit - lookupsBefore.hit, misses: lookupsAfter.miss - lookupsBefore.miss } : undefined;

  const measurement: TargetMeasurement = {
    key: target.key,
    label: target.label,
    load: result,
    warmupFailures,
    server: usage.get(target.server.pid)!,
    behind: target.behind.map((p) => ({ label: p.name, usage: usage.get(p.pid)! })),
    database: databaseUsage ? { processes: databaseUsage.processes, usage: { cpuSeconds: databaseUsage.cpuSeconds, cpuPercent: databaseUsage.cpuPercent, peakRssMb: NaN } } : undefined,
    loadGenerator,
    cache: cache && cache.hits + cache.misses > 0 ? cache : undefined,
    machine: monitor.machine,
    idleServers: started
      .filter((p) => p !== target.server && !target.behind.includes(p))
      .map((p) => usage.get(p.pid)!.cpuPercent)
      .reduce((a, b) => a + b, 0),
  };
  log(
    `${scenario.name} @ ${target.label}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
      `CPU ${measurement.server.cpuPercent.toFixed(0)} %${databaseUsage ? ` (Postgres ${databaseUsage.cpuPercent.toFixed(0)} %)` : ''}, RSS ${measurement.server.peakRssMb.toFixed(0)} MB, failures ${failures(measurement)} (warm-up ${warmupFailures})${cache ? `, cache hits ${cache.hits} misses ${cache.misses}` : ''}, machine ${measurement.machine.busyPercent.toFixed(0)} % busy`,
  );
  return measurement;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1].trim();
  } catch {
    // fall through
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

function autocannonVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('autocannon/package.json') as { version: string }).version;
}

/** How busy the machine is before anything starts, in % of one core (other work disturbs the numbers). */
async function backgroundLoad(ms = 1000): Promise<number> {
  const start = machineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const end = machineTicks();
  return ((end.busy - start.busy) / CLOCK_TICKS / (ms / 1000)) * 100;
}

/** Signs up the customers a gateway's bursts need, and runs the flash sale and then the checkout burst on it. */
async function runBursts(
  target: BurstTarget,
): Promise<{ flash?: FlashBurstResult; checkout?: CheckoutBurstResult; checkoutPaced?: CheckoutBurstResult; signUp: { customers: number; seconds: number } }> {
  const flashOn = selected('flash');
  const checkoutOn = selected('checkout');
  // The flash sale's losers (CLASS_FULL: nothing held, an empty cart) do the checkout burst, so
  // fewer customers have to be signed up; more are signed up only when they are not enough.
  const flashCustomers = flashOn ? burstParams.flashCustomers : 0;
  const spare = flashOn ? Math.max(0, flashCustomers - burstParams.flashSeats) : 0;
  const buyersNeeded = burstParams.checkoutCustomers + burstParams.checkoutPacedCustomers;
  const extra = checkoutOn ? Math.max(0, buyersNeeded - spare) : 0;
  const total = flashCustomers + extra + burstParams.warmupCustomers;
  log(`bursts @ ${target.label}: signing up ${total} customers (${burstParams.signUpParallel} at a time)`);
  const signUpStarted = performance.now();
  const everyone = await signUpCustomers(target.gateway, total, target.key, burstParams.signUpParallel);
  const warmup = everyone.slice(0, burstParams.warmupCustomers);
  const customers = everyone.slice(burstParams.warmupCustomers);
  const signUp = { customers: total, seconds: (performance.now() - signUpStarted) / 1000 };
  log(`bursts @ ${target.label}: ${total} sign-ups in ${signUp.seconds.toFixed(1)} s (${(total / signUp.seconds).toFixed(1)}/s)`);

  let flash: (FlashBurstResult & { losers: Customer[] }) | undefined;
  if (flashOn) {
    flash = await flashBurst(target, started, customers.slice(0, flashCustomers), { seats: burstParams.flashSeats, rehearsals: burstParams.flashRehearsals }, log);
    log(
      `flash @ ${target.label}: ${flash.holds} holds of ${flash.seats}, outcomes ${JSON.stringify(flash.outcomes)}, p50 ${flash.latency.p50.toFixed(0)} ms, p99 ${flash.latency.p99.toFixed(0)} ms, ` +
        `wall ${flash.wallSeconds.toFixed(2)} s${flash.problems.length ? `; PROBLEMS: ${flash.problems.join('; ')}` : ''}`,
    );
  }
  if (flash?.problems.length) logOutputs(target);
  let checkout: CheckoutBurstResult | undefined;
  let checkoutPaced: CheckoutBurstResult | undefined;
  if (checkoutOn) {
    const buyers = [...(flash?.losers ?? []), ...customers.slice(flashCustomers)].slice(0, buyersNeeded);
    const report = (run: CheckoutBurstResult) =>
      log(
        `checkout @ ${target.label}: ${run.successes}/${run.customers} in ${run.wallSeconds.toFixed(2)} s = ${(run.successes / run.wallSeconds).toFixed(0)}/s, ` +
          `p50 ${run.latency.p50.toFixed(0)} ms, p99 ${run.latency.p99.toFixed(0)} ms${run.problems.length ? `; PROBLEMS: ${run.problems.join('; ')}` : ''}`,
      );
    checkout = await checkoutBurst(
      target,
      started,
      buyers.slice(0, burstParams.checkoutCustomers),
      { load: { concurrency: burstParams.checkoutConcurrency }, products: burstParams.checkoutProducts, warmup },
      log,
    );
    report(checkout);
    // Warm already, and the warm-up's customers each hold an unpaid order now.
    checkoutPaced = await checkoutBurst(
      target,
      started,
      buyers.slice(burstParams.checkoutCustomers),
      { load: { pace: burstParams.checkoutRate }, products: burstParams.checkoutProducts, warmup: [] },
      log,
    );
    report(checkoutPaced);
  }
  if (checkout?.problems.length || checkoutPaced?.problems.length) logOutputs(target);
  return { flash, checkout, checkoutPaced, signUp };
}

/** What the target's processes last wrote (their warnings and errors), for a burst that went wrong. */
function logOutputs(target: BurstTarget): void {
  for (const proc of [target.gateway, ...target.behind]) {
    const output = proc.output();
    if (output) console.error(`[bench] last output of ${proc.name}:\n${output.split('\n').slice(-8).join('\n')}`);
  }
}

async function main(): Promise<number> {
  let stopping: Promise<void> | undefined;
  const databases: TestDatabase[] = [];
  let redisPrefix: string | undefined;
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  /** Stops every server, then drops the run's databases and deletes its Redis keys (once, whatever called it). */
  const stopAll = () =>
    (stopping ??= (async () => {
      stoppingServers = true;
      await Promise.all(started.map((p) => p.stop().catch(() => {})));
      for (const database of databases) {
        await database.dispose().catch((err) => console.error(`[bench] could not drop ${database.url}: ${(err as Error).message}`));
      }
      if (redisPrefix) {
        const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
        try {
          await redis.connect();
          await deleteRedisKeys(redis, redisPrefix);
        } catch (err) {
          console.error(`[bench] could not delete the Redis keys under ${redisPrefix}: ${(err as Error).message}`);
        } finally {
          redis.disconnect();
        }
      }
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping servers`);
    void stopAll().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const runStarted = performance.now();
  try {
    const background = await backgroundLoad();
    log(`machine busy before start: ${background.toFixed(0)} % of one core (${availableParallelism()} cores)`);
    const ports = await freePorts(SUBGRAPHS.length + 3);
    const subgraphPorts = new Map(SUBGRAPHS.map((s, i) => [s.name, ports[i]]));
    const [distributedPort, embeddedPort, uncachedPort] = ports.slice(SUBGRAPHS.length);

    let databaseNames: { distributed?: string; embedded?: string } = {};
    const databaseEnv = { distributed: {} as Record<string, string>, embedded: {} as Record<string, string> };
    if (DATABASE_MODE === 'postgres') {
      const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
      databaseNames = { distributed: `shop_bench_${suffix}_distributed`, embedded: `shop_bench_${suffix}_embedded` };
      for (const name of [databaseNames.distributed!, databaseNames.embedded!]) databases.push(await createTestDatabase(name));
      databaseEnv.distributed = { DATABASE_URL: databases[0].url };
      databaseEnv.embedded = { DATABASE_URL: databases[1].url };
      log(`fresh Postgres databases ${databaseNames.distributed} and ${databaseNames.embedded}`);
    }
    const env = { ...serverEnv, ...secrets };
    // The distributed processes share revocations, events and broadcasts through Redis, as they must.
    redisPrefix = `bench-${process.pid}:`;
    // SUBGRAPH_URLS as docker-compose gives it to every process: the gateway routes to them, and
    // each subgraph makes its internal calls (cart → inventory, orders → cart, …) over HTTP to them.
    const subgraphUrls = SUBGRAPHS.map((s) => `${s.name}=http://${HOST}:${subgraphPorts.get(s.name)}`).join(',');
    const distributedEnv = { ...env, ...databaseEnv.distributed, REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix, SUBGRAPH_URLS: subgraphUrls };

    log(`starting servers (subgraphs ${[...subgraphPorts].map(([n, p]) => `${n}:${p}`).join(', ')}, distributed gateway :${distributedPort}, embedded gateway :${embeddedPort})`);
    const subgraphs = new Map<string, ServerProcess>();
    for (const s of SUBGRAPHS) {
      const proc = startServer({ name: `${s.name} subgraph`, cwd: ROOT, entry: s.entry, port: subgraphPorts.get(s.name)!, env: distributedEnv, nodeArgs: NODE_ARGS });
      started.push(watch(proc));
      subgraphs.set(s.name, proc);
    }
    const embedded = startServer({ name: 'embedded gateway', cwd: ROOT, entry: GATEWAY_ENTRY, port: embeddedPort, env: { ...env, ...databaseEnv.embedded }, nodeArgs: NODE_ARGS });
    started.push(watch(embedded));
    await Promise.all([...subgraphs.values()].map((p) => waitReady(p)));
    // The distributed gateway's readiness includes its subgraphs', so start it once they are up.
    const distributed = startServer({ name: 'distributed gateway', cwd: ROOT, entry: GATEWAY_ENTRY, port: distributedPort, env: distributedEnv, nodeArgs: NODE_ARGS });
    started.push(watch(distributed));
    // A second distributed gateway with the catalogue response cache off, for the catalogue scenario only.
    const uncached = SCENARIOS.some((s) => s.uncached && selected(s.name))
      ? startServer({ name: 'distributed gateway, cache off', cwd: ROOT, entry: GATEWAY_ENTRY, port: uncachedPort, env: { ...distributedEnv, CATALOGUE_CACHE_MS: '0' } })
      : undefined;
    if (uncached) started.push(watch(uncached));
    await Promise.all([waitReady(embedded), waitReady(distributed), ...(uncached ? [waitReady(uncached)] : [])]);
    log('all servers ready');
    const checkAlive = () => {
      for (const proc of started) {
        if (!alive(proc)) throw new Error(`${proc.name} died:\n${proc.output()}`);
      }
    };

    const scenarios = SCENARIOS.filter((s) => selected(s.name));
    const results: ScenarioResult[] = [];
    if (scenarios.length) {
      const distributedSeed = await seedGateway(distributed, 'distributed');
      const embeddedSeed = await seedGateway(embedded, 'embedded');
      const bearer = (seed: Seed) => (scenario: Scenario): Record<string, string> => (scenario.auth ? { authorization: `Bearer ${seed.account.token}` } : {});

      const gatewayTargets: Target[] = [
        {
          key: 'distributed',
          label: 'distributed gateway → subgraphs over HTTP',
          graphqlUrl: `${distributed.url}/graphql`,
          server: distributed,
          behind: [...subgraphs.values()],
          database: databaseNames.distributed,
          seed: distributedSeed,
          headers: bearer(distributedSeed),
        },
        {
          key: 'embedded',
          label: 'embedded gateway (in-process subgraphs)',
          graphqlUrl: `${embedded.url}/graphql`,
          server: embedded,
          behind: [],
          database: databaseNames.embedded,
          seed: embeddedSeed,
          headers: bearer(embeddedSeed),
        },
      ];
      // What the gateway would send the subgraph for the distributed gateway's account.
      const identity = encodeIdentity({
        kind: 'account',
        accountId: distributedSeed.account.id,
        roles: ['CUSTOMER'],
        level: 'REGULAR',
        jti: randomUUID(),
        exp: Math.floor(Date.now() / 1000) + 3600,
      });
      const directTarget = (subgraph: string): Target => {
        const proc = subgraphs.get(subgraph);
        if (!proc) throw new Error(`scenario names directSubgraph "${subgraph}", which the bench does not start (see SUBGRAPHS)`);
        return {
          key: 'direct',
          label: `${subgraph} subgraph direct`,
          graphqlUrl: `${proc.url}/graphql`,
          server: proc,
          behind: [],
          database: databaseNames.distributed,
          seed: distributedSeed,
          headers: (scenario) => ({ [GATEWAY_SECRET_HEADER]: secrets.INTERNAL_SECRET, ...(scenario.auth ? { [IDENTITY_HEADER]: identity } : {}) }),
        };
      };

      const uncachedTarget: Target[] = uncached
        ? [
            {
              ...gatewayTargets[0],
              key: 'uncached',
              label: 'distributed gateway, catalogue cache off (CATALOGUE_CACHE_MS=0)',
              graphqlUrl: `${uncached.url}/graphql`,
              server: uncached,
            },
          ]
        : [];
      for (const scenario of scenarios) {
        const targets = [
          ...(scenario.directSubgraph ? [directTarget(scenario.directSubgraph)] : []),
          gatewayTargets[0],
          ...(scenario.uncached ? uncachedTarget : []),
          gatewayTargets[1],
        ];
        const measurements: TargetMeasurement[] = [];
        for (const target of targets) {
          checkAlive();
          measurements.push(await measure(target, scenario));
          await new Promise((r) => setTimeout(r, 500));
        }
        results.push({ scenario, targets: measurements });
      }
    }

    const bursts: BurstRun[] = [];
    if (selected('flash') || selected('checkout')) {
      const admin = { email: serverEnv.ADMIN_EMAIL, password: secrets.ADMIN_PASSWORD };
      const burstTargets: BurstTarget[] = [
        {
          key: 'distributed',
          label: 'distributed gateway',
          gateway: distributed,
          behind: [...subgraphs.values()],
          ordersMetrics: subgraphs.get('orders') ?? distributed,
          cartMetrics: subgraphs.get('cart') ?? distributed,
          database: databaseNames.distributed,
          redis: true,
          admin,
        },
        { key: 'embedded', label: 'embedded gateway', gateway: embedded, behind: [], ordersMetrics: embedded, cartMetrics: embedded, database: databaseNames.embedded, redis: false, admin },
      ];
      for (const target of burstTargets.filter((t) => BURST_TARGETS.has(t.key))) {
        checkAlive();
        // The servers that do not serve this target sit idle, but their timers and pollers would
        // still take CPU from it on the same two cores: they are paused while its bursts run.
        const others = started.filter((p) => p !== target.gateway && !target.behind.includes(p));
        others.forEach((p) => p.pause());
        try {
          bursts.push({ target, ...(await runBursts(target)) });
        } finally {
          others.forEach((p) => p.resume());
        }
      }
      checkAlive();
    }

    const info: RunInfo = {
      date: new Date(),
      machine: { cores: availableParallelism(), cpuModel: cpuModel(), memoryGb: totalmem() / 1024 ** 3, kernel: release(), node: process.version, backgroundLoad: background },
      params,
      bursts: burstParams,
      database: DATABASE_MODE === 'postgres' ? { kind: 'postgres', version: await postgresVersion(databases[0].url), settings: await postgresSettings(databases[0].url) } : { kind: 'pglite' },
      only: [...ONLY],
      runSeconds: (performance.now() - runStarted) / 1000,
      autocannonVersion: autocannonVersion(),
      serverEnv,
      processes: [
        ...SUBGRAPHS.map((s) => ({ label: `${s.name} subgraph`, command: `PORT=<port> SUBGRAPH_URLS=<all of them> REDIS_URL=… node --import tsx ${s.entry}` })),
        { label: 'distributed gateway', command: `PORT=<port> SUBGRAPH_URLS=${SUBGRAPHS.map((s) => `${s.name}=http://127.0.0.1:<port>`).join(',')} REDIS_URL=… node --import tsx ${GATEWAY_ENTRY}` },
        ...(uncached ? [{ label: 'distributed gateway, cache off (catalogue scenario only)', command: 'the same as the distributed gateway, with CATALOGUE_CACHE_MS=0' }] : []),
        { label: 'embedded gateway', command: `PORT=<port> node --import tsx ${GATEWAY_ENTRY}` },
      ],
    };
    writeFileSync(RESULTS_PATH, withLiveSection(renderResults(results, bursts, info)));
    log(`wrote ${RESULTS_PATH} (run took ${(info.runSeconds / 60).toFixed(1)} min)`);

    // Error responses and wrong answers fail the run; so do requests that timed out (a customer
    // whose page never loads has failed as surely as one who got an error).
    const failed = results.flatMap((r) => r.targets.filter((t) => failures(t) > 0 || t.warmupFailures > 0).map((t) => `${r.scenario.name} @ ${t.label}`));
    const burstFailures = burstProblems(bursts);
    if (failed.length) console.error(`[bench] error responses from: ${failed.join('; ')}`);
    if (burstFailures.length) console.error(`[bench] bursts went wrong: ${burstFailures.join('; ')}`);
    return failed.length || burstFailures.length ? 1 : 0;
  } finally {
    await stopAll();
    log(`servers stopped${databases.length ? ', databases dropped' : ''}`);
  }
}

/** The Postgres server's version, for the report. */
async function postgresVersion(url: string): Promise<string> {
  return (await postgresQuery(url, 'show server_version')).trim();
}

/** The server settings that decide commit cost, for the report. */
async function postgresSettings(url: string): Promise<string> {
  return (await postgresQuery(url, "select string_agg(name || '=' || setting, ', ' order by name) from pg_settings where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections')")).trim();
}

async function postgresQuery(url: string, query: string): Promise<string> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql.unsafe(query);
    return String(Object.values(rows[0] ?? {})[0] ?? '');
  } finally {
    await sql.end();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('[bench] failed:', err instanceof Error ? err.message : err);
    for (const { proc, code } of died) console.error(`[bench] ${proc.name} had exited (${code}) before the bench stopped it; its last output:\n${proc.output()}`);
    process.exit(1);
  },
);
