import { badInput, optionalText, zonedTime } from '@shop/platform';

/** The largest amount in minor units a coupon may name (ten million units of a two-digit currency). */
export const MAX_AMOUNT = 1_000_000_000;
/** Total uses and uses per customer are bounded so that counters stay far from integer overflow. */
export const MAX_USES = 10_000_000;

const CODE = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;

/** A coupon code as stored: trimmed and upper-cased (codes are case-insensitive). */
export const normalizeCode = (code: string) => code.trim().toUpperCase();

/** What an operator sends to create a coupon (API.md `CouponInput`). */
export interface CouponInput {
  code: string;
  kind: 'PERCENT' | 'AMOUNT';
  value: number;
  minSubtotal?: { amount: number; currency: string } | null;
  startsAt?: string | null;
  endsAt?: string | null;
  maxUses?: number | null;
  perCustomerLimit?: number | null;
  region?: string | null;
}

/** A checked coupon, ready to store. */
export interface NewCoupon {
  code: string;
  kind: 'PERCENT' | 'AMOUNT';
  value: number;
  currency: string;
  minSubtotal: number | null;
  startsAt: string | null;
  endsAt: string | null;
  maxUses: number | null;
  perCustomerLimit: number | null;
  region: string | null;
}

/**
 * Checks a CouponInput field by field; the first fault is BAD_USER_INPUT naming its field. AMOUNT
 * values and the minimum subtotal are minor units of the shop currency, the only currency carts
 * are priced in before conversion.
 */
export function parseCouponInput(input: CouponInput, shopCurrency: string): NewCoupon {
  const code = normalizeCode(input.code);
  if (!CODE.test(code)) throw badInput('code', 'code must be 3 to 32 letters, digits, dashes or underscores, starting with a letter or digit');
  if (input.kind === 'PERCENT') integerIn('value', input.value, 1, 100, 'a PERCENT coupon takes 1 to 100 (percent)');
  else integerIn('value', input.value, 1, MAX_AMOUNT, `an AMOUNT coupon takes 1 to ${MAX_AMOUNT} minor units of ${shopCurrency}`);

  let minSubtotal: number | null = null;
  if (input.minSubtotal != null) {
    integerIn('minSubtotal.amount', input.minSubtotal.amount, 0, MAX_AMOUNT, `minSubtotal.amount must be 0 to ${MAX_AMOUNT} minor units`);
    if (input.minSubtotal.currency.trim().toUpperCase() !== shopCurrency) {
      throw badInput('minSubtotal.currency', `minSubtotal.currency must be the shop currency ${shopCurrency}`);
    }
    minSubtotal = input.minSubtotal.amount;
  }

  const startsAt = input.startsAt == null ? null : zonedTime('startsAt', input.startsAt);
  const endsAt = input.endsAt == null ? null : zonedTime('endsAt', input.endsAt);
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) throw badInput('endsAt', 'endsAt must be after startsAt');

  const maxUses = input.maxUses == null ? null : integerIn('maxUses', input.maxUses, 1, MAX_USES, `maxUses must be 1 to ${MAX_USES}`);
  const perCustomerLimit =
    input.perCustomerLimit == null
      ? null
      : integerIn('perCustomerLimit', input.perCustomerLimit, 1, MAX_USES, `perCustomerLimit must be 1 to ${MAX_USES}`);

  return {
    code,
    kind: input.kind,
    value: input.value,
    currency: shopCurrency,
    minSubtotal,
    startsAt: startsAt?.toISOString() ?? null,
    endsAt: endsAt?.toISOString() ?? null,
    maxUses,
    perCustomerLimit,
    region: optionalText('region', input.region, 100),
  };
}

function integerIn(field: string, value: number, min: number, max: number, message: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(field, message);
  return value;
}


