import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from './envelope.js';
import { EventRegistry } from './registry.js';

const envelope = (version: number, payload: unknown, type = 'order.placed'): EventEnvelope => ({
  id: '0190f2a0-0000-7000-8000-000000000001',
  type,
  version,
  aggregateId: 'order-1',
  aggregateVersion: 4,
  nodeId: 'node-a',
  occurredAt: '2025-01-01T00:00:00.000Z',
  payload,
});

/** v1 {amount} -> v2 {amountCents} -> v3 {total: {cents, currency}}. */
const registry = () =>
  new EventRegistry().define('order.placed', 3, {
    1: (p: { amount: number }) => ({ amountCents: Math.round(p.amount * 100) }),
    2: (p: { amountCents: number }) => ({ total: { cents: p.amountCents, currency: 'EUR' } }),
  });

describe('EventRegistry', () => {
  it('upcasts a v1 payload to v3 through both upcasters, in order', () => {
    const original = envelope(1, { amount: 12.34 });
    const upcast = registry().upcast(original);
    expect(upcast).toEqual({ ...original, version: 3, payload: { total: { cents: 1234, currency: 'EUR' } } });
    // The stored/sent envelope is not modified.
    expect(original).toEqual(envelope(1, { amount: 12.34 }));
  });

  it('upcasts a v2 payload with the second upcaster only', () => {
    const upcast = registry().upcast(envelope(2, { amountCents: 500 }));
    expect(upcast.version).toBe(3);
    expect(upcast.payload).toEqual({ total: { cents: 500, currency: 'EUR' } });
  });

  it('passes current, newer and unknown events unchanged', () => {
    const r = registry();
    const current = envelope(3, { total: { cents: 1, currency: 'EUR' } });
    const newer = envelope(4, { whatever: true });
    const unknown = envelope(1, { amount: 1 }, 'order.cancelled');
    expect(r.upcast(current)).toBe(current);
    expect(r.upcast(newer)).toBe(newer);
    expect(r.upcast(unknown)).toBe(unknown);
    expect(r.currentVersion('order.placed')).toBe(3);
    expect(r.currentVersion('order.cancelled')).toBe(1);
  });

  it('refuses a definition missing an upcaster', () => {
    expect(() =>
      new EventRegistry().define('order.placed', 3, { 1: (p) => p }),
    ).toThrow('event order.placed: no upcaster from version 2');
    expect(() => new EventRegistry().define('order.placed', 2)).toThrow('no upcaster from version 1');
    expect(() => new EventRegistry().define('order.placed', 1)).not.toThrow();
  });
});
