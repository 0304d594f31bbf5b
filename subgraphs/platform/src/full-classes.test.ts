import { afterEach, describe, expect, it, vi } from 'vitest';
import { FullClasses, HOLDS_AT_ONCE } from './full-classes.js';

afterEach(() => vi.useRealTimers());

describe('FullClasses', () => {
  it('remembers a full class for its TTL, and forgets it when a seat comes back', () => {
    vi.useFakeTimers();
    const full = new FullClasses(1000);
    full.markFull('a');
    expect(full.isFull('a')).toBe(true);
    expect(full.isFull('b')).toBe(false);
    vi.advanceTimersByTime(999);
    expect(full.isFull('a')).toBe(true);
    vi.advanceTimersByTime(1);
    expect(full.isFull('a')).toBe(false);

    full.markFull('a');
    full.forget('a');
    expect(full.isFull('a')).toBe(false);
  });

  it('marks nothing with a TTL of 0', () => {
    const full = new FullClasses(0);
    full.markFull('a');
    expect(full.isFull('a')).toBe(false);
  });

  it('runs at most HOLDS_AT_ONCE holds of one class at once, in the order they came, other classes beside them', async () => {
    const full = new FullClasses(1000);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const hold = (i: number) => async () => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return i;
    };
    const other = full.inTurn('b', async () => 'other');
    const results = await Promise.all(Array.from({ length: HOLDS_AT_ONCE * 3 }, (_, i) => full.inTurn('a', hold(i))));
    expect(results).toEqual(Array.from({ length: HOLDS_AT_ONCE * 3 }, (_, i) => i));
    expect(started).toEqual(results);
    expect(most).toBe(HOLDS_AT_ONCE);
    expect(await other).toBe('other');
  });

  it('lets the holds waiting for a turn go at once when the class becomes known full, and a known-full class needs no turn', async () => {
    const full = new FullClasses(1000);
    const release: (() => void)[] = [];
    const slow = () => new Promise<string>((resolve) => release.push(() => resolve('held')));
    const holding = Array.from({ length: HOLDS_AT_ONCE }, () => full.inTurn('a', slow));
    const waited: string[] = [];
    const waiting = Array.from({ length: 20 }, (_, i) => full.inTurn('a', async () => (waited.push(`late ${i}`), 'refused')));
    await new Promise((r) => setImmediate(r));
    expect(waited).toEqual([]);

    full.markFull('a');
    expect(await Promise.all(waiting)).toEqual(Array(20).fill('refused'));
    expect(waited).toEqual(Array.from({ length: 20 }, (_, i) => `late ${i}`));
    expect(await full.inTurn('a', async () => 'no turn needed')).toBe('no turn needed');
    for (const r of release) r();
    expect(await Promise.all(holding)).toEqual(Array(HOLDS_AT_ONCE).fill('held'));

    // The turns are whole again: a class no longer full runs HOLDS_AT_ONCE at once, no more.
    full.forget('a');
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: HOLDS_AT_ONCE + 4 }, () =>
        full.inTurn('a', async () => {
          most = Math.max(most, ++running);
          await new Promise((r) => setTimeout(r, 2));
          running--;
        }),
      ),
    );
    expect(most).toBe(HOLDS_AT_ONCE);
  });

  it('gives the turn on when a hold fails', async () => {
    const full = new FullClasses(1000);
    const failing = Array.from({ length: HOLDS_AT_ONCE + 10 }, () => full.inTurn('a', () => Promise.reject(new Error('refused'))));
    for (const f of failing) await expect(f).rejects.toThrow('refused');
    expect(await full.inTurn('a', async () => 'next')).toBe('next');
  });
});
