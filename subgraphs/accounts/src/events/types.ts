import type { EventRegistry } from '@shop/platform';

/** Events the accounts service publishes (ARCHITECTURE.md event catalogue). */
export const AccountEvents = {
  /** A customer signed up. Payload: accountId, email, name, phone, channels, locale. */
  Registered: 'AccountRegistered',
  /** Roles, level, channels or locale changed. Payload: the contact fields of Registered, roles, level. */
  Updated: 'AccountUpdated',
} as const;

export function defineAccountEvents(registry: EventRegistry): void {
  registry.define(AccountEvents.Registered, 1).define(AccountEvents.Updated, 1);
}
