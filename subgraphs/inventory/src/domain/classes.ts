import { and, asc, eq, gt, or } from 'drizzle-orm';
import { anyUuid, badInput, intInRange, iso, isUuid, requiredText, uuidv7, zonedTime, type ClassQuote, type Db, type Money } from '@shop/platform';
import { swimClasses, type SwimClassRow } from '../db/schema.js';
import { money } from './validation.js';

export interface SwimClassInput {
  title: string;
  startsAt: string;
  seatsTotal: number;
  price: Money;
}

const MAX_SEATS = 1000;
const MAX_QUOTE = 500;

/** Swim classes (C1): creation and reads. Seats move through the SeatLedger, registrations through the RegistrationService. */
export class ClassService {
  constructor(private readonly db: Db) {}

  async create(input: SwimClassInput): Promise<SwimClassRow> {
    const title = requiredText('title', input.title, 200);
    const startsAt = zonedTime('startsAt', input.startsAt).toISOString();
    const seatsTotal = intInRange('seatsTotal', input.seatsTotal, 1, MAX_SEATS);
    const price = money('price', input.price);
    const [row] = await this.db
      .insert(swimClasses)
      .values({ id: uuidv7(), title, startsAt, seatsTotal, seatsRemain: seatsTotal, priceAmount: price.amount, currency: price.currency })
      .returning();
    return row;
  }

  /** The cart's view of classes (contracts/inventory.ts `classQuote`), one query for the batch; unknown classes are left out. */
  async quote(classIds: readonly string[]): Promise<ClassQuote[]> {
    if (!Array.isArray(classIds) || classIds.some((id) => typeof id !== 'string')) throw badInput('classIds', 'classIds must be a list of ids');
    if (classIds.length > MAX_QUOTE) throw badInput('classIds', `At most ${MAX_QUOTE} classes per quote`);
    return (await this.byIds([...new Set(classIds)])).map((c) => ({
      classId: c.id,
      title: c.title,
      startsAt: iso(c.startsAt),
      price: { amount: c.priceAmount, currency: c.currency },
      seatsRemain: c.seatsRemain,
    }));
  }

  async byIds(ids: readonly string[]): Promise<SwimClassRow[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.db.select().from(swimClasses).where(anyUuid(swimClasses.id, valid)) : [];
  }

  /** By start time, then id; `after` is the [startsAt, id] of the last class of the previous page. */
  list(limit: number, after: [string, string] | null): Promise<SwimClassRow[]> {
    return this.db
      .select()
      .from(swimClasses)
      .where(after ? or(gt(swimClasses.startsAt, after[0]), and(eq(swimClasses.startsAt, after[0]), gt(swimClasses.id, after[1]))) : undefined)
      .orderBy(asc(swimClasses.startsAt), asc(swimClasses.id))
      .limit(limit + 1);
  }
}
