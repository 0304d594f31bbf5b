import {
  STAFF_ROLES,
  byKeys,
  connection,
  decodeCursor,
  encodeCursor,
  forbidden,
  hasRole,
  loader,
  notFound,
  pageSize,
  requireAccount,
  requireRole,
  type SubgraphContext,
} from '@shop/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { AccountRow } from '../db/schema.js';
import type { AccountService, AuthResult } from '../domain/accounts.js';

/** Thin resolvers: authorize, then call the account service. */
export function accountResolvers(service: AccountService): Resolvers {
  const accountLoader = (ctx: SubgraphContext) =>
    loader<string, AccountRow | null>(ctx, 'account', async (ids) => byKeys(ids, await service.byIds(ids), (r) => r.id));
  const groupLoader = <T extends { accountId: string }>(name: string, fetch: (ids: readonly string[]) => Promise<T[]>) =>
    (ctx: SubgraphContext) =>
      loader<string, T[]>(ctx, name, async (ids) => {
        const rows = await fetch(ids);
        return ids.map((id) => rows.filter((r) => r.accountId === id));
      });
  const addressesLoader = groupLoader('addressesByAccount', (ids) => service.addressesOf(ids));
  const swimmersLoader = groupLoader('swimmersByAccount', (ids) => service.swimmersOf(ids));

  /** Accounts returned by signUp/logIn: the caller is that account, though the request came without a token. */
  const justSignedIn = new WeakSet<AccountRow>();
  const signedIn = (result: AuthResult) => {
    justSignedIn.add(result.account);
    return result;
  };

  /** Private parts of an account: the account itself and staff only. */
  const ownOrStaff = (ctx: SubgraphContext, account: AccountRow) => {
    if (justSignedIn.has(account)) return;
    const caller = requireAccount(ctx.identity);
    if (caller.accountId !== account.id && !hasRole(caller, ...STAFF_ROLES)) throw forbidden('Not your account');
  };

  return {
    Query: {
      me: (_, __, ctx) => (ctx.identity.kind === 'account' ? accountLoader(ctx).load(ctx.identity.accountId) : null),
      account: (_, { id }, ctx) => {
        requireRole(ctx.identity, ...STAFF_ROLES);
        return accountLoader(ctx).load(id);
      },
      accounts: async (_, { search, first, after }, ctx) => {
        requireRole(ctx.identity, 'ADMIN');
        const limit = pageSize(first);
        const cursor = decodeCursor(after, 2) as [string, string] | null;
        const rows = await service.list(search, limit, cursor);
        return connection(rows, limit, (r) => encodeCursor([r.createdAt, r.id]));
      },
    },
    Mutation: {
      signUp: async (_, { input }) => signedIn(await service.signUp(input)),
      logIn: async (_, { email, password }) => signedIn(await service.logIn(email, password)),
      logOut: (_, __, ctx) => service.logOut(requireAccount(ctx.identity)),
      grantRole: (_, { accountId, role }, ctx) => {
        requireRole(ctx.identity, 'ADMIN');
        return service.grantRole(accountId, role);
      },
      revokeRole: (_, { accountId, role }, ctx) => {
        const admin = requireRole(ctx.identity, 'ADMIN');
        if (admin.accountId === accountId && role === 'ADMIN') throw forbidden('An admin cannot revoke their own ADMIN role');
        return service.revokeRole(accountId, role);
      },
      setCustomerLevel: (_, { accountId, level }, ctx) => {
        requireRole(ctx.identity, 'ADMIN');
        return service.setLevel(accountId, level);
      },
      addAddress: (_, { input }, ctx) => service.addAddress(requireAccount(ctx.identity).accountId, input),
      addSwimmer: (_, { input }, ctx) => service.addSwimmer(requireAccount(ctx.identity).accountId, input),
      setNotificationChannels: (_, { channels }, ctx) =>
        service.setChannels(requireAccount(ctx.identity).accountId, channels),
      setLocale: (_, { locale }, ctx) => service.setLocale(requireAccount(ctx.identity).accountId, locale),
    },
    Account: {
      __resolveReference: async (ref, ctx) => {
        const account = await accountLoader(ctx).load(ref.id);
        if (!account) throw notFound('Account');
        return account;
      },
      email: (account, _, ctx) => {
        ownOrStaff(ctx, account);
        return account.email;
      },
      phone: (account, _, ctx) => {
        ownOrStaff(ctx, account);
        return account.phone;
      },
      roles: (account, _, ctx) => {
        ownOrStaff(ctx, account);
        return account.roles as AccountRow['roles'] as never;
      },
      level: (account, _, ctx) => {
        ownOrStaff(ctx, account);
        return account.level as never;
      },
      channels: (account, _, ctx) => {
        ownOrStaff(ctx, account);
        return account.channels as never;
      },
      locale: (account, _, ctx) => {
        ownOrStaff(ctx, account);
        return account.locale as never;
      },
      addresses: (account, _, ctx) => {
        ownOrStaff(ctx, account);
        return addressesLoader(ctx).load(account.id);
      },
      swimmers: (account, _, ctx) => {
        ownOrStaff(ctx, account);
        return swimmersLoader(ctx).load(account.id);
      },
    },
    Address: {
      __resolveReference: async (ref, ctx) => {
        const [row] = await service.addressesByIds([ref.id]);
        if (!row) throw notFound('Address');
        const caller = requireAccount(ctx.identity);
        if (row.accountId !== caller.accountId && !hasRole(caller, ...STAFF_ROLES)) throw forbidden('Not your address');
        return row;
      },
    },
    Swimmer: {
      __resolveReference: async (ref) => {
        const [row] = await service.swimmersByIds([ref.id]);
        if (!row) throw notFound('Swimmer');
        return row;
      },
    },
  };
}
