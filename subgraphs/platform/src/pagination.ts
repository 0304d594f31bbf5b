import { badInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;

/** Checks a connection's `first` argument: 1..100. */
export function pageSize(first: number | null | undefined, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw badInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  return n;
}

/** An opaque cursor over the sort key of a row (e.g. [createdAt, id]). */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (cursor == null || cursor === '') return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) return key;
  } catch {
    // falls through to the error below
  }
  throw badInput('after', 'after is not a cursor of this list');
}

/**
 * A Relay connection from rows fetched with `limit + 1`: the extra row only tells whether
 * there is a next page.
 */
export function connection<R, N = R>(rows: R[], limit: number, cursorOf: (row: R) => string, toNode: (row: R) => N = (r) => r as unknown as N) {
  const page = rows.slice(0, limit);
  return {
    edges: page.map((row) => ({ cursor: cursorOf(row), node: toNode(row) })),
    pageInfo: { hasNextPage: rows.length > limit, endCursor: page.length ? cursorOf(page[page.length - 1]) : null },
  };
}
