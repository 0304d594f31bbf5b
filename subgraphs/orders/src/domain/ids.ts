import { createHash } from 'node:crypto';
import { uuidv7 } from '@shop/platform';

const NODE_BITS = 14;

/** The 14-bit node part of `nodeId`: the first bits of its SHA-256. */
export function nodeHash(nodeId: string): number {
  return createHash('sha256').update(nodeId).digest().readUInt16BE(0) >> (16 - NODE_BITS);
}

/**
 * An order id (L3): a UUIDv7 whose first 14 bits after the variant carry a hash of the node
 * that made it. The 48-bit millisecond time and 12-bit per-process counter in front make ids sort
 * by creation time (and strictly increase within a process); the node part keeps two instances
 * creating ids in the same millisecond apart, and the remaining 48 random bits keep ids of one
 * node apart across restarts. Being a UUID, it is also what the hash partitions of the orders
 * table are keyed by (L6).
 */
export function newOrderId(nodeId: string, now = Date.now()): string {
  const hex = uuidv7(now).replace(/-/g, '');
  const bytes = Buffer.from(hex, 'hex');
  const node = nodeHash(nodeId);
  bytes[8] = 0x80 | (node >> 8);
  bytes[9] = node & 0xff;
  const out = bytes.toString('hex');
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}

/** The node part of an order id made by {@link newOrderId}. */
export function nodePartOf(orderId: string): number {
  const bytes = Buffer.from(orderId.replace(/-/g, ''), 'hex');
  return ((bytes[8] & 0x3f) << 8) | bytes[9];
}

/** The creation time (ms since the epoch) an order id carries. */
export function timeOf(orderId: string): number {
  return Number.parseInt(orderId.replace(/-/g, '').slice(0, 12), 16);
}
