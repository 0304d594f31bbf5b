import type { InternalHandlers } from '@shop/platform';
import type { AccountService } from './domain/accounts.js';

/** Operations other services call on accounts directly (idempotent reads). */
export function accountsInternal(service: AccountService): InternalHandlers {
  return {
    /** Roles and level of an account, for the gateway's per-request identity; null if none. */
    identity: async ({ accountId }: { accountId: string }) => {
      const account = await service.byId(accountId);
      return account ? { roles: account.roles, level: account.level } : null;
    },
    /** An address of the account with whether it may be delivered to (checkout, S4). */
    address: async ({ accountId, addressId }: { accountId: string; addressId: string }) => {
      const [address] = await service.addressesByIds([addressId]);
      if (!address || address.accountId !== accountId) return null;
      return { ...address, blocked: service.blockedReason(address) };
    },
  };
}
