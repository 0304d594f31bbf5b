import { describe, expect, it } from 'vitest';
import { formatMoney, minorDigits } from './money.js';

describe('money', () => {
  it("knows each currency's minor digits, two for a code Intl does not know", () => {
    expect([minorDigits('USD'), minorDigits('JPY'), minorDigits('BHD'), minorDigits('XQQ')]).toEqual([2, 0, 3, 2]);
    // Asked again, from memory: the same answers.
    expect([minorDigits('USD'), minorDigits('JPY')]).toEqual([2, 0]);
  });

  it("formats with the currency's minor digits", () => {
    expect(formatMoney({ amount: 5, currency: 'USD' })).toBe('0.05 USD');
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('1500 JPY');
    expect(formatMoney({ amount: 123_456, currency: 'EUR' })).toBe('1234.56 EUR');
    expect(formatMoney({ amount: -1234, currency: 'USD' })).toBe('-12.34 USD');
  });
});
