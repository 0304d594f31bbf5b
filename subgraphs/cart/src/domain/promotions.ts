import { and, desc, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { badInput, intInRange, isUuid, requiredText, Statement, uuidList, uuidv7, zonedTime, type Db } from '@shop/platform';
import { promotions, type PromotionRow } from '../db/schema.js';
import type { ActivePromotion, PromotionKind } from './pricing.js';

/** A product as the gateway hands it to the cart: its id and, for `promotion`, the viewer's SKU prices (@requires). */
export interface ProductRef {
  id: string;
  skus?: ({ price?: { amount: number } | null } | null)[] | null;
}

export interface PromotionInput {
  name: string;
  kind: PromotionKind;
  value: number;
  productIds?: readonly string[] | null;
  startsAt?: string | null;
  endsAt?: string | null;
}

const MAX_PRODUCTS = 500;
const MAX_AMOUNT = 1_000_000_000;

/** A promotion row as the pricing arithmetic sees it. */
export const asActive = (row: PromotionRow): ActivePromotion & { row: PromotionRow } => ({
  id: row.id,
  name: row.name,
  kind: row.kind as PromotionKind,
  value: row.value,
  productIds: row.productIds,
  row,
});

/** Whether the promotion's window contains `now`. */
export const isActive = (row: PromotionRow, now = Date.now()) =>
  Date.parse(row.startsAt) <= now && (row.endsAt === null || Date.parse(row.endsAt) > now);

/** Promotions in force `at` that list any of `productIds` (a {@link uuidList}) or none (whole-cart ones), newest first. */
const activePromotions = new Statement((db) =>
  db
    .select()
    .from(promotions)
    .where(
      and(
        lte(promotions.startsAt, sql.placeholder('at')),
        or(isNull(promotions.endsAt), gt(promotions.endsAt, sql.placeholder('at'))),
        or(sql`cardinality(${promotions.productIds}) = 0`, sql`${promotions.productIds} && ${sql.placeholder('productIds')}::uuid[]`),
      ),
    )
    .orderBy(desc(promotions.id)),
);

/** Automatic promotions operators define (M12): validation, listing, and the ones in force. */
export class PromotionService {
  constructor(private readonly db: Db) {}

  /**
   * Creates a promotion: PERCENT 1–100 or AMOUNT > 0 minor units of the shop currency, off the
   * listed products or (none listed) the whole cart, from `startsAt` (default now) to `endsAt`
   * (after it, or open-ended). Every bad field is BAD_USER_INPUT naming it; nothing is written.
   */
  async create(operatorId: string, input: PromotionInput): Promise<PromotionRow> {
    const name = requiredText('name', input.name, 100);
    if (input.kind !== 'PERCENT' && input.kind !== 'AMOUNT') throw badInput('kind', 'kind must be PERCENT or AMOUNT');
    const value = input.kind === 'PERCENT' ? intInRange('value', input.value, 1, 100) : intInRange('value', input.value, 1, MAX_AMOUNT);
    const productIds = [...new Set(input.productIds ?? [])];
    if (productIds.length > MAX_PRODUCTS) throw badInput('productIds', `At most ${MAX_PRODUCTS} products`);
    if (productIds.some((id) => !isUuid(id))) throw badInput('productIds', 'productIds must be product ids');
    const startsAt = input.startsAt ? zonedTime('startsAt', input.startsAt) : new Date();
    const endsAt = input.endsAt ? zonedTime('endsAt', input.endsAt) : null;
    if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw badInput('endsAt', 'endsAt must be after startsAt');
    const [row] = await this.db
      .insert(promotions)
      .values({
        id: uuidv7(),
        name,
        kind: input.kind,
        value,
        productIds,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt?.toISOString() ?? null,
        createdBy: operatorId,
      })
      .returning();
    return row;
  }

  /** Newest first; `after` is the id of the last promotion of the previous page (ids sort by creation). */
  list(limit: number, after: string | null): Promise<PromotionRow[]> {
    return this.db
      .select()
      .from(promotions)
      .where(after ? lt(promotions.id, after) : undefined)
      .orderBy(desc(promotions.id))
      .limit(limit + 1);
  }

  /**
   * Promotions in force at `now` that can touch these products: those listing any of them and
   * the whole-cart ones; newest first (the order ties are broken in).
   */
  active(productIds: readonly string[], now = new Date()): Promise<PromotionRow[]> {
    return activePromotions.run(this.db, { at: now.toISOString(), productIds: uuidList([...new Set(productIds.filter(isUuid))]) });
  }
}
