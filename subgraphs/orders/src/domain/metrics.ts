import { Counter, Histogram, type Metrics } from '@shop/platform';

/** The orders service's own metrics (L7), on the process registry. */
export class OrderMetrics {
  /** Orders by status: every status change, by the status left and the one reached. */
  readonly transitions: Counter<'from' | 'to'>;
  /** Checkout latency by outcome (OK or the error code). */
  readonly checkoutSeconds: Histogram<'outcome'>;

  constructor(registry: Metrics['registry']) {
    this.transitions = new Counter({
      name: 'shop_order_transitions_total',
      help: 'Order status changes, by the status left (NONE for a new order) and the status reached',
      labelNames: ['from', 'to'] as const,
      registers: [registry],
    });
    this.checkoutSeconds = new Histogram({
      name: 'shop_checkout_seconds',
      help: 'Checkout latency, by outcome (OK or the error code)',
      labelNames: ['outcome'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }
}
