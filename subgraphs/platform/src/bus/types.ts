import type { EventEnvelope } from '../events/envelope.js';

/** Handles one delivered event. Resolving acknowledges it; throwing leaves it for redelivery. */
export type EventHandler = (event: EventEnvelope) => Promise<void>;

export interface SubscribeOptions {
  /**
   * The consumer group, normally the subscribing service's name: every group receives each
   * event, and within a group each event goes to one subscriber (competing consumers).
   */
  group: string;
  /** Event types to receive. */
  types: string[];
  handler: EventHandler;
}

export interface BusSubscription {
  /** Stops receiving; unacknowledged events go to another subscriber of the group later. */
  close(): Promise<void>;
}

/**
 * The event stream between services: at-least-once delivery per consumer group, redelivery of
 * events whose handler failed or whose subscriber went away, and a dead-letter record after
 * `maxDeliveries` attempts. Consumers make handling idempotent with the inbox.
 */
export interface EventBus {
  readonly kind: 'memory' | 'redis';
  publish(event: EventEnvelope): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<BusSubscription>;
  /** Resolves when the bus is reachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface BusOptions {
  /** How long a delivered but unacknowledged event waits before it is delivered again. */
  claimIdleMs: number;
  /** Deliveries after which an event is moved aside as dead and acknowledged. */
  maxDeliveries: number;
}
