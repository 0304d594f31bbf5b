import { describe, expect, it } from 'vitest';
import { AppError } from '@shop/platform';
import { parseCouponInput, type CouponInput } from './validation.js';

const valid: CouponInput = { code: ' summer-10 ', kind: 'PERCENT', value: 10 };

function field(input: Partial<CouponInput>): string | undefined {
  try {
    parseCouponInput({ ...valid, ...input }, 'USD');
  } catch (err) {
    if (err instanceof AppError && err.code === 'BAD_USER_INPUT') return err.extensions.field as string;
    throw err;
  }
  return undefined;
}

describe('parseCouponInput', () => {
  it('upper-cases the code and takes the shop currency', () => {
    expect(
      parseCouponInput(
        { ...valid, kind: 'AMOUNT', value: 250, minSubtotal: { amount: 1000, currency: 'usd' }, startsAt: '2026-01-01T00:00:00+01:00', region: ' Tyrol ' },
        'USD',
      ),
    ).toEqual({
      code: 'SUMMER-10',
      kind: 'AMOUNT',
      value: 250,
      currency: 'USD',
      minSubtotal: 1000,
      startsAt: '2025-12-31T23:00:00.000Z',
      endsAt: null,
      maxUses: null,
      perCustomerLimit: null,
      region: 'Tyrol',
    });
  });

  it('names the field at fault', () => {
    expect(field({ code: 'ab' })).toBe('code');
    expect(field({ code: 'has space' })).toBe('code');
    expect(field({ code: '-LEADING' })).toBe('code');
    expect(field({ kind: 'PERCENT', value: 0 })).toBe('value');
    expect(field({ kind: 'PERCENT', value: 101 })).toBe('value');
    expect(field({ kind: 'AMOUNT', value: 0 })).toBe('value');
    expect(field({ kind: 'AMOUNT', value: -5 })).toBe('value');
    expect(field({ minSubtotal: { amount: -1, currency: 'USD' } })).toBe('minSubtotal.amount');
    expect(field({ minSubtotal: { amount: 100, currency: 'EUR' } })).toBe('minSubtotal.currency');
    expect(field({ startsAt: 'tomorrow' })).toBe('startsAt');
    expect(field({ endsAt: '2026-01-01T00:00:00' })).toBe('endsAt');
    expect(field({ startsAt: '2026-01-02T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' })).toBe('endsAt');
    expect(field({ startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' })).toBe('endsAt');
    expect(field({ maxUses: 0 })).toBe('maxUses');
    expect(field({ perCustomerLimit: 0 })).toBe('perCustomerLimit');
    expect(field({ region: 'x'.repeat(101) })).toBe('region');
  });

  it('accepts the edges of each range', () => {
    expect(field({ kind: 'PERCENT', value: 1 })).toBeUndefined();
    expect(field({ kind: 'PERCENT', value: 100 })).toBeUndefined();
    expect(field({ kind: 'AMOUNT', value: 1 })).toBeUndefined();
    expect(field({ maxUses: 1, perCustomerLimit: 1, minSubtotal: { amount: 0, currency: 'USD' } })).toBeUndefined();
  });
});
