import { badInput } from './errors.js';

/** Trims and checks a required text field; `field` names it in the error. */
export function requiredText(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw badInput(field, `${field} must not be empty`);
  if (trimmed.length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return trimmed;
}

/** Trims an optional text field; blank becomes null. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value == null || value.trim() === '') return null;
  return requiredText(field, value, max);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether `value` is a UUID: ids that are not cannot name a row, and must not reach a uuid column. */
export const isUuid = (value: string) => UUID.test(value);

/** An integer in [min, max], else BAD_USER_INPUT on `field`. */
export function intInRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(field, `${field} must be between ${min} and ${max}`);
  return value;
}

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 date-time with a zone (API.md: times carry their zone), as a Date; else BAD_USER_INPUT on `field`. */
export function zonedTime(field: string, value: string): Date {
  const text = value.trim();
  const date = new Date(text);
  if (!ZONED.test(text) || Number.isNaN(date.getTime())) {
    throw badInput(field, `${field} must be an ISO-8601 time with a zone, e.g. 2026-11-23T10:00:00Z`);
  }
  return date;
}

/** Timestamps leave a service as ISO-8601 UTC strings. */
export const iso = (value: string) => new Date(value).toISOString();
