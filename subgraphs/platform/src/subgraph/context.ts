import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import {
  ANONYMOUS,
  GATEWAY_SECRET_HEADER,
  IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  decodeIdentity,
  secretMatches,
  type Identity,
} from '../auth/identity.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Logger } from '../observability/logger.js';

/** What every subgraph resolver receives. */
export interface SubgraphContext {
  identity: Identity;
  requestId: string;
  log: Logger;
  /** Per-request DataLoaders by name; see {@link loader}. */
  loaders: Map<string, DataLoader<any, any>>;
}

export function createSubgraphContext(identity: Identity, requestId: string, log: Logger): SubgraphContext {
  return { identity, requestId, log: log.child({ requestId }), loaders: new Map() };
}

/**
 * Builds the context of a request that reached a subgraph over HTTP. Only the gateway may call
 * a subgraph: without the shared secret the request is refused, whatever identity it claims.
 */
export function contextFromHeaders(
  headers: { get(name: string): string | undefined | null },
  secret: string,
  log: Logger,
): SubgraphContext {
  if (!secretMatches(headers.get(GATEWAY_SECRET_HEADER) ?? undefined, secret)) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Subgraphs answer the gateway only', { http: { status: 403 } });
  }
  let identity: Identity = ANONYMOUS;
  try {
    identity = decodeIdentity(headers.get(IDENTITY_HEADER) ?? undefined);
  } catch {
    throw new AppError(ErrorCode.FORBIDDEN, 'Malformed identity header');
  }
  return createSubgraphContext(identity, headers.get(REQUEST_ID_HEADER) ?? randomUUID(), log);
}

/** The request-scoped DataLoader called `name`, created with `batch` on first use. */
export function loader<K, V>(
  ctx: SubgraphContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
): DataLoader<K, V> {
  let existing = ctx.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!existing) {
    existing = new DataLoader<K, V>(batch);
    ctx.loaders.set(name, existing);
  }
  return existing;
}

/** Orders `rows` by `keys` for a DataLoader; a missing key yields null. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}
