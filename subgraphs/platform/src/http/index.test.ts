import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, readBody } from './index.js';

/** A request body arriving in `chunks`, with the headers given. */
const request = (chunks: string[], headers: Record<string, string> = {}) => Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { headers }) as unknown as IncomingMessage;

describe('readBody', () => {
  it('reads a body of one chunk or many', async () => {
    expect((await readBody(request(['{"query":"{ a }"}']), 100)).toString()).toBe('{"query":"{ a }"}');
    expect((await readBody(request(['{"query":', '"{ a }"', '}']), 100)).toString()).toBe('{"query":"{ a }"}');
    expect((await readBody(request([]), 100)).length).toBe(0);
  });

  it('refuses a declared length over the limit before reading, and a body that grows past it while read', async () => {
    await expect(readBody(request(['x'], { 'content-length': '101' }), 100)).rejects.toBeInstanceOf(PayloadTooLargeError);
    const chunked = request(['x'.repeat(60), 'x'.repeat(60), 'x'.repeat(60)]);
    await expect(readBody(chunked, 100)).rejects.toBeInstanceOf(PayloadTooLargeError);
    // The rest is drained, so the stream ends and the answer can still go out.
    await new Promise<void>((resolve) => (chunked.readableEnded ? resolve() : chunked.once('end', () => resolve())));
  });
});
