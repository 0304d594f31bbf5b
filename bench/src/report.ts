import { halves, type LoadResult } from './load.js';
import type { MachineUsage, ProcessUsage } from './procstat.js';
import { CATALOGUE_PRODUCTS, type Scenario } from './scenarios.js';

export type TargetKey = 'direct' | 'distributed' | 'embedded';

export interface TargetMeasurement {
  key: TargetKey;
  label: string;
  load: LoadResult;
  warmupFailures: number;
  /** The process the requests were sent to. */
  server: ProcessUsage;
  /** Processes behind it (the subgraph behind the distributed gateway), by label. */
  behind: { label: string; usage: ProcessUsage }[];
  /** The bench process itself (autocannon), for judging CPU contention. */
  loadGenerator: ProcessUsage;
  /** The whole machine during the measured run. */
  machine: MachineUsage;
  /** CPU % of the servers not under load during this run (all of them together). */
  idleServers: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  targets: TargetMeasurement[];
}

export interface RunInfo {
  date: Date;
  machine: { cores: number; cpuModel: string; memoryGb: number; kernel: string; node: string; backgroundLoad: number };
  params: { connections: number; duration: number; warmup: number; timeoutSeconds: number };
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
  const ours = t.server.cpuPercent + t.behind.reduce((s, b) => s + b.usage.cpuPercent, 0) + t.idleServers + t.loadGenerator.cpuPercent;
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
  }
  return rows.join('\n');
}

function details(result: ScenarioResult): string {
  const rows = [
    '| target | requests | req/s 1st → 2nd half | CPU ms / request | load generator CPU % | machine busy % | other processes CPU % | warm-up failures |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const t of result.targets) {
    const cpuSeconds = t.server.cpuSeconds + t.behind.reduce((s, b) => s + b.usage.cpuSeconds, 0);
    const perRequest = cpuPerRequest({ ...t.server, cpuSeconds }, t.load.totalRequests);
    const note = t.behind.length ? ` (gateway ${f2(cpuPerRequest(t.server, t.load.totalRequests))} + ${t.behind.map((b) => f2(cpuPerRequest(b.usage, t.load.totalRequests))).join(' + ')})` : '';
    rows.push(
      `| ${t.label} | ${f0(t.load.totalRequests)} | ${halves(t.load.perSecond).map(f0).join(' → ')} | ${f2(perRequest)}${note} | ${f0(t.loadGenerator.cpuPercent)} | ${f0(t.machine.busyPercent)} | ${f0(otherCpuPercent(t))} | ${t.warmupFailures} |`,
    );
  }
  return rows.join('\n');
}

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
        `(${f0(distributed.load.requestsPerSecond)} vs ${f0(direct.load.requestsPerSecond)} req/s) and adds ${ms(distributed.load.p50 - direct.load.p50)} ms at p50 ` +
        `(${ms(distributed.load.p99 - direct.load.p99)} ms at p99). Per request it costs ${f2(perReq(distributed))} ms of CPU across gateway and subgraph, ` +
        `${f1(perReq(distributed) / perReq(direct))}× the ${f2(perReq(direct))} ms the subgraph alone needs; the gateway itself uses ${f2(cpuPerRequest(distributed.server, distributed.load.totalRequests))} ms.`,
    );
  }
  if (direct && embedded) {
    lines.push(
      `The embedded gateway (gateway and subgraph in one process, no HTTP hop) reaches ${pct(embedded.load.requestsPerSecond / direct.load.requestsPerSecond)} of direct throughput ` +
        `at ${f2(perReq(embedded))} CPU ms per request (${f1(perReq(embedded) / perReq(direct))}× direct).`,
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

export function renderResults(results: ScenarioResult[], info: RunInfo): string {
  const out: string[] = [];
  out.push('# Benchmark results', '');
  out.push(
    `Generated by \`npm run bench\` (bench/src/run.ts) on ${info.date.toISOString().replace('T', ' ').slice(0, 19)} UTC. ` +
      'The whole file is rewritten by each run; do not edit it by hand.',
    '',
  );
  out.push('## Setup', '');
  out.push(
    `- **Machine:** ${info.machine.cores} CPU cores (nproc), ${info.machine.cpuModel}, ${f1(info.machine.memoryGb)} GB RAM, Linux ${info.machine.kernel}, Node ${info.machine.node}. ` +
      `Busy before the servers started (other work on the machine): ${f0(info.machine.backgroundLoad)} % of one core; see "other processes CPU %" per run below.`,
    `- **Load:** autocannon ${info.autocannonVersion} (programmatic API, in the bench process on the same machine), ${info.params.connections} keep-alive connections, pipelining 1, ` +
      `${info.params.warmup} s warm-up (discarded) then ${info.params.duration} s measured per target, request timeout ${info.params.timeoutSeconds} s, targets run one after another. ` +
      'Set `BENCH_CONNECTIONS`, `BENCH_DURATION`, `BENCH_WARMUP` (seconds) to change them.',
    '- **Servers** (each its own process, 127.0.0.1 only, all started before the first run and kept up for all of them):',
    ...info.processes.map((p) => `  - ${p.label}: \`${p.command}\``),
    `- **Server environment:** ${Object.entries(info.serverEnv)
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(', ')}; secrets random per run; everything else at its default (e.g. IDENTITY_CACHE_MS 10000).`,
    `- **Seed:** through each gateway, one account signed up and, as the admin, a catalogue of ${CATALOGUE_PRODUCTS} products with 2 SKUs each, stock in one warehouse and every product on shelf (the distributed gateway's data also serves the direct subgraph targets, which get \`x-shop-gateway-secret\` and an \`x-shop-identity\` header for its account: roles CUSTOMER, level REGULAR).`,
    '- **Columns:** req/s is the mean of per-second samples; p50/p99 are response latencies seen by the client; CPU % is utime+stime of the target process from /proc/<pid>/stat over the measured run, in % of one core; ' +
      'peak RSS is the largest VmRSS sampled every 100 ms during the run; errors count connection errors/timeouts plus responses that were non-2xx or carried GraphQL `errors` (every response body is checked). ' +
      'Each target got one sampled request checked in full before its run.',
    '- **Second table:** requests completed in the measured run; req/s in its first and second half (a rise means the server was still warming up); CPU ms per request of the target (plus the processes behind it); ' +
      'CPU of the bench process itself (autocannon); the whole machine\'s busy CPU from /proc/stat, and what of it was neither a bench server (measured or idle) nor the load generator — all in % of one core.',
    '',
  );

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
  return out.join('\n');
}
