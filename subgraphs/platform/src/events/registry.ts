import type { EventEnvelope } from './envelope.js';

/** Turns a payload of version `from` into version `from + 1`. */
export type Upcaster = (payload: any) => unknown;

interface EventTypeDef {
  current: number;
  upcasters: Map<number, Upcaster>;
}

/**
 * Known event types with their current schema version and upcasters from each older version
 * (M9). Consumers see every event at its current version, whatever version was stored or sent.
 */
export class EventRegistry {
  private readonly types = new Map<string, EventTypeDef>();

  /**
   * Declares `type` at version `current`; `upcasters[n]` lifts a version-n payload to n+1, and
   * one must exist for every version below `current`.
   */
  define(type: string, current: number, upcasters: Record<number, Upcaster> = {}): this {
    const def: EventTypeDef = { current, upcasters: new Map() };
    for (let v = 1; v < current; v++) {
      const fn = upcasters[v];
      if (!fn) throw new Error(`event ${type}: no upcaster from version ${v}`);
      def.upcasters.set(v, fn);
    }
    this.types.set(type, def);
    return this;
  }

  currentVersion(type: string): number {
    return this.types.get(type)?.current ?? 1;
  }

  /** The envelope at the current version of its type; unknown types and newer versions pass unchanged. */
  upcast<P = unknown>(event: EventEnvelope): EventEnvelope<P> {
    const def = this.types.get(event.type);
    if (!def || event.version >= def.current) return event as EventEnvelope<P>;
    let payload = event.payload;
    for (let v = event.version; v < def.current; v++) payload = def.upcasters.get(v)!(payload);
    return { ...event, version: def.current, payload } as EventEnvelope<P>;
  }
}
