import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { CATALOGUE_CHANGED_CHANNEL, Counter, viewerClass, type Metrics, type PubSub } from '@shop/platform';
import type { GatewayContext } from './data-sources.js';

/**
 * Root fields whose answers may be shared between viewers of the same customer level and roles:
 * the public catalogue. Every field reachable under them must depend on nothing else of the
 * viewer (prices depend on the level, `realStock` and `students` on roles); a field that
 * depends on the account itself must not be added below these roots.
 */
export const CATALOGUE_ROOT_FIELDS: ReadonlySet<string> = new Set(['products', 'product', 'swimClasses', 'swimClass']);

const MAX_ENTRIES = 2000;
const LOOKUPS_METRIC = 'shop_catalogue_cache_lookups_total';

interface Entry {
  body: GraphQLResponse['body'];
  expiresAt: number;
}

export interface CatalogueCacheOptions {
  /** How long an answer is served from memory; 0 turns the cache off. */
  ttlMs: number;
  pubsub: PubSub;
  metrics: Metrics;
}

/**
 * A short-lived response cache for catalogue reads at the gateway (O2, M12: the catalogue is by
 * far the most read page). Answers are keyed by the operation text, variables and the viewer's
 * level and roles. A mutation through any gateway empties every gateway's cache at once (pub/sub)
 * — unless it was refused outright (errors and no field answered: it changed nothing; a flash
 * sale refuses hundreds per second),
 * and so does inventory after each batch of its events (bookings, releases, seat changes made by
 * webhooks and jobs), so operators and buyers read their own writes; what only the clock changes
 * (a shelf window opening or closing) shows within `ttlMs`. Reads for live subscription payloads
 * (`fresh`) bypass it.
 */
export class CatalogueCache {
  private readonly entries = new Map<string, Entry>();
  private readonly lookups: Counter<'outcome'>;
  private unsubscribe?: () => Promise<void>;

  constructor(private readonly options: CatalogueCacheOptions) {
    // Gateways that share one runtime (and so one registry) share the counter.
    this.lookups =
      (options.metrics.registry.getSingleMetric(LOOKUPS_METRIC) as Counter<'outcome'> | undefined) ??
      new Counter({
        name: LOOKUPS_METRIC,
        help: 'Catalogue reads at the gateway by cache outcome (hit, miss)',
        labelNames: ['outcome'] as const,
        registers: [options.metrics.registry],
      });
  }

  async start(): Promise<void> {
    if (this.options.ttlMs === 0) return;
    this.unsubscribe = await this.options.pubsub.subscribe(CATALOGUE_CHANGED_CHANNEL, () => this.entries.clear());
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.entries.clear();
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    const cache = this;
    return {
      async requestDidStart() {
        // Set only for a miss: an answer served from the cache is never stored again, or a busy
        // page would keep pushing its own expiry forward and never show what the clock changed.
        let storeAs: string | undefined;
        return {
          async responseForOperation({ operation, operationName, source, request, contextValue }) {
            if (cache.options.ttlMs === 0 || contextValue.fresh || !isCatalogueRead(operation)) return null;
            const key = `${viewerClass(contextValue.identity)}\n${operationName ?? ''}\n${JSON.stringify(request.variables ?? {})}\n${source}`;
            const hit = cache.entries.get(key);
            if (hit && hit.expiresAt > Date.now()) {
              cache.lookups.inc({ outcome: 'hit' });
              return { http: { status: undefined, headers: new HeaderMap() }, body: hit.body };
            }
            cache.lookups.inc({ outcome: 'miss' });
            storeAs = key;
            return null;
          },
          async willSendResponse({ operation, response }) {
            if (operation?.operation === 'mutation') {
              if (refused(response.body)) return;
              cache.entries.clear();
              await cache.options.pubsub.publish(CATALOGUE_CHANGED_CHANNEL, '1');
              return;
            }
            if (!storeAs || response.body.kind !== 'single' || response.body.singleResult.errors?.length) return;
            if (cache.entries.size >= MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
            cache.entries.set(storeAs, { body: response.body, expiresAt: Date.now() + cache.options.ttlMs });
          },
        };
      },
    };
  }
}

/** A response with errors and no root field answered: a mutation refused as a whole, which changes nothing. */
function refused(body: GraphQLResponse['body']): boolean {
  if (body.kind !== 'single' || !body.singleResult.errors?.length) return false;
  const data = body.singleResult.data;
  return data == null || Object.values(data).every((value) => value === null);
}

/** A query whose root selections are all catalogue fields (fragments at the root are not cached). */
export function isCatalogueRead(operation: OperationDefinitionNode | undefined): boolean {
  if (operation?.operation !== 'query') return false;
  return operation.selectionSet.selections.every(
    (s) => s.kind === Kind.FIELD && (s.name.value === '__typename' || CATALOGUE_ROOT_FIELDS.has(s.name.value)),
  );
}
