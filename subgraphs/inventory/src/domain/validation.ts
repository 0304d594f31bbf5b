import { badInput, type Money } from '@shop/platform';

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

