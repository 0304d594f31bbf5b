/**
 * Accounts through the gateway (issue: foundation; MISSION A2, M11 auth, S13 addresses): sign-up,
 * sign-in, me, log-out, roles, levels, addresses, swimmers, channels, and every bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountsDocument,
  AddAddressDocument,
  AddSwimmerDocument,
  GrantRoleDocument,
  LogInDocument,
  LogOutDocument,
  MeDocument,
  RevokeRoleDocument,
  SetCustomerLevelDocument,
  SetNotificationChannelsDocument,
  SignUpDocument,
  type AddressInput,
  type SignUpInput,
} from './__generated__/operations.js';
import { ADMIN, failure, ok, startTestSystem, uniqueEmail, type TestSystem } from './support/system.js';

let system: TestSystem;
let adminToken: string;

const address: AddressInput = {
  name: 'Ann Lee',
  line1: '1 Pool Street',
  city: 'Springfield',
  region: 'Central',
  country: 'us',
  postalCode: '12345',
};

async function signUp(overrides: Partial<SignUpInput> = {}) {
  const input = { email: uniqueEmail(), password: 'correct horse', name: 'Ann', ...overrides };
  return { input, ...ok(await system.gql(SignUpDocument, { input })).signUp };
}

beforeAll(async () => {
  system = await startTestSystem({ ADDRESS_BLACKLIST_REGIONS: 'Nowhere', ADDRESS_BLACKLIST_POSTAL_CODES: '99999' });
  adminToken = ok(await system.gql(LogInDocument, ADMIN)).logIn.token;
});
afterAll(() => system?.close());

describe('sign-up, sign-in, me, log-out', () => {
  it('signs up a customer and signs them in', async () => {
    const { input, token, account, expiresAt } = await signUp({ email: '  Mixed.Case@Example.COM ', phone: '+1 (555) 010-0000', channels: ['EMAIL', 'SMS'] });
    expect(account).toMatchObject({ email: 'mixed.case@example.com', name: 'Ann', roles: ['CUSTOMER'], level: 'REGULAR', phone: '+15550100000', channels: ['EMAIL', 'SMS'] });
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(ok(await system.gql(MeDocument, {}, token)).me?.id).toBe(account.id);

    const again = ok(await system.gql(LogInDocument, { email: 'MIXED.case@example.com', password: input.password })).logIn;
    expect(again.account.id).toBe(account.id);
    expect(again.token).not.toBe(token);
  });

  it('answers me with null when anonymous', async () => {
    expect(ok(await system.gql(MeDocument, {})).me).toBeNull();
  });

  it('revokes the token on log-out, and only that token', async () => {
    const { input, token } = await signUp();
    const other = ok(await system.gql(LogInDocument, { email: input.email, password: input.password })).logIn.token;
    expect(ok(await system.gql(LogOutDocument, {}, token)).logOut).toBe(true);
    const refused = await system.gql(MeDocument, {}, token);
    expect(refused.status).toBe(401);
    expect(failure(refused).code).toBe('UNAUTHENTICATED');
    expect(ok(await system.gql(MeDocument, {}, other)).me?.email).toBe(input.email);
  });

  it('refuses a wrong password, an unknown email, a forged token and a malformed header', async () => {
    const { input, token } = await signUp();
    expect(failure(await system.gql(LogInDocument, { email: input.email, password: 'wrong password' })).code).toBe('UNAUTHENTICATED');
    expect(failure(await system.gql(LogInDocument, { email: uniqueEmail('nobody'), password: 'whatever1' })).code).toBe('UNAUTHENTICATED');
    const [header, payload] = token.split('.');
    expect(failure(await system.gql(MeDocument, {}, `${header}.${payload}.forged-signature`)).code).toBe('UNAUTHENTICATED');
    const res = await fetch(`${system.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('limits sign-in attempts per email', async () => {
    const { input } = await signUp();
    for (let i = 0; i < 10; i++) {
      expect(failure(await system.gql(LogInDocument, { email: input.email, password: `wrong-${i}-pass` })).code).toBe('UNAUTHENTICATED');
    }
    const limited = failure(await system.gql(LogInDocument, { email: input.email, password: input.password }));
    expect(limited.code).toBe('RATE_LIMITED');
  });

  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ email: 'a@b' }, 'email'],
    [{ password: 'short' }, 'password'],
    [{ password: 'x'.repeat(129) }, 'password'],
    [{ name: '   ' }, 'name'],
    [{ name: 'n'.repeat(101) }, 'name'],
    [{ phone: 'call me' }, 'phone'],
    [{ phone: '123' }, 'phone'],
    [{ channels: ['SMS' as const] }, 'channels'],
  ])('refuses sign-up input %j with BAD_USER_INPUT on %s, creating nothing', async (bad, field) => {
    const email = uniqueEmail('bad');
    const result = failure(await system.gql(SignUpDocument, { input: { email, password: 'correct horse', name: 'Ann', ...bad } }));
    expect(result).toMatchObject({ code: 'BAD_USER_INPUT', field });
    if (!('email' in bad)) {
      expect(failure(await system.gql(LogInDocument, { email, password: 'correct horse' })).code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a second account with the same email', async () => {
    const { input } = await signUp();
    expect(failure(await system.gql(SignUpDocument, { input: { ...input, email: input.email.toUpperCase() } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'email',
    });
  });
});

describe('roles and levels', () => {
  it('lets only an ADMIN grant roles, and a grant takes effect on the next request', async () => {
    const customer = await signUp();
    const other = await signUp();
    expect(failure(await system.gql(GrantRoleDocument, { accountId: other.account.id, role: 'OPERATOR' }, customer.token)).code).toBe('FORBIDDEN');
    expect(failure(await system.gql(GrantRoleDocument, { accountId: other.account.id, role: 'OPERATOR' })).code).toBe('UNAUTHENTICATED');
    expect(failure(await system.gql(AccountsDocument, {}, customer.token)).code).toBe('FORBIDDEN');

    const granted = ok(await system.gql(GrantRoleDocument, { accountId: customer.account.id, role: 'ADMIN' }, adminToken)).grantRole;
    expect(granted.roles).toEqual(['CUSTOMER', 'ADMIN']);
    // The same token, no new sign-in: the gateway was told the roles changed.
    expect(ok(await system.gql(AccountsDocument, { first: 1 }, customer.token)).accounts.edges).toHaveLength(1);

    const revoked = ok(await system.gql(RevokeRoleDocument, { accountId: customer.account.id, role: 'ADMIN' }, adminToken)).revokeRole;
    expect(revoked.roles).toEqual(['CUSTOMER']);
    expect(failure(await system.gql(AccountsDocument, {}, customer.token)).code).toBe('FORBIDDEN');
  });

  it("answers the gateway's batched identity lookup: each account's roles and level, null for unknown ones", async () => {
    const vip = await signUp();
    ok(await system.gql(SetCustomerLevelDocument, { accountId: vip.account.id, level: 'VIP' }, adminToken));
    const plain = await signUp();
    const unknown = '01900000-0000-7000-8000-000000000001';
    const accounts = system.gateway.subgraphs.get('accounts')!;
    expect(await accounts.internal.identities({ accountIds: [vip.account.id, unknown, plain.account.id, 'not-a-uuid'] })).toEqual({
      [vip.account.id]: { roles: ['CUSTOMER'], level: 'VIP' },
      [unknown]: null,
      [plain.account.id]: { roles: ['CUSTOMER'], level: 'REGULAR' },
      'not-a-uuid': null,
    });
    await expect(accounts.internal.identities({ accountIds: Array.from({ length: 501 }, () => unknown) })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'accountIds' } });
  });

  it('refuses unknown accounts and the CUSTOMER role revocation', async () => {
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect(failure(await system.gql(GrantRoleDocument, { accountId: unknown, role: 'OPERATOR' }, adminToken)).code).toBe('NOT_FOUND');
    expect(failure(await system.gql(GrantRoleDocument, { accountId: 'not-a-uuid', role: 'OPERATOR' }, adminToken)).code).toBe('NOT_FOUND');
    const { account } = await signUp();
    expect(failure(await system.gql(RevokeRoleDocument, { accountId: account.id, role: 'CUSTOMER' }, adminToken))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });
  });

  it('sets the customer level (ADMIN only)', async () => {
    const { account, token } = await signUp();
    expect(failure(await system.gql(SetCustomerLevelDocument, { accountId: account.id, level: 'VIP' }, token)).code).toBe('FORBIDDEN');
    expect(ok(await system.gql(SetCustomerLevelDocument, { accountId: account.id, level: 'VIP' }, adminToken)).setCustomerLevel.level).toBe('VIP');
    expect(ok(await system.gql(MeDocument, {}, token)).me?.level).toBe('VIP');
  });

  it('pages through accounts newest first and finds them by fragment', async () => {
    const marker = `pager${Date.now().toString(36)}`;
    const created = [];
    for (let i = 0; i < 3; i++) created.push((await signUp({ email: uniqueEmail(marker) })).account.id);
    const first = ok(await system.gql(AccountsDocument, { search: marker, first: 2 }, adminToken)).accounts;
    expect(first.edges.map((e) => e.node.id)).toEqual([created[2], created[1]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = ok(await system.gql(AccountsDocument, { search: marker, first: 2, after: first.pageInfo.endCursor }, adminToken)).accounts;
    expect(second.edges.map((e) => e.node.id)).toEqual([created[0]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(failure(await system.gql(AccountsDocument, { first: 0 }, adminToken))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(failure(await system.gql(AccountsDocument, { first: 101 }, adminToken))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(failure(await system.gql(AccountsDocument, { after: 'garbage' }, adminToken))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('addresses, swimmers, channels', () => {
  it('adds a normalised address and lists it on me', async () => {
    const { token } = await signUp();
    const added = ok(await system.gql(AddAddressDocument, { input: { ...address, postalCode: ' ab1 2cd ', line2: '  ' } }, token)).addAddress;
    expect(added).toMatchObject({ country: 'US', postalCode: 'AB1 2CD', line2: null });
    expect(ok(await system.gql(MeDocument, {}, token)).me?.addresses.map((a) => a.id)).toEqual([added.id]);
  });

  it.each([
    [{ country: 'USA' }, 'country'],
    [{ postalCode: '!' }, 'postalCode'],
    [{ line1: '' }, 'line1'],
    [{ city: ' ' }, 'city'],
    [{ name: '' }, 'name'],
    [{ region: 'nowhere' }, 'region'],
    [{ postalCode: '99999' }, 'postalCode'],
    [{ phone: 'x' }, 'phone'],
  ])('refuses address %j with BAD_USER_INPUT on %s and keeps none', async (bad, field) => {
    const { token } = await signUp();
    expect(failure(await system.gql(AddAddressDocument, { input: { ...address, ...bad } }, token))).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(ok(await system.gql(MeDocument, {}, token)).me?.addresses).toEqual([]);
  });

  it('needs a signed-in caller for addresses', async () => {
    expect(failure(await system.gql(AddAddressDocument, { input: address })).code).toBe('UNAUTHENTICATED');
  });

  it('adds swimmers and refuses bad birth dates', async () => {
    const { token } = await signUp();
    const swimmer = ok(await system.gql(AddSwimmerDocument, { input: { name: 'Kid', birthDate: '2018-04-30' } }, token)).addSwimmer;
    expect(swimmer).toMatchObject({ name: 'Kid', birthDate: '2018-04-30' });
    for (const birthDate of ['2018-02-30', '30.04.2018', '2999-01-01']) {
      expect(failure(await system.gql(AddSwimmerDocument, { input: { name: 'Kid', birthDate } }, token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'birthDate' });
    }
    expect(ok(await system.gql(MeDocument, {}, token)).me?.swimmers.map((s) => s.id)).toEqual([swimmer.id]);
  });

  it('sets notification channels; SMS needs a phone', async () => {
    const withoutPhone = await signUp();
    expect(failure(await system.gql(SetNotificationChannelsDocument, { channels: ['SMS'] }, withoutPhone.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'channels' });
    expect(ok(await system.gql(MeDocument, {}, withoutPhone.token)).me?.channels).toEqual(['EMAIL']);
    const withPhone = await signUp({ phone: '+44 20 7946 0000' });
    expect(ok(await system.gql(SetNotificationChannelsDocument, { channels: ['SMS', 'SMS'] }, withPhone.token)).setNotificationChannels.channels).toEqual(['SMS']);
  });
});
