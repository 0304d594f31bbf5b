/**
 * Coupons through the gateway (issue 5; MISSION S3, M11 promo codes): operators create coupons
 * (each bad input is BAD_USER_INPUT naming its field, and creates nothing), customers redeem
 * codes into their wallet (unknown, expired and used-up codes are COUPON_INVALID with the
 * reason), and the wallet shows as `Account.coupons` to its owner and to staff who manage coupons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@shop/platform';
import {
  AccountCouponsDocument,
  CouponsDocument,
  CreateCouponDocument,
  GrantRoleDocument,
  LogInDocument,
  MyCouponsDocument,
  RedeemCouponDocument,
  SignUpDocument,
  type CouponInput,
  type Role,
} from './__generated__/operations.js';
import { ADMIN, failure, ok, startTestSystem, uniqueEmail, type GraphQLResponse, type TestSystem } from './support/system.js';

let system: TestSystem;
let admin: string;
let operator: { id: string; token: string };
let stockOperator: { id: string; token: string };
let ann: { id: string; token: string };
let bob: { id: string; token: string };

async function account(role?: Role) {
  const { token, account } = ok(
    await system.gql(SignUpDocument, { input: { email: uniqueEmail(role?.toLowerCase() ?? 'customer'), password: 'correct horse', name: 'Someone' } }),
  ).signUp;
  if (role) ok(await system.gql(GrantRoleDocument, { accountId: account.id, role }, admin));
  return { id: account.id, token };
}

beforeAll(async () => {
  system = await startTestSystem({ SHOP_CURRENCY: 'USD' });
  admin = ok(await system.gql(LogInDocument, ADMIN)).logIn.token;
  [operator, stockOperator, ann, bob] = await Promise.all([account('OPERATOR'), account('STOCK_OPERATOR'), account(), account()]);
});
afterAll(() => system?.close());

let seq = 0;
const uniqueCode = (prefix = 'E2E') => `${prefix}-${Date.now().toString(36)}-${seq++}`.toUpperCase();
const usd = (amount: number) => ({ amount, currency: 'USD' });
const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

const create = async (input: Partial<CouponInput> = {}) =>
  ok(await system.gql(CreateCouponDocument, { input: { code: uniqueCode(), kind: 'AMOUNT', value: 500, ...input } }, operator.token)).createCoupon;
const allCodes = async () => ok(await system.gql(CouponsDocument, {}, operator.token)).coupons.map((c) => c.code);
const reason = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.reason;

describe('createCoupon', () => {
  it('stores the code upper-case with the terms given', async () => {
    const code = uniqueCode('summer');
    const created = await create({
      code: code.toLowerCase(),
      kind: 'PERCENT',
      value: 15,
      minSubtotal: usd(5_000),
      startsAt: '2026-01-01T00:00:00+01:00',
      endsAt: '2036-01-01T00:00:00Z',
      maxUses: 100,
      perCustomerLimit: 2,
      region: 'Bavaria',
    });
    expect(created).toMatchObject({
      code,
      kind: 'PERCENT',
      value: 15,
      minSubtotal: usd(5_000),
      startsAt: '2025-12-31T23:00:00.000Z',
      endsAt: '2036-01-01T00:00:00.000Z',
      maxUses: 100,
      usesRemaining: 100,
      perCustomerLimit: 2,
      region: 'Bavaria',
    });
    expect(await allCodes()).toContain(code);
  });

  it('refuses each bad input with BAD_USER_INPUT naming the field, and creates nothing', async () => {
    const taken = await create();
    const cases: [Partial<CouponInput>, string][] = [
      [{ code: 'ab' }, 'code'],
      [{ code: 'two words' }, 'code'],
      [{ code: taken.code.toLowerCase() }, 'code'],
      [{ kind: 'PERCENT', value: 0 }, 'value'],
      [{ kind: 'PERCENT', value: 101 }, 'value'],
      [{ kind: 'AMOUNT', value: 0 }, 'value'],
      [{ kind: 'AMOUNT', value: -100 }, 'value'],
      [{ minSubtotal: { amount: 1_000, currency: 'EUR' } }, 'minSubtotal.currency'],
      [{ minSubtotal: usd(-1) }, 'minSubtotal.amount'],
      [{ startsAt: 'next monday' }, 'startsAt'],
      [{ startsAt: hours(2), endsAt: hours(1) }, 'endsAt'],
      [{ startsAt: hours(1), endsAt: hours(1) }, 'endsAt'],
      [{ maxUses: 0 }, 'maxUses'],
      [{ perCustomerLimit: 0 }, 'perCustomerLimit'],
    ];
    const before = await allCodes();
    const tried: string[] = [];
    for (const [bad, field] of cases) {
      const code = bad.code ?? uniqueCode('bad');
      tried.push(code.toUpperCase());
      const response = await system.gql(CreateCouponDocument, { input: { code, kind: 'AMOUNT', value: 500, ...bad } }, operator.token);
      expect([failure(response).code, failure(response).field], JSON.stringify(bad)).toEqual(['BAD_USER_INPUT', field]);
    }
    const after = await allCodes();
    expect(after).toEqual(before);
    expect(after.filter((c) => c === taken.code)).toHaveLength(1);
  });

  it('is for OPERATOR and ADMIN only, as is the list of coupons', async () => {
    const input: CouponInput = { code: uniqueCode('role'), kind: 'AMOUNT', value: 100 };
    expect(failure(await system.gql(CreateCouponDocument, { input })).code).toBe('UNAUTHENTICATED');
    expect(failure(await system.gql(CreateCouponDocument, { input }, ann.token)).code).toBe('FORBIDDEN');
    expect(failure(await system.gql(CreateCouponDocument, { input }, stockOperator.token)).code).toBe('FORBIDDEN');
    expect(await allCodes()).not.toContain(input.code);
    expect(ok(await system.gql(CreateCouponDocument, { input }, admin)).createCoupon.code).toBe(input.code);

    expect(failure(await system.gql(CouponsDocument, {}, ann.token)).code).toBe('FORBIDDEN');
    expect(failure(await system.gql(CouponsDocument, {})).code).toBe('UNAUTHENTICATED');
    expect(ok(await system.gql(CouponsDocument, {}, admin)).coupons.map((c) => c.code)).toContain(input.code);
  });

  it('pages the list by code when asked to', async () => {
    const prefix = uniqueCode('page');
    for (const suffix of ['A', 'B', 'C']) await create({ code: `${prefix}-${suffix}` });
    const everything = await allCodes();
    const start = everything.indexOf(`${prefix}-A`);
    const page = ok(await system.gql(CouponsDocument, { first: 2, after: everything[start - 1] ?? null }, operator.token)).coupons;
    expect(page.map((c) => c.code)).toEqual([`${prefix}-A`, `${prefix}-B`]);
    const next = ok(await system.gql(CouponsDocument, { first: 2, after: `${prefix}-b` }, operator.token)).coupons;
    expect(next[0].code).toBe(`${prefix}-C`);
    expect(failure(await system.gql(CouponsDocument, { first: 0 }, operator.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('redeemCoupon', () => {
  it('puts a code typed in any case into the wallet, once', async () => {
    const coupon = await create({ maxUses: 5 });
    const first = ok(await system.gql(RedeemCouponDocument, { code: ` ${coupon.code.toLowerCase()} ` }, ann.token)).redeemCoupon;
    expect(first).toEqual(coupon);
    const again = ok(await system.gql(RedeemCouponDocument, { code: coupon.code }, ann.token)).redeemCoupon;
    expect(again.id).toBe(coupon.id);
    const wallet = ok(await system.gql(MyCouponsDocument, {}, ann.token)).me!.coupons;
    expect(wallet.filter((c) => c.id === coupon.id)).toHaveLength(1);
    expect(wallet[0].id).toBe(coupon.id);
  });

  it('refuses unknown, expired and used-up codes with the reason', async () => {
    const unknown = await system.gql(RedeemCouponDocument, { code: 'NO-SUCH-COUPON' }, ann.token);
    expect([failure(unknown).code, reason(unknown)]).toEqual(['COUPON_INVALID', 'UNKNOWN']);

    const over = await create({ startsAt: hours(-48), endsAt: hours(-24) });
    const expired = await system.gql(RedeemCouponDocument, { code: over.code }, ann.token);
    expect([failure(expired).code, reason(expired)]).toEqual(['COUPON_INVALID', 'EXPIRED']);
    expect(failure(expired).message).toContain('expired');

    // The one use taken by another customer's checkout (the orders service reserves it this way).
    const single = await create({ maxUses: 1 });
    ok(await system.gql(RedeemCouponDocument, { code: single.code }, bob.token));
    await system.gateway.runtime.internal.call('coupons', 'reserve', {
      orderId: uuidv7(),
      accountId: bob.id,
      codes: [single.code],
      subtotal: usd(10_000),
      lines: [],
      region: null,
    });
    const exhausted = await system.gql(RedeemCouponDocument, { code: single.code }, ann.token);
    expect([failure(exhausted).code, reason(exhausted)]).toEqual(['COUPON_INVALID', 'EXHAUSTED']);

    const codes = ok(await system.gql(MyCouponsDocument, {}, ann.token)).me!.coupons.map((c) => c.code);
    expect(codes).not.toContain(over.code);
    expect(codes).not.toContain(single.code);
    expect(failure(await system.gql(RedeemCouponDocument, { code: 'ANY-CODE' })).code).toBe('UNAUTHENTICATED');
    expect(failure(await system.gql(RedeemCouponDocument, { code: '  ' }, ann.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('keeps a coupon that has not started yet for later', async () => {
    const later = await create({ startsAt: hours(24) });
    expect(ok(await system.gql(RedeemCouponDocument, { code: later.code }, bob.token)).redeemCoupon.id).toBe(later.id);
  });
});

describe('Account.coupons', () => {
  it('shows a wallet to its owner and to OPERATOR or ADMIN, and to nobody else', async () => {
    const carol = await account();
    const coupon = await create();
    ok(await system.gql(RedeemCouponDocument, { code: coupon.code }, carol.token));

    expect(ok(await system.gql(MyCouponsDocument, {}, carol.token)).me!.coupons.map((c) => c.id)).toEqual([coupon.id]);
    expect(ok(await system.gql(MyCouponsDocument, {}, bob.token)).me!.coupons.map((c) => c.id)).not.toContain(coupon.id);
    expect(ok(await system.gql(AccountCouponsDocument, { id: carol.id }, operator.token)).account!.coupons.map((c) => c.code)).toEqual([coupon.code]);
    expect(ok(await system.gql(AccountCouponsDocument, { id: carol.id }, admin)).account!.coupons).toHaveLength(1);
    // Staff who may read the account but do not manage coupons.
    const refused = await system.gql(AccountCouponsDocument, { id: carol.id }, stockOperator.token);
    expect(failure(refused).code).toBe('FORBIDDEN');
    expect(refused.errors![0].path).toEqual(['account', 'coupons']);
  });
});
