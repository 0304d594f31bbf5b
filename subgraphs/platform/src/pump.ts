/**
 * Runs a unit of background work on a poll timer and on demand (`poke`): overlapping pokes
 * coalesce into one more run, and a run that reports more work left is repeated at once. Used by
 * the outbox relay and other "drain what is pending" workers; a failed run is reported and the
 * next poke or tick tries again.
 */
export class Pump {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  /**
   * @param pass does one batch of work; resolves true when more is waiting.
   * @param pollMs how often to run without being poked.
   * @param onError called with what a failed run threw.
   */
  constructor(
    private readonly pass: () => Promise<boolean>,
    private readonly pollMs: number,
    private readonly onError: (err: unknown) => void,
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
    await this.running;
  }

  /** Runs now, or once more after the run in progress. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
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
