import { LeasedJob, type JobReport, type Logger, type Runtime } from '@shop/platform';
import type { CartService } from './carts.js';

/** Carts handled per job pass; the next tick takes the rest. */
const BATCH = 100;

export interface CartJobs {
  /** `cart.expiry` (C3, C5): PENDING past its expiry, or CHECKING past its payment deadline plus one interval -> EXPIRING -> seats back -> EXPIRED. */
  expiry: LeasedJob;
  /**
   * `cart.recovery` (C4): carts left in APPLIED, CANCELING or EXPIRING are driven to their end by
   * running their idempotent step again; seat releases and waitlist offers left pending are retried.
   */
  recovery: LeasedJob;
}

/** The cart's leased jobs (one runner across instances), not started. */
export function cartJobs(runtime: Runtime, carts: CartService, log: Logger): CartJobs {
  const { JOB_INTERVAL_MS, JOB_LEASE_MS } = runtime.config;
  const common = { intervalMs: JOB_INTERVAL_MS, leaseMs: JOB_LEASE_MS, leases: runtime.leases, holder: runtime.nodeId, log, metrics: runtime.metrics };

  /** Runs `step` for each id, counting outcomes; a failing one is logged and left for the next pass. */
  async function each<T>(ids: string[], step: (id: string) => Promise<T>, count: (result: T, report: JobReport) => void, report: JobReport, job: string) {
    for (const id of ids) {
      try {
        count(await step(id), report);
      } catch (err) {
        report.failed = (report.failed ?? 0) + 1;
        log.warn({ err, job, id }, `job ${job}: step failed; the next pass retries it`);
      }
    }
  }

  const expiry = new LeasedJob({
    ...common,
    name: 'cart.expiry',
    run: async () => {
      const report: JobReport = { expired: 0, failed: 0 };
      // CHECKING carts get one more interval: the order's own timeout job cancels the order first.
      const due = await carts.dueForExpiry(JOB_INTERVAL_MS, BATCH);
      await each(
        due,
        async (id) => ((await carts.startExpiry(id, JOB_INTERVAL_MS)) ? carts.advance(id) : null),
        (row, r) => {
          if (row?.state === 'EXPIRED') r.expired++;
        },
        report,
        'cart.expiry',
      );
      return report;
    },
  });

  const recovery = new LeasedJob({
    ...common,
    name: 'cart.recovery',
    run: async () => {
      const report: JobReport = { done: 0, canceled: 0, expired: 0, seatsReleased: 0, offersAdopted: 0, offersSkipped: 0, failed: 0 };
      await each(
        await carts.inBetween(BATCH),
        (id) => carts.advance(id),
        (row, r) => {
          if (row?.state === 'DONE') r.done++;
          else if (row?.state === 'CANCELED') r.canceled++;
          else if (row?.state === 'EXPIRED') r.expired++;
        },
        report,
        'cart.recovery',
      );
      report.seatsReleased = await carts.flushReleases(BATCH);
      await each(
        await carts.pendingOffers(BATCH),
        (id) => carts.adoptOffer(id),
        (outcome, r) => {
          if (outcome === 'ADOPTED') r.offersAdopted++;
          if (outcome === 'SKIPPED') r.offersSkipped++;
        },
        report,
        'cart.recovery',
      );
      return report;
    },
  });

  return { expiry, recovery };
}
