import autocannon, { type Result } from 'autocannon';

export interface LoadOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  totalRequests: number;
  p50: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** 2xx responses whose body carried GraphQL errors (or no data). */
  graphqlErrors: number;
  durationSeconds: number;
  /** Responses received in each second of the run. */
  perSecond: number[];
  raw: Result;
}

/**
 * A successful GraphQL response as Apollo Server writes it: `{"data":...}` with no `errors`
 * (Apollo puts `errors` before `data`, so a response with errors does not start with `{"data":`).
 */
export function looksSuccessful(body: string): boolean {
  return body.startsWith('{"data":{') && !body.includes('"errors":[');
}

/** POSTs `body` to `url` over `connections` keep-alive connections for `duration` seconds. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const instance = autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    connections: options.connections,
    duration: options.duration,
    pipelining: 1,
    timeout: 10,
    verifyBody: looksSuccessful,
  });
  const perSecond: number[] = [];
  const startedAt = performance.now();
  instance.on('response', () => {
    const second = Math.floor((performance.now() - startedAt) / 1000);
    perSecond[second] = (perSecond[second] ?? 0) + 1;
  });
  const raw = await instance;
  for (let i = 0; i < perSecond.length; i++) perSecond[i] ??= 0;
  return {
    requestsPerSecond: raw.requests.average,
    totalRequests: raw.requests.total,
    p50: raw.latency.p50,
    p99: raw.latency.p99,
    errors: raw.errors,
    non2xx: raw.non2xx,
    graphqlErrors: raw.mismatches,
    durationSeconds: raw.duration,
    perSecond,
    raw,
  };
}

/** Mean req/s of the first and second half of a run: a rising rate means the server was still warming up. */
export function halves(perSecond: number[]): [number, number] {
  // the last bucket may cover a partial second
  const samples = perSecond.length > 2 ? perSecond.slice(0, -1) : perSecond;
  const mid = Math.floor(samples.length / 2);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return [mean(samples.slice(0, mid)), mean(samples.slice(mid))];
}
