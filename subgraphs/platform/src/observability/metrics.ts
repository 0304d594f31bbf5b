import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metric types, for services that register their own metrics on {@link Metrics.registry}. */
export { Counter, Gauge, Histogram } from 'prom-client';

/**
 * The process's Prometheus registry with the metrics the platform itself records. Domain code
 * registers its own metrics on `registry`.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'shop_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });

  readonly graphqlOperations = new Histogram({
    name: 'shop_graphql_operation_seconds',
    help: 'GraphQL operations at the gateway by operation type and outcome',
    labelNames: ['type', 'outcome'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly eventsPublished = new Counter({
    name: 'shop_events_published_total',
    help: 'Events published from an outbox',
    labelNames: ['service', 'type'] as const,
    registers: [this.registry],
  });

  readonly eventsHandled = new Counter({
    name: 'shop_events_handled_total',
    help: 'Events handled by a consumer, by outcome (applied, duplicate, stale, ignored, failed)',
    labelNames: ['consumer', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobWork = new Counter({
    name: 'shop_job_work_total',
    help: 'Work done by background jobs, by job and kind (e.g. cart.expiry expired); kind failed counts failed runs',
    labelNames: ['job', 'kind'] as const,
    registers: [this.registry],
  });

  readonly classFullShortcuts = new Counter({
    name: 'shop_cart_class_full_shortcuts_total',
    help: 'Seat holds the cart refused itself for a class it learnt is full (CLASS_FULL_CACHE_MS), by the code answered',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly gatedRefusals = new Counter({
    name: 'shop_gateway_gated_refusals_total',
    help: "Class holds the gateway's flash-sale gate answered with the cart's refusal, without the GraphQL pipeline, by the code answered",
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(defaultMetrics = true) {
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'shop_' });
  }
}
