import { minorDigits, type Money } from '@shop/platform';

/** A positive exact fraction; rates are kept exact so that rounding happens once, where stated. */
interface Fraction {
  num: bigint;
  den: bigint;
}

/** The exact value of a configured rate, read from its shortest decimal form (0.92 is 92/100, not the nearest double). */
export function exactRate(rate: number): Fraction {
  if (!Number.isFinite(rate) || rate <= 0) throw new Error(`rate ${rate} is not a positive number`);
  const [mantissa, exponentText] = String(rate).toLowerCase().split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  const exponent = Number(exponentText ?? 0) - fraction.length;
  const digits = BigInt(whole + fraction);
  return exponent >= 0 ? { num: digits * 10n ** BigInt(exponent), den: 1n } : { num: digits, den: 10n ** BigInt(-exponent) };
}

/** num / den rounded half away from zero (den > 0). */
export function roundHalfAwayFromZero(num: bigint, den: bigint): bigint {
  const magnitude = (2n * (num < 0n ? -num : num) + den) / (2n * den);
  return num < 0n ? -magnitude : magnitude;
}


/**
 * Converts amounts between the shop currency and the currencies of CURRENCY_RATES (S2 forex).
 * `rates[c]` is how many units of `c` one unit of the shop currency buys. Every conversion is
 * exact until one final rounding, half away from zero, to the target's minor unit.
 */
export class CurrencyConverter {
  private readonly rates: Map<string, Fraction>;

  constructor(
    readonly shopCurrency: string,
    rates: Record<string, number>,
  ) {
    this.rates = new Map(Object.entries(rates).map(([code, rate]) => [code, exactRate(rate)]));
    if (!this.rates.has(shopCurrency)) this.rates.set(shopCurrency, { num: 1n, den: 1n });
  }

  /** Whether amounts can be converted to and from `currency`. */
  knows(currency: string): boolean {
    return this.rates.has(currency);
  }

  /** `money` in `to`, rounded once; null when either currency has no rate. */
  convert(money: Money, to: string): Money | null {
    if (money.currency === to) return { amount: money.amount, currency: to };
    const from = this.rates.get(money.currency);
    const target = this.rates.get(to);
    if (!from || !target) return null;
    // amount / 10^dFrom / from * target * 10^dTo, as one fraction.
    const shift = minorDigits(to) - minorDigits(money.currency);
    const num = BigInt(money.amount) * target.num * from.den * (shift > 0 ? 10n ** BigInt(shift) : 1n);
    const den = target.den * from.num * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
    return { amount: Number(roundHalfAwayFromZero(num, den)), currency: to };
  }
}
