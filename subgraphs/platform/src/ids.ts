import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let seq = 0;

/**
 * Random bytes drawn from the system a few KiB at a time, as crypto.randomUUID does: one
 * getrandom call per ~240 ids instead of one or two per id (every order, event and line takes one).
 */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolUsed = POOL_BYTES;

/** `n` fresh random bytes; a view into the pool, valid until the next call. */
function random(n: number): Buffer {
  if (poolUsed + n > POOL_BYTES) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  poolUsed += n;
  return pool.subarray(poolUsed - n, poolUsed);
}

/**
 * RFC 9562 UUID version 7: 48-bit unix milliseconds, then random bits, so ids sort by creation
 * time. Within one millisecond a 12-bit counter keeps ids from one process monotonic; when the
 * counter runs out (or the clock steps back) the timestamp is advanced past the last one used
 * (RFC 9562 §6.2, method 1), so ids from one process always increase.
 */
export function uuidv7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    seq = random(2).readUInt16BE(0) & 0x7ff;
  } else if (seq < 0xfff) {
    seq++;
  } else {
    lastMs++;
    seq = random(2).readUInt16BE(0) & 0x7ff;
  }
  const bytes = random(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
