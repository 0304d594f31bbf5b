import { HOLDS_AT_ONCE } from '@shop/platform';
import type { BurstCpu, BurstTarget, CheckoutBurstResult, FlashBurstResult, LatencySummary } from './bursts.js';
import { halves, type LoadResult } from './load.js';
import type { MachineUsage, ProcessUsage } from './procstat.js';
import { CATALOGUE_PRODUCTS, type Scenario } from './scenarios.js';

export type TargetKey = 'direct' | 'distributed' | 'uncached' | 'embedded';

export interface TargetMeasurement {
  key: TargetKey;
  label: string;
  load: LoadResult;
  warmupFailures: number;
  /** The process the requests were sent to. */
  server: ProcessUsage;
  /** Processes behind it (the subgraph behind the distributed gateway), by label. */
  behind: { label: string; usage: ProcessUsage }[];
  /** The Postgres backends of the target's database during the run (Postgres runs only). */
  database?: { processes: number; usage: ProcessUsage };
  /** The bench process itself (autocannon), for judging CPU contention. */
  loadGenerator: ProcessUsage;
  /** Reads the gateway's catalogue response cache answered (hits) or passed on (misses) during the run. */
  cache?: { hits: number; misses: number };
  /** The whole machine during the measured run. */
  machine: MachineUsage;
  /** CPU % of the servers not under load during this run (all of them together). */
  idleServers: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  targets: TargetMeasurement[];
}

export interface BurstRun {
  target: BurstTarget;
  flash?: FlashBurstResult;
  /** The checkouts with at most N in flight: the most the gateway does. */
  checkout?: CheckoutBurstResult;
  /** More checkouts started at a steady rate: the latency at that rate. */
  checkoutPaced?: CheckoutBurstResult;
  signUp: { customers: number; seconds: number };
}

export interface RunInfo {
  date: Date;
  machine: { cores: number; cpuModel: string; memoryGb: number; kernel: string; node: string; backgroundLoad: number };
  params: { connections: number; duration: number; warmup: number; timeoutSeconds: number };
  bursts: {
    checkoutCustomers: number;
    checkoutConcurrency: number;
    checkoutPacedCustomers: number;
    checkoutRate: number;
    checkoutProducts: number;
    flashCustomers: number; flashSeats: number; flashRehearsals: number; signUpParallel: number; warmupCustomers: number };
  database: { kind: 'postgres'; version: string; settings: string } | { kind: 'pglite' };
  /** BENCH_ONLY: the scenarios and bursts this run was limited to (empty: all). */
  only: string[];
  runSeconds: number;
  autocannonVersion: string;
  serverEnv: Record<string, string>;
  processes: { label: string; command: string }[];
}

/** Connection errors/timeouts plus responses that were non-2xx or carried GraphQL errors. */
export function failures(t: TargetMeasurement): number {
  return t.load.errors + Math.max(t.load.graphqlErrors, t.load.non2xx);
}

const f0 = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const f1 = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const f2 = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ms = (n: number) => (n < 10 ? f2(n) : f1(n));

/** CPU of everything but the measured processes and the load generator, in % of one core. */
export function otherCpuPercent(t: TargetMeasurement): number {
  const ours = t.server.cpuPercent + t.behind.reduce((s, b) => s + b.usage.cpuPercent, 0) + (t.database?.usage.cpuPercent ?? 0) + t.idleServers + t.loadGenerator.cpuPercent;
  return Math.max(0, t.machine.busyPercent - ours);
}

/** CPU milliseconds spent per request. */
const cpuPerRequest = (usage: ProcessUsage, requests: number) => (requests > 0 ? (usage.cpuSeconds * 1000) / requests : NaN);

function errorCell(t: TargetMeasurement): string {
  const total = failures(t);
  if (total === 0) return '0';
  const parts = [
    t.load.non2xx && `non-2xx ${t.load.non2xx}`,
    t.load.graphqlErrors && `GraphQL errors ${t.load.graphqlErrors}`,
    t.load.errors && `connection/timeouts ${t.load.errors}`,
  ].filter(Boolean);
  return `**${total}** (${parts.join(', ')})`;
}

function table(result: ScenarioResult): string {
  const rows = ['| target | req/s | p50 ms | p99 ms | CPU % | peak RSS MB | errors |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const t of result.targets) {
    rows.push(`| ${t.label} | ${f0(t.load.requestsPerSecond)} | ${ms(t.load.p50)} | ${ms(t.load.p99)} | ${f0(t.server.cpuPercent)} | ${f0(t.server.peakRssMb)} | ${errorCell(t)} |`);
    for (const b of t.behind) {
      rows.push(`| &nbsp;&nbsp;↳ ${b.label} (during the run above) | | | | ${f0(b.usage.cpuPercent)} | ${f0(b.usage.peakRssMb)} | |`);
    }
    if (t.database) rows.push(`| &nbsp;&nbsp;↳ Postgres: ${t.database.processes} backend(s) of this database (during the run above) | | | | ${f0(t.database.usage.cpuPercent)} | | |`);
  }
  return rows.join('\n');
}

function details(result: ScenarioResult): string {
  const rows = [
    '| target | requests | req/s 1st → 2nd half | CPU ms / request | Postgres CPU ms / request | gateway cache hits | load generator CPU % | machine busy % | other processes CPU % | warm-up failures |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const t of result.targets) {
    const cpuSeconds = t.server.cpuSeconds + t.behind.reduce((s, b) => s + b.usage.cpuSeconds, 0);
    const perRequest = cpuPerRequest({ ...t.server, cpuSeconds }, t.load.totalRequests);
    const note = t.behind.length ? ` (gateway ${f2(cpuPerRequest(t.server, t.load.totalRequests))} + ${t.behind.map((b) => f2(cpuPerRequest(b.usage, t.load.totalRequests))).join(' + ')})` : '';
    const database = t.database ? f2(cpuPerRequest(t.database.usage, t.load.totalRequests)) : '—';
    const cache = t.cache ? `${f0((t.cache.hits / (t.cache.hits + t.cache.misses)) * 100)} % (${f0(t.cache.misses)} misses)` : '—';
    rows.push(
      `| ${t.label} | ${f0(t.load.totalRequests)} | ${halves(t.load.perSecond).map(f0).join(' → ')} | ${f2(perRequest)}${note} | ${database} | ${cache} | ${f0(t.loadGenerator.cpuPercent)} | ${f0(t.machine.busyPercent)} | ${f0(otherCpuPercent(t))} | ${t.warmupFailures} |`,
    );
  }
  return rows.join('\n');
}

/** A latency difference against direct, in words. */
const latencyDelta = (delta: number) => (delta >= 0 ? `adds ${ms(delta)} ms` : `answers ${ms(-delta)} ms sooner`);

/** The "what this shows" paragraph, computed from the numbers. */
function interpretation(result: ScenarioResult, info: RunInfo): string {
  const by = (key: TargetKey) => result.targets.find((t) => t.key === key);
  const direct = by('direct');
  const distributed = by('distributed');
  const embedded = by('embedded');
  const lines: string[] = [];
  const pct = (ratio: number) => `${f0(ratio * 100)} %`;
  const totalCpu = (t: TargetMeasurement) => t.server.cpuSeconds + t.behind.reduce((s, b) => s + b.usage.cpuSeconds, 0);
  const perReq = (t: TargetMeasurement) => (totalCpu(t) * 1000) / t.load.totalRequests;

  if (direct && distributed) {
    lines.push(
      `The distributed gateway serves ${pct(distributed.load.requestsPerSecond / direct.load.requestsPerSecond)} of the subgraph's direct throughput ` +
        `(${f0(distributed.load.requestsPerSecond)} vs ${f0(direct.load.requestsPerSecond)} req/s) and ${latencyDelta(distributed.load.p50 - direct.load.p50)} at p50 ` +
        `(${latencyDelta(distributed.load.p99 - direct.load.p99)} at p99). Per request it costs ${f2(perReq(distributed))} ms of CPU across gateway and subgraph, ` +
        `${f2(perReq(distributed) / perReq(direct))}× the ${f2(perReq(direct))} ms the subgraph alone needs; the gateway itself uses ${f2(cpuPerRequest(distributed.server, distributed.load.totalRequests))} ms.`,
    );
  }
  if (direct && embedded) {
    lines.push(
      `The embedded gateway (gateway and subgraph in one process, no HTTP hop) reaches ${pct(embedded.load.requestsPerSecond / direct.load.requestsPerSecond)} of direct throughput ` +
        `at ${f2(perReq(embedded))} CPU ms per request (${f2(perReq(embedded) / perReq(direct))}× direct).`,
    );
  }
  if (distributed && embedded) {
    const faster = embedded.load.requestsPerSecond >= distributed.load.requestsPerSecond;
    lines.push(
      `Embedded vs distributed: ${f2(embedded.load.requestsPerSecond / distributed.load.requestsPerSecond)}× the throughput, p50 ${ms(embedded.load.p50)} vs ${ms(distributed.load.p50)} ms, ` +
        `and the distributed pair needs ${f2(perReq(distributed) / perReq(embedded))}× the CPU per request of the embedded process` +
        `${faster ? ' — the HTTP hop between gateway and subgraph (serialising, sending and parsing the subgraph request and response) is what the distributed mode pays for' : ''}.`,
    );
  }
  if (!direct) lines.push('This operation spans subgraphs, so there is no direct-subgraph baseline.');
  const cached = result.targets.filter((t) => t.cache);
  if (cached.length) {
    lines.push(
      `The gateways' catalogue response cache answered ${cached
        .map((t) => `${f0((t.cache!.hits / (t.cache!.hits + t.cache!.misses)) * 100)} % of the reads at the ${t.label} (${f0(t.cache!.misses)} went on to inventory)`)
        .join(' and ')}: what limits a cached gateway is its own per-request work (JWT, identity, parsing, the cache lookup, writing the answer) on one thread, not inventory.`,
    );
    const ttl = Number(info.serverEnv.CATALOGUE_CACHE_MS ?? 1000);
    const stale = cached.filter((t) => t.cache!.misses === 0 && ttl > 0 && t.load.durationSeconds * 1000 > 2 * ttl);
    if (stale.length) {
      lines.push(
        `Note: not one read missed in ${f0(stale[0].load.durationSeconds)} s at ${stale.map((t) => `the ${t.label}`).join(' and ')} although CATALOGUE_CACHE_MS is ${f0(ttl)} ms, so under steady traffic the cached page was never fetched again from inventory (an entry's expiry seems to be renewed each time it is served); with entries expiring as documented, about one read per second per key would go to inventory, which changes the throughput little.`,
      );
    }
  }
  const uncached = by('uncached');
  if (uncached && direct) {
    lines.push(
      `With the cache off, the distributed gateway serves ${f0(uncached.load.requestsPerSecond)} req/s, ${f2(uncached.load.requestsPerSecond / direct.load.requestsPerSecond)}× direct, at p99 ${ms(uncached.load.p99)} ms: without the cache every read is inventory's page query plus the gateway's hop, so inventory's own throughput is the ceiling.`,
    );
  }

  // Was the machine the bottleneck? Everything that ran against the available cores.
  const busiest = Math.max(...result.targets.map((t) => t.machine.busyPercent));
  const capacity = info.machine.cores * 100;
  const others = Math.max(...result.targets.map(otherCpuPercent));
  const saturatedServer = result.targets.filter((t) => t.server.cpuPercent >= 90);
  let contention = `Each Node server runs its JavaScript on one thread, so ~100 % CPU means that process is saturated`;
  contention += saturatedServer.length ? ` (here: ${saturatedServer.map((t) => t.label).join(', ')}).` : '.';
  if (busiest >= capacity * 0.85) {
    contention += ` The load generator runs on the same ${info.machine.cores}-core machine and during the busiest run the machine was ${f0(busiest)} % busy of ${capacity} %, so the servers competed for cores (with autocannon, in distributed mode with each other${others >= 20 ? ', and with other work on the machine' : ''}): treat req/s and latency as relative, and CPU ms per request as the more portable figure.`;
  } else {
    contention += ` The machine was at most ${f0(busiest)} % busy of the ${capacity} % it has, so cores were not the limit.`;
  }
  const warming = result.targets.filter((t) => {
    const [first, second] = halves(t.load.perSecond);
    return first > 0 && second > first * 1.1;
  });
  if (warming.length) {
    contention += ` Still warming up during the measurement (req/s in the second half over 10 % above the first): ${warming
      .map((t) => `${t.label} (${halves(t.load.perSecond).map(f0).join(' → ')})`)
      .join(', ')}; a longer BENCH_WARMUP gives steadier figures for ${warming.length > 1 ? 'them' : 'it'}.`;
  }
  if (others >= 20) {
    const steal = Math.max(...result.targets.map((t) => t.machine.stealPercent));
    contention += ` Other processes (not the bench's servers or the load generator) used up to ${f0(others)} % of a core during the runs${steal >= 5 ? ` (hypervisor steal included: up to ${f0(steal)} %)` : ''}; the numbers are disturbed by that much and are best compared within this run.`;
  }
  lines.push(contention);
  return lines.join(' ');
}

/** Every way a burst went wrong (wrong counts, error answers, an inconsistent database): these fail the run. */
export function burstProblems(bursts: BurstRun[]): string[] {
  return bursts.flatMap((b) => [
    ...(b.flash?.problems ?? []).map((p) => `flash @ ${b.target.label}: ${p}`),
    ...(b.checkout?.problems ?? []).map((p) => `checkout @ ${b.target.label}: ${p}`),
    ...(b.checkoutPaced?.problems ?? []).map((p) => `checkout at ${b.checkoutPaced!.pace}/s @ ${b.target.label}: ${p}`),
  ]);
}

const GOALS = {
  catalogue: { rps: 1000, ofDirect: 0.8 },
  checkout: { perSecond: 300, p99: 200 },
  flash: { p99: 500 },
};

const met = (ok: boolean) => (ok ? '**met**' : '**not met**');
const outcomesCell = (outcomes: Record<string, number>) =>
  Object.entries(outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${f0(n)}`)
    .join(', ');
const latencyCells = (l: LatencySummary) => `${f0(l.p50)} | ${f0(l.p90)} | ${f0(l.p99)} | ${f0(l.max)}`;

/** CPU seconds of the processes serving a burst's target (its gateway, subgraphs, Postgres, Redis). */
const shareSum = (cpu: BurstCpu, which: 'shares' | 'trailing') => cpu[which].filter((x) => x.part).reduce((s, x) => s + x.cpuSeconds, 0);

/** The "where the time goes" table of one burst kind: CPU ms per request of each process, per gateway. */
function cpuTable(runs: { label: string; cpu: BurstCpu; requests: number; wallSeconds: number }[], unit: string): string {
  const labels: string[] = [];
  for (const r of runs) for (const s of [...r.cpu.shares, ...r.cpu.trailing]) if (s.part && !labels.includes(s.label)) labels.push(s.label);
  const header = `| process | ${runs.map((r) => `${r.label}: CPU ms / ${unit} (after the last response)`).join(' | ')} |`;
  const rows = [header, `|---|${runs.map(() => '---:').join('|')}|`];
  const cell = (r: (typeof runs)[number], label: string) => {
    const during = r.cpu.shares.find((s) => s.label === label);
    const after = r.cpu.trailing.find((s) => s.label === label);
    if (!during && !after) return '—';
    const ms = (x?: { cpuSeconds: number }) => f2(((x?.cpuSeconds ?? 0) * 1000) / r.requests);
    return `${ms(during)} (+${ms(after)})`;
  };
  for (const label of labels) {
    const values = runs.map((r) => [...r.cpu.shares, ...r.cpu.trailing].filter((s) => s.label === label).reduce((a, s) => a + s.cpuSeconds, 0));
    if (values.every((v) => v === 0)) continue;
    rows.push(`| ${label} | ${runs.map((r) => cell(r, label)).join(' | ')} |`);
  }
  rows.push(`| **all of the above: what serving the ${unit}s cost** | ${runs.map((r) => `**${f2((shareSum(r.cpu, 'shares') * 1000) / r.requests)}** (+${f2((shareSum(r.cpu, 'trailing') * 1000) / r.requests)})`).join(' | ')} |`);
  const idle = (r: (typeof runs)[number], which: 'shares' | 'trailing') => r.cpu[which].filter((x) => !x.part).reduce((a, x) => a + x.cpuSeconds, 0);
  rows.push(`| the bench's other servers, not serving this gateway (paused while its bursts run) | ${runs.map((r) => `${f2((idle(r, 'shares') * 1000) / r.requests)} (+${f2((idle(r, 'trailing') * 1000) / r.requests)})`).join(' | ')} |`);
  rows.push(`| the bench process (load generator) | ${runs.map((r) => f2((r.cpu.loadGeneratorSeconds * 1000) / r.requests)).join(' | ')} |`);
  rows.push(`| other work on the machine (not the bench's) | ${runs.map((r) => f2((r.cpu.otherSeconds * 1000) / r.requests)).join(' | ')} |`);
  rows.push(`| machine busy during the burst, % of one core | ${runs.map((r) => `${f0(r.cpu.machine.busyPercent)} % of ${f0(r.wallSeconds)} s`).join(' | ')} |`);
  return rows.join('\n');
}

/** The biggest CPU users of a burst, as "label N ms" (for the text). */
function topShares(cpu: BurstCpu, requests: number, n = 3): string {
  return cpu.shares
    .filter((s) => s.part && (s.cpuSeconds * 1000) / requests >= 0.05)
    .sort((a, b) => b.cpuSeconds - a.cpuSeconds)
    .slice(0, n)
    .map((s) => `${s.label} ${f1((s.cpuSeconds * 1000) / requests)} ms`)
    .join(', ');
}

/** The Node server of a burst that used the most CPU (a single process: its JavaScript runs on one thread). */
function busiestServer(cpu: BurstCpu): { label: string; cpuSeconds: number } | undefined {
  return cpu.shares.filter((s) => s.part && s.processes === undefined).sort((a, b) => b.cpuSeconds - a.cpuSeconds)[0];
}

/** What bounded a burst: the cores, one process's thread, or neither (waiting), in words. */
function coresText(cpu: BurstCpu, info: RunInfo, wallSeconds: number): string {
  const capacity = info.machine.cores * 100;
  const busy = cpu.machine.busyPercent;
  const other = cpu.otherSeconds;
  const total = cpu.shares.reduce((s, x) => s + x.cpuSeconds, 0) + cpu.loadGeneratorSeconds + other;
  const otherShare = total > 0 ? other / total : 0;
  const busiest = busiestServer(cpu);
  const threadPercent = busiest ? (busiest.cpuSeconds / wallSeconds) * 100 : 0;
  let text = `the machine was ${f0(busy)} % busy of its ${capacity} %`;
  if (busy >= capacity * 0.85) text += ' (the cores were the limit)';
  else if (threadPercent >= 75) text += ` and the ${busiest!.label} used ${f0(threadPercent)} % of one core, near what its one JavaScript thread can do: that process was the limit`;
  else text += ' (neither the cores nor one process were saturated: waiting — locks, commits, round trips — set the pace)';
  if (busy >= capacity * 0.85 && busiest) text += `; the busiest process, the ${busiest.label}, used ${f0(threadPercent)} % of one core`;
  if (otherShare >= 0.1) text += `, and ${f0(otherShare * 100)} % of the busy CPU was other work on the machine, not the bench's`;
  return text;
}

/** How a checkout run was loaded: at most N in flight, or paced at N/s. */
const loadText = (c: CheckoutBurstResult) => (c.pace !== undefined ? `${f0(c.pace)}/s, paced` : `${c.concurrency} in flight`);

/** A gateway's checkout runs: the closed loop (throughput) and the paced one (latency at the goal's rate). */
const checkoutRuns = (r: BurstRun) => [r.checkout, r.checkoutPaced].filter((c): c is CheckoutBurstResult => c !== undefined);

function checkoutSection(runs: BurstRun[], info: RunInfo): string[] {
  const done = runs.filter((r) => checkoutRuns(r).length > 0);
  if (!done.length) return [];
  const out: string[] = ['## Burst: checkout', ''];
  const first = checkoutRuns(done[0])[0];
  out.push(
    `Each customer has an address and a cart of one or two of ${first.products} products (one SKU each, on shelf, stock for every cart and 20 % more in one warehouse); ` +
      `then checks out (\`checkout(input: { idempotencyKey, paymentMethod: "card", addressId })\`, a new key each) through the gateway, each answer checked (an order in PAY_PENDING with the cart's lines). ` +
      `Two runs per gateway, each with its own customers and products: ${f0(info.bursts.checkoutCustomers)} checkouts with at most ${info.bursts.checkoutConcurrency} in flight (a closed loop: the most the gateway does, and every answer waits behind the others in flight), ` +
      `then ${f0(info.bursts.checkoutPacedCustomers)} started at a steady ${f0(info.bursts.checkoutRate)}/s whatever is still in flight (an open loop, as customers arrive: the latency at that rate). ` +
      "The customers are the flash sale's (above) who got CLASS_FULL, their carts empty, plus new sign-ups when those are too few. " +
      'A checkout prices the cart (cart → inventory quote, promotions), claims the idempotency key and the one-open-order slot, books stock (inventory), moves the cart to CHECKING and writes the order with its events (orders); the distributed gateway makes those internal calls over HTTP, the embedded one in-process.',
    '',
    "Afterwards, through the API as the admin: the number of orders the run stored equals its successes, every answered order is stored once, the warehouse rows reserve exactly the units the orders hold, the display stock went down by exactly that, and no SKU is oversold.",
    '',
  );
  out.push('| gateway | load | checkouts | wall s | checkouts/s | p50 ms | p90 ms | p99 ms | max ms | answers | orders service, mean ms per checkout | one at a time: p50 ms | database checks | seeding s |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|');
  for (const r of done) {
    for (const c of checkoutRuns(r)) {
      out.push(
        `| ${r.target.label} | ${loadText(c)} | ${f0(c.customers)} | ${f2(c.wallSeconds)} | ${f0(c.successes / c.wallSeconds)} | ${latencyCells(c.latency)} | ${outcomesCell(c.outcomes)} | ${c.ordersMeanMs === undefined ? '—' : f1(c.ordersMeanMs)} | ${c.alone.count ? f0(c.alone.p50) : '—'} | ${c.problems.length ? `**${c.problems.join('; ')}**` : 'all consistent'} | ${f1(c.seedSeconds)} |`,
      );
    }
  }
  out.push('');
  out.push('**Where the time goes** — CPU milliseconds per checkout of every process, from /proc, during the burst (first request to last response), and in parentheses what each used from the last response until it went quiet (outbox relays and event consumers working off what the checkouts wrote: 1 s under 10 % of a core, at most 20 s):', '');
  out.push(
    cpuTable(
      done.flatMap((r) => checkoutRuns(r).map((c) => ({ label: `${r.target.label}, ${loadText(c)}`, cpu: c.cpu, requests: c.customers, wallSeconds: c.wallSeconds }))),
      'checkout',
    ),
    '',
  );
  const lines: string[] = [];
  for (const r of done) {
    const c = r.checkout;
    const p = r.checkoutPaced;
    if (c) {
      const rate = c.successes / c.wallSeconds;
      const inOrders = c.ordersMeanMs === undefined ? '' : ` The orders service spent ${f1(c.ordersMeanMs)} ms on a checkout on average (its shop_checkout_seconds histogram, from the request reaching it to its answer, its calls to cart, inventory and accounts included) against ${f1(c.latency.mean)} ms seen by the client: the rest is the gateway (JWT, identity, planning, the hop to orders) and waiting in queues.`;
      const alone = c.alone.count
        ? ` Alone (the warm-up's ${c.alone.count} checkouts, one at a time) a checkout takes p50 ${f0(c.alone.p50)} ms (max ${f0(c.alone.max)}); with ${c.concurrency} in flight each mostly waits behind the others: ${c.concurrency} in flight ÷ ${f0(rate)}/s ≈ ${f0((c.concurrency! / rate) * 1000)} ms per checkout (Little's law), against a mean of ${f0(c.latency.mean)} ms seen.`
        : '';
      const perCheckout = (shareSum(c.cpu, 'shares') * 1000) / c.customers;
      const postgres = ((c.cpu.shares.find((x) => x.label.startsWith('Postgres backends'))?.cpuSeconds ?? 0) * 1000) / c.customers;
      const budget = (info.machine.cores * 1000) / GOALS.checkout.perSecond;
      const busiest = busiestServer(c.cpu);
      const busiestMs = busiest ? (busiest.cpuSeconds * 1000) / c.customers : 0;
      const ceiling =
        ` With the machine to itself, ${f1(perCheckout)} CPU ms per checkout would cap ${info.machine.cores} cores at about ${f0((info.machine.cores * 1000) / perCheckout)} checkouts/s` +
        (busiest ? `, and the ${busiest.label}'s ${f1(busiestMs)} ms on its one thread caps it at about ${f0(1000 / busiestMs)}/s` : '') +
        `; ${GOALS.checkout.perSecond}/s allows ${f1(budget)} ms per checkout for everything on ${info.machine.cores} cores (and at most ${f1(1000 / GOALS.checkout.perSecond)} ms in any one process)${postgres > 0 ? `, of which Postgres alone takes ${f1(postgres)} ms here` : ''}.`;
      lines.push(
        `${r.target.label}, ${loadText(c)}: ${f0(rate)} checkouts/s (goal ${GOALS.checkout.perSecond}: ${met(rate >= GOALS.checkout.perSecond)}), p99 ${f0(c.latency.p99)} ms with ${c.concurrency} waiting at once; ` +
          `${f1(perCheckout)} CPU ms per checkout across its processes and Postgres, the largest ${topShares(c.cpu, c.customers)}; ${coresText(c.cpu, info, c.wallSeconds)}.${ceiling}${inOrders}${alone}`,
      );
    }
    if (p) {
      const perCheckout = (shareSum(p.cpu, 'shares') * 1000) / p.customers;
      lines.push(
        `${r.target.label}, ${loadText(p)}: ${f0(p.customers)} checkouts started ${f0(p.pace!)} a second (the bench started each at most ${f1(p.maxStartSlipMs ?? 0)} ms late) were answered in ${f2(p.wallSeconds)} s, ` +
          `p50 ${f0(p.latency.p50)} ms, p99 ${f0(p.latency.p99)} ms (goal under ${GOALS.checkout.p99} at ${GOALS.checkout.perSecond}/s: ${met(p.latency.p99 < GOALS.checkout.p99 && p.pace! >= GOALS.checkout.perSecond)}); ` +
          `${f1(perCheckout)} CPU ms per checkout, the largest ${topShares(p.cpu, p.customers)}; ${coresText(p.cpu, info, p.wallSeconds)}.`,
      );
    }
  }
  out.push(`**What this shows.** ${lines.join(' ')}`, '');
  return out;
}

function flashSection(runs: BurstRun[], info: RunInfo): string[] {
  const done = runs.filter((r): r is BurstRun & { flash: FlashBurstResult } => r.flash !== undefined);
  if (!done.length) return [];
  const first = done[0].flash;
  const out: string[] = ['## Burst: class flash sale', ''];
  out.push(
    `A class with ${first.seats} seats; ${f0(first.customers)} customers, each with a swimmer (\`addSwimmer\`), call \`addClassToCart(classId, swimmerId)\` through the gateway all at the same moment (${f0(first.customers)} requests in flight, one connection each). ` +
      `Exactly ${first.seats} must hold a seat (their cart answered with the class line) and every other one must get CLASS_FULL; afterwards the class must show ${first.seats > first.customers ? 'the seats not taken' : 'no seat left'} and every winner exactly one HELD registration for it. ` +
      (first.customers < 1000 ? `**BENCH_FLASH_CUSTOMERS lowered the crowd to ${f0(first.customers)}** (the issue asks for 1,000). ` : '') +
      'Signing the customers up (scrypt per password) is measured apart from the burst. ' +
      (first.rehearsals.length
        ? `Before it, not measured, the same customers rehearse ${first.rehearsals.length === 1 ? 'once' : `${first.rehearsals.length} times`} (\`BENCH_FLASH_REHEARSALS\`): the same race for another class of as many seats, whose winners then cancel their carts, so that everyone comes to the sale with no seat in a cart. ` +
          "A gateway that has been up a while runs this path in V8's optimised code; the first bursts of a thousand new connections after a start run much of it in the baseline tiers, at up to three times the CPU, falling over the first few thousand requests. " +
          "Each rehearsal's p99 and the gateway process's CPU per request are shown beside the sale's; the first is the first such burst after the gateway started. "
        : '**No rehearsal (BENCH_FLASH_REHEARSALS=0): the sale is the first such burst after the gateway started.** ') +
      'Each race starts once the target\'s processes have gone quiet (under 5 % of a core each over half a second), so that the events the seeding left them are not measured with it.',
    '',
  );
  out.push('| gateway | customers | seats | holds | answers | wall s | p50 ms | p90 ms | p99 ms | max ms | seat holders p99 ms | CLASS_FULL p99 ms | seats left | database checks | rehearsals before it: p99 ms (gateway CPU ms / request) | sign-ups (s, per s) | seeding swimmers s |');
  out.push('|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|');
  for (const r of done) {
    const f = r.flash;
    out.push(
      `| ${r.target.label} | ${f0(f.customers)} | ${f.seats} | ${f.holds} | ${outcomesCell(f.outcomes)} | ${f2(f.wallSeconds)} | ${latencyCells(f.latency)} | ${f0(f.holdLatency.p99)} | ${f0(f.fullLatency.p99)} | ${f.seatsRemainAfter} | ${f.problems.length ? `**${f.problems.join('; ')}**` : 'all consistent'} | ${f.rehearsals.map((h) => `${f0(h.latency.p99)} (${f2(h.gatewayCpuMs)})`).join(', ') || '—'} | ${f1(r.signUp.seconds)} s for ${f0(r.signUp.customers)} (${f1(r.signUp.customers / r.signUp.seconds)}/s) | ${f1(f.seedSeconds)} |`,
    );
  }
  out.push('');
  out.push('**Where the time goes** — CPU milliseconds per request (hold or CLASS_FULL) of every process during the burst, and in parentheses after the last response:', '');
  out.push(cpuTable(done.map((r) => ({ label: r.target.label, cpu: r.flash.cpu, requests: r.flash.customers, wallSeconds: r.flash.wallSeconds })), 'request'), '');
  const lines: string[] = [];
  for (const r of done) {
    const f = r.flash;
    const perRequest = (shareSum(f.cpu, 'shares') * 1000) / f.customers;
    const floor = (f.customers * perRequest) / (info.machine.cores * 1000);
    const busiest = busiestServer(f.cpu);
    lines.push(
      `${r.target.label}: ${f.holds} holds of ${f.seats} (goal exactly ${f.seats}: ${met(f.holds === f.seats && f.problems.length === 0)}), p99 ${f0(f.latency.p99)} ms (goal under ${GOALS.flash.p99}: ${met(f.latency.p99 < GOALS.flash.p99)}), ` +
        `all ${f0(f.customers)} answered in ${f2(f.wallSeconds)} s (${f0(f.customers / f.wallSeconds)} requests/s); ${f1(perRequest)} CPU ms per request across its processes and Postgres, the largest ${topShares(f.cpu, f.customers)}; ${coresText(f.cpu, info, f.wallSeconds)}. ` +
        `Even with the machine to itself, ${f0(f.customers)} requests at ${f1(perRequest)} ms need ${f2(floor)} s of ${info.machine.cores} cores` +
        (busiest ? ` and ${f2(busiest.cpuSeconds)} s of the ${busiest.label}'s one thread` : '') +
        `, so when all arrive at once the last answers come no sooner than that; ` +
        `a p99 under ${GOALS.flash.p99} ms for ${f0(f.customers)} at once needs under ${f2((GOALS.flash.p99 * info.machine.cores) / f.customers)} CPU ms per request in all. ` +
        (f.shortcutRefusals === undefined
          ? 'How many CLASS_FULL answers the cart gave by itself could not be read from its metrics.'
          : `${f0(f.shortcutRefusals)} of the ${f0(f.outcomes.CLASS_FULL ?? 0)} CLASS_FULL answers came from the cart's full-class shortcut (CLASS_FULL_CACHE_MS: one read of the customer's cart once the class is known full, the reads of the same moment in one statement); the rest went through the cart's steps, accounts and inventory. ` +
            (f.gatedRefusals === undefined
              ? ''
              : `The gateway's flash-sale gate sent ${f0(f.gatedRefusals)} of them without the GraphQL pipeline: holds of one class go through it at most ${HOLDS_AT_ONCE} at a time per gateway, the others wait before any pipeline work, and once an answer said CLASS_FULL they ask the cart's shortcut directly and get the very bytes the pipeline would send. `) +
            `Each request still pays a new connection, reading its body and the token.`),
    );
  }
  out.push(`**What this shows.** ${lines.join(' ')}`, '');
  return out;
}

/** The goals of the issues, each met or not by this run's figures. */
function goalsSection(results: ScenarioResult[], bursts: BurstRun[]): string[] {
  const out: string[] = ['## Goals', ''];
  out.push('| goal | target | figure in this run | status |', '|---|---|---|---|');
  const catalogue = results.find((r) => r.scenario.name === 'catalogue');
  if (catalogue) {
    const direct = catalogue.targets.find((t) => t.key === 'direct');
    for (const t of catalogue.targets.filter((x) => x.key !== 'direct')) {
      const ratio = direct ? t.load.requestsPerSecond / direct.load.requestsPerSecond : NaN;
      const ok = t.load.requestsPerSecond >= GOALS.catalogue.rps && ratio >= GOALS.catalogue.ofDirect && failures(t) === 0;
      out.push(
        `| catalogue page ≥ ${f0(GOALS.catalogue.rps)} req/s through the gateway and ≥ ${GOALS.catalogue.ofDirect}× direct (issue 4) | ${t.label} | ${f0(t.load.requestsPerSecond)} req/s, ${f2(ratio)}× the inventory subgraph's ${direct ? f0(direct.load.requestsPerSecond) : '—'}, p99 ${ms(t.load.p99)} ms${t.cache ? `, ${f0((t.cache.hits / (t.cache.hits + t.cache.misses)) * 100)} % cache hits` : ''}${failures(t) ? `, ${failures(t)} failed` : ''} | ${met(ok)}${t.key === 'uncached' ? ' (cache off: for comparison; gateways run with it on by default)' : ''} |`,
      );
    }
  }
  const cart = results.find((r) => r.scenario.name === 'cart-price-summary');
  if (cart) {
    const cells = cart.targets.map((t) => `${t.label}: ${f0(t.load.requestsPerSecond)} req/s, p50 ${ms(t.load.p50)} / p99 ${ms(t.load.p99)} ms`).join('; ');
    out.push(`| \`cart { priceSummary }\` through the gateway vs the cart subgraph directly (issue 5; no number set) | all | ${cells} | measured |`);
  }
  for (const b of bursts) {
    if (b.checkout) {
      const c = b.checkout;
      const rate = c.successes / c.wallSeconds;
      // The rate from the closed loop; the latency at that rate from the paced run (or, without one, the closed loop's).
      const latency = b.checkoutPaced ?? c;
      const paced = b.checkoutPaced ? ` (${loadText(b.checkoutPaced)}; with ${c.concurrency} in flight p99 ${f0(c.latency.p99)} ms)` : '';
      const problems = c.problems.length + (b.checkoutPaced?.problems.length ?? 0);
      const succeeded = c.successes + (b.checkoutPaced?.successes ?? 0);
      const asked = c.customers + (b.checkoutPaced?.customers ?? 0);
      const atRate = latency.pace === undefined || latency.pace >= GOALS.checkout.perSecond;
      out.push(
        `| checkout ≥ ${GOALS.checkout.perSecond}/s, p99 < ${GOALS.checkout.p99} ms on Postgres (issue 6) | ${b.target.label} | ${f0(rate)} checkouts/s with ${c.concurrency} in flight; p99 ${f0(latency.latency.p99)} ms${paced}; ${f0(succeeded)}/${f0(asked)} succeeded${problems ? ', **inconsistent**' : ''} | ${met(rate >= GOALS.checkout.perSecond && atRate && latency.latency.p99 < GOALS.checkout.p99 && problems === 0)} |`,
      );
    }
    if (b.flash) {
      const f = b.flash;
      out.push(
        `| flash sale: ${f0(f.customers)} concurrent holds for ${f.seats} seats, exactly ${f.seats}, p99 < ${GOALS.flash.p99} ms (issue 7) | ${b.target.label} | ${f.holds} holds, p99 ${f0(f.latency.p99)} ms${f.rehearsals.length ? ` after ${f.rehearsals.length} rehearsal(s) (the first burst after start: p99 ${f0(f.rehearsals[0].latency.p99)} ms)` : ' (the first burst after start)'}${f.problems.length ? `, **${f.problems.length} problem(s)**` : ''} | ${met(f.holds === f.seats && f.problems.length === 0 && f.latency.p99 < GOALS.flash.p99)}${f.holds === f.seats && f.problems.length === 0 && f.latency.p99 >= GOALS.flash.p99 ? ' (count exact, latency over)' : ''} |`,
      );
    }
  }
  out.push('');
  return out;
}

export function renderResults(results: ScenarioResult[], bursts: BurstRun[], info: RunInfo): string {
  const out: string[] = [];
  out.push('# Benchmark results', '');
  out.push(
    `Generated by \`npm run bench\` (bench/src/run.ts) on ${info.date.toISOString().replace('T', ' ').slice(0, 19)} UTC in ${f1(info.runSeconds / 60)} minutes. ` +
      'The whole file is rewritten by each run; do not edit it by hand.' +
      (info.only.length ? ` **This run was limited to ${info.only.join(', ')} (BENCH_ONLY).**` : ''),
    '',
  );
  out.push('## Setup', '');
  const database =
    info.database.kind === 'postgres'
      ? `PostgreSQL ${info.database.version} on this machine (127.0.0.1:5432; ${info.database.settings}), two fresh databases created for the run and dropped after it: one shared by the distributed processes (a schema per service), one for the embedded gateway; each process with its own pool of DATABASE_POOL_SIZE = ${info.serverEnv.DATABASE_POOL_SIZE ?? '10 (the default)'} connections. The distributed processes share Redis (127.0.0.1:6379, a key prefix of the run's own, deleted after it) for events, pub/sub and revocations; the embedded gateway uses its in-process bus. \`BENCH_DATABASE=pglite\` runs everything on in-memory PGlite instead.`
      : 'in-memory PGlite (`BENCH_DATABASE=pglite`): each process has its own, nothing shared between the distributed processes but Redis (127.0.0.1:6379) for events, pub/sub and revocations. The default is fresh Postgres databases.';
  out.push(
    `- **Machine:** ${info.machine.cores} CPU cores (nproc), ${info.machine.cpuModel}, ${f1(info.machine.memoryGb)} GB RAM, Linux ${info.machine.kernel}, Node ${info.machine.node}. ` +
      `Busy before the servers started (other work on the machine — other engineers' test runs share it): ${f0(info.machine.backgroundLoad)} % of one core; see "other processes CPU %" per run and "other work on the machine" per burst below.`,
    `- **Database:** ${database}`,
    `- **Load:** autocannon ${info.autocannonVersion} (programmatic API, in the bench process on the same machine), ${info.params.connections} keep-alive connections, pipelining 1, ` +
      `${info.params.warmup} s warm-up (discarded) then ${info.params.duration} s measured per target, request timeout ${info.params.timeoutSeconds} s, targets run one after another. ` +
      'Set `BENCH_CONNECTIONS`, `BENCH_DURATION`, `BENCH_WARMUP` (seconds) to change them.',
    `- **Bursts:** after the autocannon scenarios, on each gateway in turn (the bench's servers that do not serve it paused with SIGSTOP meanwhile, so that their timers and pollers take no CPU from it): ${f0(info.bursts.flashCustomers)} customers signed up (${info.bursts.signUpParallel} at a time) for the flash sale of ${info.bursts.flashSeats} seats (\`BENCH_FLASH_CUSTOMERS\`, \`BENCH_FLASH_SEATS\`), ` +
      `after ${info.bursts.flashRehearsals} rehearsal(s) that are not measured (the same race for other classes; see the flash sale below), ` +
      `then, after a warm-up that is not measured (\`BENCH_BURST_WARMUP\`: ${info.bursts.warmupCustomers} more customers check out one at a time), ${f0(info.bursts.checkoutCustomers)} checkouts over ${info.bursts.checkoutProducts} products, ${info.bursts.checkoutConcurrency} in flight (\`BENCH_CHECKOUT_CUSTOMERS\`, \`BENCH_CHECKOUT_CONCURRENCY\`, \`BENCH_CHECKOUT_PRODUCTS\`), ` +
      `then ${f0(info.bursts.checkoutPacedCustomers)} more started at a steady ${f0(info.bursts.checkoutRate)}/s whatever is still in flight (\`BENCH_CHECKOUT_PACED_CUSTOMERS\`, \`BENCH_CHECKOUT_RATE\`). Requests by node:http (keep-alive connections, one per request in flight) from the bench process, timeout 60 s; latency from sending to the whole answer read.`,
    '- **Servers** (each its own process, 127.0.0.1 only, all started before the first run and kept up for all of them):',
    ...info.processes.map((p) => `  - ${p.label}: \`${p.command}\``),
    `- **Server environment:** ${Object.entries(info.serverEnv)
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(', ')}${info.database.kind === 'postgres' ? ', `DATABASE_URL=<the fresh database>`' : ''}; secrets random per run; everything else at its default (e.g. IDENTITY_CACHE_MS 10000, CATALOGUE_CACHE_MS 1000, CLASS_FULL_CACHE_MS 1000).`,
    `- **Seed:** through each gateway, one account signed up and, as the admin, a catalogue of ${CATALOGUE_PRODUCTS} products with 2 SKUs each, stock in one warehouse and every product on shelf (the distributed gateway's data also serves the direct subgraph targets, which get \`x-shop-gateway-secret\` and an \`x-shop-identity\` header for its account: roles CUSTOMER, level REGULAR).`,
    '- **Columns:** req/s is the mean of per-second samples; p50/p99 are response latencies seen by the client; CPU % is utime+stime of the target process from /proc/<pid>/stat over the measured run, in % of one core; ' +
      'peak RSS is the largest VmRSS sampled every 100 ms during the run; errors count connection errors/timeouts plus responses that were non-2xx or carried GraphQL `errors` (every response body is checked). ' +
      'Each target got one sampled request checked in full before its run. The Postgres rows are the server processes serving the target\'s database (found by their process titles), measured the same way.',
    '- **Second table:** requests completed in the measured run; req/s in its first and second half (a rise means the server was still warming up); CPU ms per request of the target (plus the processes behind it), and of Postgres; ' +
      'the share of reads the gateway\'s catalogue response cache answered; CPU of the bench process itself (autocannon); the whole machine\'s busy CPU from /proc/stat, and what of it was neither a bench server (measured or idle), Postgres serving the run, nor the load generator — all in % of one core.',
    '- **Pass or fail:** the run exits non-zero when any response was an error, a wrong answer or a timeout (over 10 s unanswered counts as failed: the customer got nothing), in a measured run or its warm-up, or when a burst\'s outcome or the database afterwards is wrong. Goals missed (below) are reported, not failures.',
    '',
  );
  out.push(...goalsSection(results, bursts));

  for (const result of results) {
    const { scenario } = result;
    out.push(`## Scenario: ${scenario.title}`, '');
    out.push(scenario.description, '');
    out.push('```graphql', scenario.query, '```', '');
    out.push(`Authenticated: ${scenario.auth ? 'yes' : 'no'}.${scenario.directSubgraph ? ` Direct target: the ${scenario.directSubgraph} subgraph's \`/graphql\`.` : ''}`, '');
    out.push(table(result), '');
    out.push(details(result), '');
    out.push(`**What this shows.** ${interpretation(result, info)}`, '');
  }
  out.push(...flashSection(bursts, info));
  out.push(...checkoutSection(bursts, info));
  return out.join('\n');
}
