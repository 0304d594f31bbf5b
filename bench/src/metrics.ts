import type { ServerProcess } from './processes.js';

/** A server's Prometheus text from /metrics, or undefined when it does not answer. */
export async function scrapeMetrics(server: ServerProcess): Promise<string | undefined> {
  try {
    const res = await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The sum of the samples named `name` whose label set contains `labels` (e.g. `outcome="hit"`),
 * 0 when there is none.
 */
export function metricValue(text: string, name: string, labels = ''): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels && !line.includes(labels)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return total;
}
