import { afterEach, describe, expect, it } from 'vitest';
import { Pump } from './pump.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Pump', () => {
  let pump: Pump | undefined;
  afterEach(() => pump?.stop());

  /** A pump whose pass takes `passMs` and records when each pass started. */
  function counting(passMs: number, gapMs?: number) {
    const starts: number[] = [];
    pump = new Pump(
      async () => {
        starts.push(performance.now());
        await sleep(passMs);
        return false;
      },
      60_000,
      (err) => {
        throw err;
      },
      gapMs,
    );
    return starts;
  }

  it('coalesces pokes during a run into one more run', async () => {
    const starts = counting(20);
    pump!.poke();
    for (let i = 0; i < 10; i++) pump!.poke();
    await sleep(80);
    expect(starts).toHaveLength(2);
  });

  it('with a gap, gathers a stream of pokes into few runs, and runs at once after a quiet spell', async () => {
    const starts = counting(1, 40);
    const first = performance.now();
    pump!.poke();
    // A poke every 2 ms for 200 ms: without the gap about one run per poke.
    for (let i = 0; i < 100; i++) {
      await sleep(2);
      pump!.poke();
    }
    const elapsed = performance.now() - first;
    await sleep(60);
    expect(starts[0] - first).toBeLessThan(5);
    expect(starts.length).toBeGreaterThanOrEqual(3);
    // One run at the start, then at most one per gap (against ~100 without it).
    expect(starts.length).toBeLessThanOrEqual(Math.ceil(elapsed / 40) + 2);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(39);
    // Quiet for longer than the gap: the next poke runs at once.
    await sleep(50);
    const poked = performance.now();
    pump!.poke();
    await sleep(5);
    expect(starts.at(-1)! - poked).toBeLessThan(5);
  });
});
