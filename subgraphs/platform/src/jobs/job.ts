import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Runtime } from '../runtime.js';
import type { Leases } from './lease.js';

/** What one run of a job did, by kind of work (e.g. `{ expired: 3 }`); all zero when idle. */
export type JobReport = Record<string, number>;

export interface JobOptions {
  /** Unique across the system, e.g. `cart.expiry`: the lease is taken under this name. */
  name: string;
  intervalMs: number;
  leaseMs: number;
  leases: Leases;
  /** This process's id; the lease holder. */
  holder: string;
  log: Logger;
  metrics?: Metrics;
  /** One pass of the work; must be idempotent (it may run again after a crash mid-pass). */
  run: () => Promise<JobReport>;
}

/**
 * A scheduled background job that one instance at a time runs (C3–C6, L4): each tick takes the
 * job's lease, runs one idempotent pass, logs what it did when it did anything and counts it in
 * metrics. Instances without the lease skip the tick; if the holder dies its lease lapses and
 * another instance carries on.
 */
export class LeasedJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<JobReport | null>;

  constructor(private readonly options: JobOptions) {}

  start(): this {
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
    return this;
  }

  /**
   * Runs one pass now if this instance gets the lease (a pass already in progress is awaited
   * instead). Resolves with the report, or null when another instance holds the lease.
   */
  runOnce(): Promise<JobReport | null> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.options.leases.release(this.options.name, this.options.holder).catch(() => undefined);
  }

  private async pass(): Promise<JobReport | null> {
    const { name, leases, holder, leaseMs, log, metrics } = this.options;
    try {
      if (!(await leases.acquire(name, holder, leaseMs))) return null;
      const started = performance.now();
      const report = await this.options.run();
      const did = Object.values(report).some((n) => n > 0);
      if (did) log.info({ job: name, ...report, ms: Math.round(performance.now() - started) }, `job ${name} ran`);
      for (const [kind, count] of Object.entries(report)) if (count > 0) metrics?.jobWork.inc({ job: name, kind }, count);
      return report;
    } catch (err) {
      log.error({ job: name, err }, `job ${name} failed; the next tick tries again`);
      metrics?.jobWork.inc({ job: name, kind: 'failed' });
      return null;
    }
  }
}

/** A service's job on its runtime: the configured interval and lease, this node as holder; started. */
export function startServiceJob(runtime: Runtime, log: Logger, name: string, run: () => Promise<JobReport>): LeasedJob {
  return new LeasedJob({
    name,
    intervalMs: runtime.config.JOB_INTERVAL_MS,
    leaseMs: runtime.config.JOB_LEASE_MS,
    leases: runtime.leases,
    holder: runtime.nodeId,
    log,
    metrics: runtime.metrics,
    run,
  }).start();
}
