import { afterEach, describe, expect, it, vi } from 'vitest';
import { FullClasses } from './full-classes.js';

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

  it('runs at most 8 holds of one class at once, in the order they came, other classes beside them', async () => {
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
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => full.inTurn('a', hold(i))));
    expect(results).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(started).toEqual(results);
    expect(most).toBe(8);
    expect(await other).toBe('other');
  });

  it('gives the turn on when a hold fails', async () => {
    const full = new FullClasses(1000);
    const failing = Array.from({ length: 10 }, () => full.inTurn('a', () => Promise.reject(new Error('refused'))));
    for (const f of failing) await expect(f).rejects.toThrow('refused');
    expect(await full.inTurn('a', async () => 'next')).toBe('next');
  });
});
