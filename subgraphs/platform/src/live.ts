/**
 * Pub/sub channels that carry live updates from the services to every gateway's subscription
 * layer. Messages are small JSON pointers; the gateway reads the rest through the supergraph.
 */
export const LiveChannels = {
  /** `{ id, seq }` of each new notification of the account. */
  notifications: (accountId: string) => `live:notifications:${accountId}`,
} as const;
