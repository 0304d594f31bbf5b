/**
 * accounts internal operations (read-only, idempotent):
 * - `identity({ accountId }) -> { roles, level } | null`: the gateway's per-request identity.
 * - `address({ accountId, addressId }) -> AccountAddress | null`: an address of that account.
 * - `swimmer({ accountId, swimmerId }) -> { id, name, accountId } | null`: a swimmer of that account.
 */
export const AccountOps = {
  identity: 'identity',
  address: 'address',
  swimmer: 'swimmer',
} as const;

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
