/**
 * Runs a unit of background work on a poll timer and on demand (`poke`): overlapping pokes
 * coalesce into one more run, and a run that reports more work left is repeated at once. Used by
 * the outbox relay and other "drain what is pending" workers; a failed run is reported and the
 * next poke or tick tries again.
 *
 * With a `gapMs`, a poke within that time of the last run's end waits for the rest of it: under
 * a stream of pokes each run then takes what gathered meanwhile, instead of one run per poke
 * (the outbox relay: every run is a transaction of its own); a poke after a quiet spell still
 * runs at once.
 */
export class Pump {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastEnd = 0;
  private delayed?: NodeJS.Timeout;

  /**
   * @param pass does one batch of work; resolves true when more is waiting.
   * @param pollMs how often to run without being poked.
   * @param onError called with what a failed run threw.
   * @param gapMs the least time from the end of one run to the start of a poked one.
   */
  constructor(
    private readonly pass: () => Promise<boolean>,
    private readonly pollMs: number,
    private readonly onError: (err: unknown) => void,
    private readonly gapMs = 0,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.poke(), this.pollMs);
    this.poke();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.delayed);
    this.delayed = undefined;
    await this.running;
  }

  /** Runs now, or once more after the run in progress, or when the gap after the last run is over. */
  poke(): void {
    if (this.stopped || this.delayed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const wait = this.lastEnd + this.gapMs - performance.now();
    if (wait > 0) {
      this.delayed = setTimeout(() => {
        this.delayed = undefined;
        this.poke();
      }, wait);
      return;
    }
    this.running = this.drain().finally(() => {
      this.lastEnd = performance.now();
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.poke();
      }
    });
  }

  /** Resolves when no run is in progress. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.pass()));
    } catch (err) {
      this.onError(err);
    }
  }
}
