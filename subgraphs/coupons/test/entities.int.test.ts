/**
 * The coupons subgraph as other subgraphs reach it through the gateway (issue 5; MISSION S3):
 * the cart hands out Coupon references for `Cart.applicableCoupons`, and accounts hands out
 * Account references for `Account.coupons`. A customer resolves only coupons of their own wallet;
 * coupon staff resolve any.
 */
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphContext, uuidv7, type Identity, type Role, type Runtime, type SubgraphInstance } from '@shop/platform';
import { createTestEnvironment, createTestRuntime, type TestEnvironment } from '@shop/platform/testing';
import { CouponService } from '../src/domain/coupons.js';
import { createCouponsSubgraph } from '../src/subgraph.js';

let environment: TestEnvironment;
let runtime: Runtime;
let subgraph: SubgraphInstance;
let service: CouponService;

beforeAll(async () => {
  environment = await createTestEnvironment();
  runtime = await createTestRuntime(environment.env);
  subgraph = await createCouponsSubgraph(runtime);
  service = new CouponService({ db: runtime.database!.db, shopCurrency: runtime.config.SHOP_CURRENCY });
});

afterAll(async () => {
  await subgraph?.stop();
  await runtime?.close();
  await environment?.dispose();
});

const as = (accountId: string, ...roles: Role[]): Identity => ({ kind: 'account', accountId, roles: ['CUSTOMER', ...roles], level: 'REGULAR', jti: uuidv7(), exp: 2e9 });

async function entities(identity: Identity, representations: { __typename: string; id: string }[], selection: string) {
  const result = await execute({
    schema: subgraph.schema,
    document: parse(`query ($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`),
    variableValues: { representations },
    contextValue: createSubgraphContext(identity, 'test', runtime.log),
  });
  return {
    data: (result.data?._entities ?? null) as Record<string, unknown>[] | null,
    codes: (result.errors ?? []).map((e) => e.extensions.code),
  };
}

describe('Coupon references', () => {
  it('resolve for the owner of the wallet and for coupon staff only', async () => {
    const owner = uuidv7();
    const mine = await service.create(uuidv7(), { code: `REF-${uuidv7().slice(-12)}`, kind: 'PERCENT', value: 10 });
    const other = await service.create(uuidv7(), { code: `REF-${uuidv7().slice(-12)}`, kind: 'AMOUNT', value: 100 });
    await service.redeem(owner, mine.code);
    const refs = (...ids: string[]) => ids.map((id) => ({ __typename: 'Coupon', id }));
    const selection = '... on Coupon { id code }';

    expect(await entities(as(owner), refs(mine.id), selection)).toEqual({ data: [{ id: mine.id, code: mine.code }], codes: [] });
    const mixed = await entities(as(owner), refs(mine.id, other.id), selection);
    expect(mixed.data?.[0]).toEqual({ id: mine.id, code: mine.code });
    expect(mixed.data?.[1]).toBeNull();
    expect(mixed.codes).toEqual(['NOT_FOUND']);
    expect((await entities(as(uuidv7(), 'OPERATOR'), refs(mine.id, other.id), selection)).data).toHaveLength(2);
    expect((await entities({ kind: 'anonymous' }, refs(mine.id), selection)).codes).toEqual(['UNAUTHENTICATED']);
  });
});

describe('Account references', () => {
  it('give the wallet to the account itself and to OPERATOR or ADMIN', async () => {
    const owner = uuidv7();
    const coupon = await service.create(uuidv7(), { code: `ACC-${uuidv7().slice(-12)}`, kind: 'AMOUNT', value: 300 });
    await service.redeem(owner, coupon.code);
    const ref = [{ __typename: 'Account', id: owner }];
    const selection = '... on Account { id coupons { code } }';

    expect((await entities(as(owner), ref, selection)).data).toEqual([{ id: owner, coupons: [{ code: coupon.code }] }]);
    expect((await entities(as(uuidv7(), 'ADMIN'), ref, selection)).data).toEqual([{ id: owner, coupons: [{ code: coupon.code }] }]);
    expect((await entities(as(uuidv7()), ref, selection)).codes).toEqual(['FORBIDDEN']);
    expect((await entities(as(uuidv7(), 'SHIPPING_OPERATOR'), ref, selection)).codes).toEqual(['FORBIDDEN']);
  });
});
