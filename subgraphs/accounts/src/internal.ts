import { MAX_IDENTITIES, badInput, type AccountAddress, type AccountProfile, type InternalHandlers, type SwimmerRef } from '@shop/platform';
import type { AccountService } from './domain/accounts.js';

/** Operations other services call on accounts directly (idempotent reads; contracts/accounts.ts). */
export function accountsInternal(service: AccountService): InternalHandlers {
  return {
    /** Roles and level of an account, for the gateway's per-request identity; null if none. */
    identity: async ({ accountId }: { accountId: string }) => {
      const account = await service.byId(accountId);
      return account ? { roles: account.roles, level: account.level } : null;
    },
    /** Roles and level of each account asked for (null for none): the gateway's identities, batched. */
    identities: async ({ accountIds }: { accountIds: string[] }): Promise<Record<string, AccountProfile | null>> => {
      if (!Array.isArray(accountIds) || accountIds.some((id) => typeof id !== 'string')) throw badInput('accountIds', 'accountIds must be a list of ids');
      if (accountIds.length > MAX_IDENTITIES) throw badInput('accountIds', `At most ${MAX_IDENTITIES} accounts at a time`);
      const found = new Map((await service.byIds(accountIds)).map((a) => [a.id, { roles: a.roles, level: a.level } as AccountProfile]));
      return Object.fromEntries(accountIds.map((id) => [id, found.get(id) ?? null]));
    },
    /** An address of the account with whether it may be delivered to (checkout, S4). */
    address: async ({ accountId, addressId }: { accountId: string; addressId: string }): Promise<AccountAddress | null> => {
      const address = await service.addressOf(accountId, addressId);
      if (!address) return null;
      return { ...address, blocked: service.blockedReason(address) };
    },
    /** A swimmer of the account (class holds, C1); null when it is not theirs. */
    swimmer: async ({ accountId, swimmerId }: { accountId: string; swimmerId: string }): Promise<SwimmerRef | null> => {
      const swimmer = await service.swimmerOf(accountId, swimmerId);
      if (!swimmer) return null;
      return { id: swimmer.id, name: swimmer.name, accountId: swimmer.accountId };
    },
  };
}
