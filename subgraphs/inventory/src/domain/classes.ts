import { and, asc, eq, gt, or } from 'drizzle-orm';
import { badInput, isUuid, requiredText, uuidv7, type ClassQuote, type Db } from '@shop/platform';
import { classStudents, swimClasses, type SwimClassRow } from '../db/schema.js';
import { anyUuid } from '../db/sql.js';
import { intInRange, iso, money, zonedTime, type Money } from './validation.js';

export interface SwimClassInput {
  title: string;
  startsAt: string;
  seatsTotal: number;
  price: Money;
}

const MAX_SEATS = 1000;
const MAX_QUOTE = 500;

/** Swim classes (C1): seats and students. Seat holds and registrations arrive with class registration. */
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

  /** Student swimmer ids of each class, in registration order. */
  studentsOf(classIds: readonly string[]): Promise<{ classId: string; swimmerId: string }[]> {
    return this.db
      .select({ classId: classStudents.classId, swimmerId: classStudents.swimmerId })
      .from(classStudents)
      .where(anyUuid(classStudents.classId, classIds))
      .orderBy(asc(classStudents.registeredAt), asc(classStudents.swimmerId));
  }

  /** The classes each swimmer is a student of, by start time. */
  async classesOf(swimmerIds: readonly string[]): Promise<{ swimmerId: string; swimClass: SwimClassRow }[]> {
    const valid = swimmerIds.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.db
      .select({ swimmerId: classStudents.swimmerId, swimClass: swimClasses })
      .from(classStudents)
      .innerJoin(swimClasses, eq(swimClasses.id, classStudents.classId))
      .where(anyUuid(classStudents.swimmerId, valid))
      .orderBy(asc(swimClasses.startsAt), asc(swimClasses.id));
    return rows;
  }
}
