/** An integer of at least `min` from the environment variable `name`, or `fallback` when it is unset or empty. */
function integerAtLeast(name: string, fallback: number, min: number, what: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a ${what} integer (got "${raw}")`);
  return value;
}

/** A positive integer from the environment variable `name`, or `fallback` when it is unset or empty. */
export const positiveInt = (name: string, fallback: number): number => integerAtLeast(name, fallback, 1, 'positive');

/** A non-negative integer from the environment variable `name`, or `fallback` when it is unset or empty. */
export const nonNegativeInt = (name: string, fallback: number): number => integerAtLeast(name, fallback, 0, 'non-negative');
