import { AppError, ErrorCode, badInput, isUuid } from '@shop/platform';

/** NOT_FOUND naming `field` for an id that names nothing the caller may use. */
export const notFoundField = (field: string, what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`, { field });

/** `id` when it could name a row; NOT_FOUND on `field` otherwise (it cannot name one). */
export function uuidOr404(field: string, id: string, what: string): string {
  if (!isUuid(id)) throw notFoundField(field, what);
  return id;
}

/** At most this many coupon codes in one summary or checkout. */
export const MAX_COUPON_CODES = 10;

/** Trimmed, distinct coupon codes; BAD_USER_INPUT on couponCodes for blank or too many. */
export function couponCodes(codes: readonly string[] | null | undefined): string[] {
  if (codes == null) return [];
  if (!Array.isArray(codes) || codes.some((c) => typeof c !== 'string')) throw badInput('couponCodes', 'couponCodes must be a list of codes');
  const trimmed = codes.map((c) => c.trim());
  if (trimmed.some((c) => c.length === 0 || c.length > 64)) throw badInput('couponCodes', 'A coupon code has 1 to 64 characters');
  // Case rules belong to the coupons service; only exact repeats are dropped here.
  const distinct = [...new Set(trimmed)];
  if (distinct.length > MAX_COUPON_CODES) throw badInput('couponCodes', `At most ${MAX_COUPON_CODES} coupon codes`);
  return distinct;
}
