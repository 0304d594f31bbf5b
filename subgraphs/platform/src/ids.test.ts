import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The 48-bit millisecond timestamp at the front of a v7 id. */
const millis = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7', () => {
  it('1000 ids generated in a loop are unique and sort in generation order', () => {
    const before = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) ids.push(uuidv7());
    const after = Date.now();

    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(millis(ids[0])).toBeGreaterThanOrEqual(before);
    expect(millis(ids[999])).toBeLessThanOrEqual(after + 1);
  });

  it('stays ordered when one millisecond holds more ids than the 12-bit counter', () => {
    const now = Date.now() + 60_000;
    const ids = Array.from({ length: 5000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(5000);
    expect([...ids].sort()).toEqual(ids);
    expect(millis(ids[0])).toBe(now);
    // Ids after the next real millisecond still come after the ones above.
    const later = uuidv7(now + 1);
    expect(later > ids[ids.length - 1]).toBe(true);
  });

  it('encodes the given time', () => {
    const t = Date.UTC(2030, 0, 2, 3, 4, 5, 678);
    const id = uuidv7(t + 3_600_000 * 24 * 365); // ahead of anything generated above
    expect(millis(id)).toBe(t + 3_600_000 * 24 * 365);
  });
});
