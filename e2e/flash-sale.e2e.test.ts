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

/** A counter by code from the gateway process's /metrics. */
async function byCode(metric: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${system.url}/metrics`)).text();
  const count = (code: string) => Number(new RegExp(`^${metric}\\{code="${code}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { CLASS_FULL: count('CLASS_FULL'), BAD_USER_INPUT: count('BAD_USER_INPUT') };
}
/** Holds of a class the cart answered itself. */
const shortcuts = () => byCode('shop_cart_class_full_shortcuts_total');
/** Holds the gateway's flash-sale gate answered with the cart's refusal, without the pipeline. */
const gated = () => byCode('shop_gateway_gated_refusals_total');

/** The answer exactly as sent: status, content type and body bytes. */
async function rawAnswer(body: unknown, token?: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${system.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
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
    // Asked together, so that the cart reads them in one batch: each gets its own answer.
    const [seatedAgain, ...lateAnswers] = await Promise.all([hold(winners[0], classId), ...late.map((c) => hold(c, classId))]);
    for (const answer of lateAnswers) expect(failure(answer)).toMatchObject({ code: 'CLASS_FULL' });
    expect(failure(seatedAgain)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'swimmerId' });
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

  it("answers late holds at the gateway with the very bytes the pipeline sends, and only plain holds of a class it heard is full", async () => {
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const { id: classId } = ok(
      await system.gql(CreateSwimClassDocument, { input: { title: `Gate ${uuidv7().slice(-5)}`, startsAt, seatsTotal: 1, price: { amount: 5000, currency: 'USD' } } }, operator),
    ).createSwimClass;
    const [seated, late] = await Promise.all([withSwimmer(), withSwimmer()]);
    const HOLD = 'mutation Hold($classId: ID!, $swimmerId: ID!) { addClassToCart(classId: $classId, swimmerId: $swimmerId) { id state items { id } } }';
    const body = (who: { swimmerId: string }) => ({ query: HOLD, variables: { classId, swimmerId: who.swimmerId } });
    ok(await hold(seated, classId));

    // Through the pipeline: nobody has answered CLASS_FULL for this class yet.
    const before = await gated();
    const seatedByPipeline = await rawAnswer(body(seated), seated.token);
    const lateByPipeline = await rawAnswer(body(late), late.token);
    expect(JSON.parse(seatedByPipeline.text).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'swimmerId' });
    expect(JSON.parse(lateByPipeline.text).errors[0].extensions).toMatchObject({ code: 'CLASS_FULL', classId });
    expect(await gated()).toEqual(before);

    // That CLASS_FULL taught the gateway: the same requests now get the same bytes from the gate,
    // also when they come together (the cart is asked for their refusals in one call).
    const [seatedByGate, lateByGate, aliased] = await Promise.all([
      rawAnswer(body(seated), seated.token),
      rawAnswer(body(late), late.token),
      rawAnswer({ query: `mutation { seat: addClassToCart(classId: "${classId}", swimmerId: "${late.swimmerId}") { id } }` }, late.token),
    ]);
    expect(seatedByGate).toEqual(seatedByPipeline);
    expect(lateByGate).toEqual(lateByPipeline);
    expect(JSON.parse(aliased.text)).toEqual({ errors: [{ ...JSON.parse(lateByPipeline.text).errors[0], path: ['seat'] }], data: null });
    const afterGate = await gated();
    expect(afterGate.CLASS_FULL - before.CLASS_FULL).toBe(2);
    expect(afterGate.BAD_USER_INPUT - before.BAD_USER_INPUT).toBe(1);

    // Anything else goes through the pipeline as always: another field beside the hold, no sign-in.
    const withTypename = await rawAnswer({ query: HOLD.replace('{ addClassToCart', '{ __typename addClassToCart'), variables: body(late).variables }, late.token);
    expect(withTypename).toEqual(lateByPipeline);
    expect(failure(JSON.parse((await rawAnswer(body(late))).text))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await gated()).toEqual(afterGate);
  });
});
