import type { EventRegistry } from '@shop/platform';

/** Events the accounts service publishes (ARCHITECTURE.md event catalogue). */
export const AccountEvents = {
  /** A customer signed up. Payload: accountId, email, name, channels. */
  Registered: 'AccountRegistered',
  /** Roles, level or channels changed. Payload: accountId, roles, level, channels. */
  Updated: 'AccountUpdated',
} as const;

export function defineAccountEvents(registry: EventRegistry): void {
  registry.define(AccountEvents.Registered, 1).define(AccountEvents.Updated, 1);
}
