/**
 * Live-updates benchmark (issue "live updates", A5): many idle subscribers on one gateway, the
 * memory each costs, and how long an event takes from the bus to the client.
 *
 * Starts one gateway process (every subgraph in it, PGlite in memory, pub/sub on Redis so events
 * can be injected the way another gateway instance would see them), signs up accounts, opens
 * BENCH_SUBSCRIBERS graphql-ws connections (each with one `notificationAdded` subscription)
 * spread over the accounts, measures the gateway's RSS before and after, then publishes
 * notification pointers on the accounts' channels and times each delivery at every connection.
 * Rewrites the live section of bench/RESULTS.md (between the live markers; the rest of the file
 * belongs to run.ts).
 *
 *   npm run bench:live -w bench
 *   BENCH_SUBSCRIBERS=2000 BENCH_LIVE_EVENTS=100 npm run bench:live -w bench
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { pooled } from './bursts.js';
import { LIVE_END, LIVE_START } from './live-section.js';
import { positiveInt } from './params.js';
import { freePorts, startServer, waitReady, type ServerProcess } from './processes.js';
import { rssKb } from './procstat.js';

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(BENCH_DIR, '..');
const RESULTS_PATH = resolve(BENCH_DIR, 'RESULTS.md');

const params = {
  subscribers: positiveInt('BENCH_SUBSCRIBERS', 10_000),
  /** Connections per account: an account with several devices; events fan out to all of them. */
  perAccount: positiveInt('BENCH_CONNECTIONS_PER_ACCOUNT', 10),
  events: positiveInt('BENCH_LIVE_EVENTS', 200),
  /** Pause between two published events. */
  eventGapMs: positiveInt('BENCH_LIVE_GAP_MS', 50),
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
};

const log = (message: string) => console.log(`[bench:live] ${message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Account {
  id: string;
  token: string;
  /** The welcome notification: a real row the gateway resolves for every delivery. */
  notification: { id: string; seq: number };
}

async function graphql(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const json = (await res.json()) as { data?: any; errors?: unknown[] };
  if (!res.ok || json.errors || !json.data) throw new Error(`${query.slice(0, 40)}… failed (${res.status}): ${JSON.stringify(json).slice(0, 500)}`);
  return json.data;
}

async function signUpAccounts(gateway: ServerProcess, count: number): Promise<Account[]> {
  const tag = randomBytes(4).toString('hex');
  return pooled(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
    const { signUp } = await graphql(gateway.url, 'mutation S($input: SignUpInput!) { signUp(input: $input) { token account { id } } }', {
      input: { email: `live.${tag}.${i}@example.com`, password: randomBytes(12).toString('hex'), name: `Live ${i}` },
    });
    // The welcome notification is written when notifications consumes AccountRegistered.
    for (let attempt = 0; attempt < 200; attempt++) {
      const { notifications } = await graphql(gateway.url, '{ notifications(first: 1) { edges { node { id seq } } } }', {}, signUp.token);
      const node = notifications.edges[0]?.node;
      if (node) return { id: signUp.account.id, token: signUp.token, notification: node };
      await sleep(50);
    }
    throw new Error(`no welcome notification for account ${signUp.account.id}`);
  });
}

interface Subscriber {
  client: Client;
  account: Account;
  /** performance.timeOrigin-based arrival times of each delivery. */
  arrivals: number[];
}

/**
 * Collects garbage in the gateway through its inspector port (Chrome DevTools protocol), so the
 * heap figure is live data, not what the collector has not reached yet.
 */
async function collectGarbage(inspectPort: number): Promise<void> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolveOpen, reject) => socket.once('open', resolveOpen).once('error', reject));
  for (let id = 1; id <= 2; id++) {
    socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
    await new Promise<void>((resolveReply) => {
      const onMessage = (data: WebSocket.RawData) => {
        if ((JSON.parse(data.toString()) as { id?: number }).id === id) {
          socket.off('message', onMessage);
          resolveReply();
        }
      };
      socket.on('message', onMessage);
    });
  }
  socket.close();
}

/** The gateway's V8 heap in use (from its /metrics), in MB. */
async function heapUsedMb(gateway: ServerProcess): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const match = /^shop_nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
  return match ? Number(match[1]) / 1024 / 1024 : NaN;
}

const now = () => performance.timeOrigin + performance.now();

async function connect(url: string, account: Account): Promise<Subscriber> {
  const subscriber: Subscriber = {
    account,
    arrivals: [],
    client: createClient({
      url: url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${account.token}` },
      lazy: false,
      retryAttempts: 0,
    }),
  };
  await new Promise<void>((resolveConnected, reject) => {
    const offConnected = subscriber.client.on('connected', () => {
      offConnected();
      resolveConnected();
    });
    subscriber.client.on('closed', (event) => reject(new Error(`connection closed: ${JSON.stringify(event)}`)));
  });
  subscriber.client.subscribe(
    { query: 'subscription { notificationAdded { id seq } }' },
    {
      next: () => subscriber.arrivals.push(now()),
      error: (err) => log(`subscription error: ${JSON.stringify(err)}`),
      complete: () => undefined,
    },
  );
  return subscriber;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const accountsNeeded = Math.ceil(params.subscribers / params.perAccount);
  const prefix = `bench_live_${randomBytes(4).toString('hex')}:`;
  const [port, inspectPort] = await freePorts(2);
  const gateway = startServer({
    name: 'gateway',
    cwd: ROOT,
    entry: 'gateway/src/main.ts',
    port,
    nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`],
    env: {
      NODE_ENV: 'production',
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'warn',
      APOLLO_TELEMETRY_DISABLED: '1',
      REDIS_URL: params.redisUrl,
      REDIS_PREFIX: prefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      INTERNAL_SECRET: randomBytes(24).toString('hex'),
      PAYMENT_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
      ADMIN_PASSWORD: randomBytes(16).toString('hex'),
      MAX_SUBSCRIPTIONS_PER_CONNECTION: '5',
    },
  });
  const redis = new Redis(params.redisUrl);
  const subscribers: Subscriber[] = [];
  try {
    await waitReady(gateway, 120_000);
    log(`signing up ${accountsNeeded} accounts`);
    const accounts = await signUpAccounts(gateway, accountsNeeded);
    await sleep(3000);
    await collectGarbage(inspectPort);
    const rssBefore = rssKb(gateway.pid);
    const heapBefore = await heapUsedMb(gateway);
    log(`gateway RSS before connections: ${(rssBefore / 1024).toFixed(0)} MB; opening ${params.subscribers} connections`);
    const connectStarted = Date.now();
    const opened = await pooled(Array.from({ length: params.subscribers }, (_, i) => accounts[i % accounts.length]), 100, (account) => connect(gateway.url, account));
    subscribers.push(...opened);
    const connectSeconds = (Date.now() - connectStarted) / 1000;

    // Probes until every subscription is live: graphql-ws gives no "subscribed" acknowledgement,
    // so a subscribe message may still be on its way when its connection is already open.
    const probeDeadline = Date.now() + 60_000;
    for (;;) {
      const waiting = new Set(subscribers.filter((s) => s.arrivals.length === 0).map((s) => s.account));
      if (waiting.size === 0) break;
      if (Date.now() > probeDeadline) throw new Error(`${subscribers.length - subscribers.filter((s) => s.arrivals.length > 0).length} of ${subscribers.length} subscribers never received a probe`);
      for (const account of waiting) await redis.publish(`${prefix}live:notifications:${account.id}`, JSON.stringify(account.notification));
      await sleep(1000);
    }
    await sleep(5000);
    for (const s of subscribers) s.arrivals.length = 0;
    await collectGarbage(inspectPort);
    const rssIdle = rssKb(gateway.pid);
    const heapIdle = await heapUsedMb(gateway);
    const perConnectionKb = (rssIdle - rssBefore) / params.subscribers;
    log(`gateway RSS with ${params.subscribers} idle subscribers: ${(rssIdle / 1024).toFixed(0)} MB (${perConnectionKb.toFixed(1)} KB per connection)`);

    // Timed events, round robin over accounts; each reaches every connection of its account.
    const sentAt: { account: Account; at: number }[] = [];
    for (let i = 0; i < params.events; i++) {
      const account = accounts[i % accounts.length];
      sentAt.push({ account, at: now() });
      // A fresh seq per event: the stream drops a seq it has already delivered (no duplicates at the replay seam).
      await redis.publish(`${prefix}live:notifications:${account.id}`, JSON.stringify({ id: account.notification.id, seq: account.notification.seq + 1 + i }));
      await sleep(params.eventGapMs);
    }
    const timesPerAccount = new Map<string, number[]>();
    for (const s of sentAt) timesPerAccount.set(s.account.id, [...(timesPerAccount.get(s.account.id) ?? []), s.at]);
    const expectedFor = (s: Subscriber) => timesPerAccount.get(s.account.id)?.length ?? 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && subscribers.some((s) => s.arrivals.length < expectedFor(s))) await sleep(100);

    const latencies: number[] = [];
    let missing = 0;
    let extra = 0;
    for (const s of subscribers) {
      const sends = timesPerAccount.get(s.account.id) ?? [];
      const arrivals = s.arrivals;
      missing += Math.max(0, sends.length - arrivals.length);
      extra += Math.max(0, arrivals.length - sends.length);
      sends.forEach((at, i) => {
        if (arrivals[i] !== undefined) latencies.push(arrivals[i] - at);
      });
    }
    latencies.sort((a, b) => a - b);
    const result = {
      subscribers: params.subscribers,
      accounts: accounts.length,
      connectSeconds,
      rssBeforeMb: rssBefore / 1024,
      rssIdleMb: rssIdle / 1024,
      perConnectionKb,
      heapBeforeMb: heapBefore,
      heapIdleMb: heapIdle,
      heapPerConnectionKb: ((heapIdle - heapBefore) * 1024) / params.subscribers,
      events: params.events,
      deliveries: latencies.length,
      missing,
      extra,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? NaN,
    };
    log(JSON.stringify(result));
    writeSection(render(result));
    if (missing > 0 || extra > 0) process.exitCode = 1;
  } finally {
    await Promise.all(subscribers.map((s) => s.client.dispose()));
    redis.disconnect();
    await gateway.stop();
  }
}

function render(r: {
  subscribers: number;
  accounts: number;
  connectSeconds: number;
  rssBeforeMb: number;
  rssIdleMb: number;
  perConnectionKb: number;
  heapBeforeMb: number;
  heapIdleMb: number;
  heapPerConnectionKb: number;
  events: number;
  deliveries: number;
  missing: number;
  extra: number;
  p50: number;
  p99: number;
  max: number;
}): string {
  const ms = (v: number) => v.toFixed(1);
  const goal = (ok: boolean) => (ok ? 'met' : 'not met');
  return [
    LIVE_START,
    '## Live updates: idle subscribers and event-to-client latency',
    '',
    `Generated by \`npm run bench:live -w bench\` (bench/src/live.ts) on ${new Date().toISOString().replace('T', ' ').slice(0, 19)} UTC.`,
    '',
    `One gateway process (every subgraph in it, PGlite in memory, pub/sub on Redis), ${r.subscribers.toLocaleString('en')} graphql-ws connections from the bench process, ` +
      `each with one \`notificationAdded { id seq }\` subscription, spread over ${r.accounts.toLocaleString('en')} signed-up accounts (${Math.round(r.subscribers / r.accounts)} devices each). ` +
      `Memory: the gateway's VmRSS and V8 heap in use before the connections and after they were all subscribed and idle for 5 s, each time after a full garbage collection (through the gateway's inspector port), so the heap figure is live data. Latency: ${r.events} notification events published on the accounts' ` +
      `Redis channels (as another gateway instance's services would; each pointer names the account's welcome notification with a fresh seq), ${params.eventGapMs} ms apart, each delivered to every connection of its account; the time from PUBLISH to the ` +
      'message at the client, which includes resolving the selection through the supergraph for every subscriber (one `notification(id)` read from the notifications subgraph each).',
    '',
    '| subscribers | connect time s | RSS before → idle MB | RSS KB per connection | JS heap before → idle MB | heap KB per connection | deliveries | missing | duplicates | p50 ms | p99 ms | max ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${r.subscribers.toLocaleString('en')} | ${r.connectSeconds.toFixed(1)} | ${r.rssBeforeMb.toFixed(0)} → ${r.rssIdleMb.toFixed(0)} | ${r.perConnectionKb.toFixed(1)} | ${r.heapBeforeMb.toFixed(0)} → ${r.heapIdleMb.toFixed(0)} | ${r.heapPerConnectionKb.toFixed(1)} | ${r.deliveries.toLocaleString('en')} | ${r.missing} | ${r.extra} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} |`,
    '',
    `Goals: 10,000 idle subscribers on one gateway (${goal(r.subscribers >= 10_000 && r.missing === 0)}), under 20 KB per connection (${goal(r.perConnectionKb < 20)}), ` +
      `event-to-client p99 under 100 ms (${goal(r.p99 < 100)}). The load generator (10,000 WebSocket clients) shares the machine's 2 cores with the gateway.`,
    LIVE_END,
  ].join('\n');
}

/** Replaces the live section of RESULTS.md (or appends it), leaving run.ts's sections alone. */
function writeSection(section: string): void {
  const current = existsSync(RESULTS_PATH) ? readFileSync(RESULTS_PATH, 'utf8') : '# Benchmark results\n';
  const start = current.indexOf(LIVE_START);
  const end = current.indexOf(LIVE_END);
  const next = start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + LIVE_END.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS_PATH, next);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
