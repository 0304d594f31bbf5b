import { badInput } from '@shop/platform';

/** Shared with every service; re-exported so the account rules read from one module. */
export { optionalText, requiredText } from '@shop/platform';

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function normalizeEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw badInput('email', 'email is not a valid address');
  return email;
}

export function checkPassword(value: string): string {
  if (value.length < 8) throw badInput('password', 'password must be at least 8 characters');
  if (value.length > 128) throw badInput('password', 'password must be at most 128 characters');
  return value;
}

/** Phone numbers: digits with optional leading +, spaces, dashes, dots and parentheses; stored as +digits or digits. */
export function normalizePhone(field: string, value: string | null | undefined): string | null {
  if (value == null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (!/^\+?[0-9 ().-]+$/.test(trimmed)) throw badInput(field, `${field} may contain only digits, spaces and + ( ) - .`);
  const digits = trimmed.replace(/[^0-9]/g, '');
  if (digits.length < 6 || digits.length > 15) throw badInput(field, `${field} must have 6 to 15 digits`);
  return (trimmed.startsWith('+') ? '+' : '') + digits;
}

/** ISO 3166-1 alpha-2, upper-cased. */
export function normalizeCountry(value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) throw badInput('country', 'country must be a two-letter ISO 3166-1 code');
  return code;
}

export function normalizePostalCode(value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9 -]{1,10}[A-Z0-9]$/.test(code)) {
    throw badInput('postalCode', 'postalCode must be 3 to 12 letters, digits, spaces or dashes');
  }
  return code;
}

/** YYYY-MM-DD, a real date, not in the future. */
export function checkBirthDate(value: string | null | undefined, today = new Date()): string | null {
  if (value == null || value.trim() === '') return null;
  const text = value.trim();
  const date = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw badInput('birthDate', 'birthDate must be a date as YYYY-MM-DD');
  }
  if (date.getTime() > today.getTime()) throw badInput('birthDate', 'birthDate must not be in the future');
  if (date.getUTCFullYear() < 1900) throw badInput('birthDate', 'birthDate must be after 1900');
  return text;
}
