import { timingSafeEqual } from 'node:crypto';
import { forbidden, unauthenticated } from '../errors.js';
import type { CustomerLevel, Role } from './roles.js';

/** Who is calling, as verified by the gateway. */
export type Identity =
  | { kind: 'anonymous' }
  | {
      kind: 'account';
      accountId: string;
      roles: Role[];
      level: CustomerLevel;
      /** The token's id and expiry, so the account service can revoke it on logOut. */
      jti: string;
      exp: number;
    };

export type AccountIdentity = Extract<Identity, { kind: 'account' }>;

export const ANONYMOUS: Identity = { kind: 'anonymous' };

/** What of a caller an answer shared between callers may depend on: level and roles, not the account. */
export function viewerClass(identity: Identity): string {
  return identity.kind === 'account' ? `${identity.level}:${[...identity.roles].sort().join(',')}` : 'anonymous';
}

/** Headers that carry the gateway's verdict to a subgraph. */
export const GATEWAY_SECRET_HEADER = 'x-shop-gateway-secret';
export const IDENTITY_HEADER = 'x-shop-identity';
export const REQUEST_ID_HEADER = 'x-request-id';

export function encodeIdentity(identity: Identity): string {
  return Buffer.from(JSON.stringify(identity)).toString('base64url');
}

export function decodeIdentity(header: string | undefined): Identity {
  if (!header) return ANONYMOUS;
  const value = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Identity;
  if (value.kind === 'account' && typeof value.accountId === 'string' && Array.isArray(value.roles)) return value;
  return ANONYMOUS;
}

/** Constant-time comparison of a presented secret with the expected one. */
export function secretMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hasRole(identity: Identity, ...roles: Role[]): boolean {
  return identity.kind === 'account' && (identity.roles.includes('ADMIN') || roles.some((r) => identity.roles.includes(r)));
}

/** The signed-in caller, or UNAUTHENTICATED. */
export function requireAccount(identity: Identity): AccountIdentity {
  if (identity.kind !== 'account') throw unauthenticated();
  return identity;
}

/** The signed-in caller holding one of `roles` (ADMIN always qualifies), or UNAUTHENTICATED/FORBIDDEN. */
export function requireRole(identity: Identity, ...roles: Role[]): AccountIdentity {
  const account = requireAccount(identity);
  if (!hasRole(account, ...roles)) throw forbidden(`Requires role ${roles.join(' or ')}`);
  return account;
}

/** Pub/sub channel on which the account service announces an account whose roles or level changed. */
export const ACCOUNT_CHANGED_CHANNEL = 'account-changed';
