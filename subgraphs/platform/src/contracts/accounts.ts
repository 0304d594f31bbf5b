import type { CustomerLevel, Role } from '../auth/roles.js';

/**
 * accounts internal operations (read-only, idempotent):
 * - `identity({ accountId }) -> { roles, level } | null`: roles and level of one account.
 * - `identities({ accountIds }) -> { [accountId]: { roles, level } | null }`: the same for up to
 *   {@link MAX_IDENTITIES} accounts at once (the gateway's per-request identity, batched).
 * - `address({ accountId, addressId }) -> AccountAddress | null`: an address of that account.
 * - `swimmer({ accountId, swimmerId }) -> { id, name, accountId } | null`: a swimmer of that account.
 */
export const AccountOps = {
  identity: 'identity',
  identities: 'identities',
  address: 'address',
  swimmer: 'swimmer',
} as const;

/** Accounts one `identities` call may ask for. */
export const MAX_IDENTITIES = 500;

/** What the gateway needs of an account on each request. */
export interface AccountProfile {
  roles: Role[];
  level: CustomerLevel;
}

export interface AccountAddress {
  id: string;
  accountId: string;
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string;
  country: string;
  postalCode: string;
  phone: string | null;
  /** Why this address may not be delivered to (blacklist, S4: the field at fault and a message), or null. */
  blocked: { field: string; message: string } | null;
}

export interface SwimmerRef {
  id: string;
  name: string;
  accountId: string;
}
