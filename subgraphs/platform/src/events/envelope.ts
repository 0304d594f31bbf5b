import { uuidv7 } from '../ids.js';

/**
 * What travels on the bus (M9). `id` is unique and is the inbox key; `aggregateVersion` lets a
 * consumer drop an event older than what it already applied (M2); `nodeId` names the emitting
 * process; `version` is the schema version of `payload`.
 */
export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  version: number;
  aggregateId: string;
  aggregateVersion: number;
  nodeId: string;
  occurredAt: string;
  payload: P;
}

/** The part of an envelope a producer chooses; the rest is filled in by {@link createEnvelope}. */
export interface NewEvent<P = unknown> {
  type: string;
  version?: number;
  aggregateId: string;
  aggregateVersion: number;
  payload: P;
}

export function createEnvelope<P>(event: NewEvent<P>, nodeId: string, now = new Date()): EventEnvelope<P> {
  return {
    id: uuidv7(now.getTime()),
    type: event.type,
    version: event.version ?? 1,
    aggregateId: event.aggregateId,
    aggregateVersion: event.aggregateVersion,
    nodeId,
    occurredAt: now.toISOString(),
    payload: event.payload,
  };
}

const REQUIRED: Record<keyof EventEnvelope, string> = {
  id: 'string',
  type: 'string',
  version: 'number',
  aggregateId: 'string',
  aggregateVersion: 'number',
  nodeId: 'string',
  occurredAt: 'string',
  payload: 'object',
};

/** Parses an envelope from the wire; throws on anything that is not one. */
export function parseEnvelope(raw: string): EventEnvelope {
  const value = JSON.parse(raw) as Record<string, unknown>;
  for (const [key, type] of Object.entries(REQUIRED)) {
    if (typeof value[key] !== type || value[key] === null) {
      throw new Error(`event envelope: ${key} must be a ${type}`);
    }
  }
  return value as unknown as EventEnvelope;
}
