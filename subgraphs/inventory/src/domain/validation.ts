import { badInput } from '@shop/platform';

/** Money as the API carries it: minor units and an ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

const MAX_AMOUNT = 1_000_000_000;

/** A code (SKU, warehouse): letters, digits, dashes, dots and underscores, upper-cased. */
export function code(field: string, value: string): string {
  const text = value.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9._-]{0,39}$/.test(text)) {
    throw badInput(field, `${field} must be 1 to 40 letters, digits, dots, dashes or underscores`);
  }
  return text;
}

/** A non-negative amount in minor units with a three-letter currency, upper-cased. */
export function money(field: string, value: Money): Money {
  if (!Number.isInteger(value.amount) || value.amount < 0 || value.amount > MAX_AMOUNT) {
    throw badInput(`${field}.amount`, `${field}.amount must be between 0 and ${MAX_AMOUNT} minor units`);
  }
  const currency = value.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw badInput(`${field}.currency`, `${field}.currency must be a three-letter ISO 4217 code`);
  return { amount: value.amount, currency };
}

/** An integer in [min, max]. */
export function intInRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(field, `${field} must be between ${min} and ${max}`);
  return value;
}

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 date-time with a zone (API.md: times carry their zone), as a Date. */
export function zonedTime(field: string, value: string): Date {
  const text = value.trim();
  const date = new Date(text);
  if (!ZONED.test(text) || Number.isNaN(date.getTime())) {
    throw badInput(field, `${field} must be an ISO-8601 time with a zone, e.g. 2026-11-23T10:00:00Z`);
  }
  return date;
}

/** Timestamps leave the service as ISO-8601 UTC strings. */
export const iso = (value: string) => new Date(value).toISOString();
