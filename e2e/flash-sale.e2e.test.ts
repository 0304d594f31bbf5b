/**
 * A class flash sale through the gateway (issue 7; MISSION C1, C7) with the cart's full-class
 * shortcut on (CLASS_FULL_CACHE_MS): once the cart service learns a class is full, late holds
 * are refused by the cart with one read, and the answers stay exactly those inventory gives —
 * CLASS_FULL for a new swimmer, BAD_USER_INPUT for a swimmer already seated in the cart. The
 * seats themselves are still given only by inventory's conditional decrement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@shop/platform';
import {
  AddClassDocument,
  AddSwimmerDocument,
  CreateSwimClassDocument,
  GrantRoleDocument,
  LogInDocument,
  RemoveCartItemDocument,
  SignUpDocument,
  SwimClassDocument,
} from './__generated__/operations.js';
import { ADMIN, failure, ok, startTestSystem, uniqueEmail, type TestSystem } from './support/system.js';

let system: TestSystem;
let operator: string;

beforeAll(async () => {
  // Far longer than the test: only a seat given back through the cart may clear the mark.
  system = await startTestSystem({ CLASS_FULL_CACHE_MS: '60000' });
  const admin = ok(await system.gql(LogInDocument, ADMIN)).logIn.token;
  const staff = await customer();
  ok(await system.gql(GrantRoleDocument, { accountId: staff.id, role: 'OPERATOR' }, admin));
  operator = staff.token;
});
afterAll(() => system?.close());

async function customer() {
  const { token, account } = ok(await system.gql(SignUpDocument, { input: { email: uniqueEmail('flash'), password: 'correct horse', name: 'Parent' } })).signUp;
  return { id: account.id, token };
}

async function withSwimmer() {
  const account = await customer();
  const swimmer = ok(await system.gql(AddSwimmerDocument, { input: { name: 'Kid' } }, account.token)).addSwimmer;
  return { ...account, swimmerId: swimmer.id };
}

/** Holds of a class the cart answered itself, by code, from the gateway process's /metrics. */
async function shortcuts(): Promise<Record<string, number>> {
  const text = await (await fetch(`${system.url}/metrics`)).text();
  const count = (code: string) => Number(new RegExp(`^shop_cart_class_full_shortcuts_total\\{code="${code}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { CLASS_FULL: count('CLASS_FULL'), BAD_USER_INPUT: count('BAD_USER_INPUT') };
}

const hold = (who: { token: string; swimmerId: string }, classId: string) => system.gql(AddClassDocument, { classId, swimmerId: who.swimmerId }, who.token);
const seatsRemain = async (classId: string) => ok(await system.gql(SwimClassDocument, { id: classId })).swimClass!.seatsRemain;

describe('class flash sale with the full-class shortcut', () => {
  it('gives exactly the seats there are, then refuses late holds in the cart with the answers inventory gives', async () => {
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const { id: classId } = ok(
      await system.gql(CreateSwimClassDocument, { input: { title: `Flash ${uuidv7().slice(-5)}`, startsAt, seatsTotal: 3, price: { amount: 5000, currency: 'USD' } } }, operator),
    ).createSwimClass;
    const racers = await Promise.all(Array.from({ length: 15 }, () => withSwimmer()));

    const answers = await Promise.all(racers.map((r) => hold(r, classId)));
    const winners = racers.flatMap((r, i) => (answers[i].errors ? [] : [{ ...r, cart: ok(answers[i]).addClassToCart }]));
    expect(winners).toHaveLength(3);
    expect(answers.filter((a) => a.errors).map((a) => failure(a).code)).toEqual(Array(12).fill('CLASS_FULL'));
    expect(await seatsRemain(classId)).toBe(0);

    // The class is known full now (the last seat's hold said so): the cart answers by itself.
    const before = await shortcuts();
    const late = await Promise.all(Array.from({ length: 5 }, () => withSwimmer()));
    for (const answer of await Promise.all(late.map((c) => hold(c, classId)))) expect(failure(answer)).toMatchObject({ code: 'CLASS_FULL' });
    expect(failure(await hold(winners[0], classId))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'swimmerId' });
    const after = await shortcuts();
    expect(after.CLASS_FULL - before.CLASS_FULL).toBe(5);
    expect(after.BAD_USER_INPUT - before.BAD_USER_INPUT).toBe(1);
    expect(await seatsRemain(classId)).toBe(0);

    // A seat given back through the cart clears the mark at once: the next customer gets it.
    const [line] = winners[1].cart.items;
    ok(await system.gql(RemoveCartItemDocument, { itemId: line.id }, winners[1].token));
    expect(await seatsRemain(classId)).toBe(1);
    ok(await hold(late[0], classId));
    expect(await seatsRemain(classId)).toBe(0);
    expect((await shortcuts()).CLASS_FULL).toBe(after.CLASS_FULL);
  });
});
