import { describe, expect, it } from 'vitest';
import { isUuid } from '@shop/platform';
import { newOrderId, nodeHash, nodePartOf, timeOf } from './ids.js';

describe('order ids (L3)', () => {
  it('are UUIDs carrying their creation time and the node that made them', () => {
    const at = Date.parse('2026-11-23T10:00:00Z');
    const id = newOrderId('node-a', at);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(timeOf(id)).toBe(at);
    expect(nodePartOf(id)).toBe(nodeHash('node-a'));
  });

  it('sort by creation time and strictly increase within a process', () => {
    const ids = Array.from({ length: 5000 }, () => newOrderId('node-a'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keep nodes apart in the same millisecond', () => {
    const at = Date.now() + 10_000;
    const a = newOrderId('node-a', at);
    const b = newOrderId('node-b', at);
    expect(nodePartOf(a)).not.toBe(nodePartOf(b));
    expect(a).not.toBe(b);
  });
});
