import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

/**
 * Connections the kernel queues for a server while its event loop is busy (capped by the host's
 * net.core.somaxconn). Node's default of 511 is too few for a rush: when a thousand customers
 * press at once, every connection beyond it is dropped and the client's retry comes a whole
 * second later (its first SYN retransmission), which alone puts the slowest answers past a second.
 */
export const LISTEN_BACKLOG = 4096;

/** The request body exceeded the configured limit. */
export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body larger than ${limit} bytes`);
  }
}

/** Reads a request body, refusing it past `limit` bytes (the rest is read and dropped). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new PayloadTooLargeError(limit));
  // Events, not `for await`: an async iterator and a promise per chunk cost a small request
  // more than reading it (a flash sale reads a thousand bodies at once).
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // The rest is read and dropped, so that the answer (413, connection: close) still goes out.
      req.off('data', onData);
      req.resume();
      reject(new PayloadTooLargeError(limit));
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** A GraphQL-shaped error body for failures that happen before GraphQL runs (size, routing). */
export function sendGraphQLError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/**
 * Hands one HTTP request to Apollo Server (its documented integration API) and writes the
 * answer. JSON bodies are parsed here; any other content type reaches Apollo as text, where
 * CSRF prevention and content-type checks refuse it.
 */
export async function executeGraphQL<C extends BaseContext>(
  server: ApolloServer<C>,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  context: () => Promise<C>,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  let parsed: unknown = body.toString('utf8');
  if ((headers.get('content-type') ?? '').toLowerCase().startsWith('application/json') && body.length > 0) {
    try {
      parsed = JSON.parse(parsed as string);
    } catch {
      sendGraphQLError(res, 400, 'BAD_USER_INPUT', 'Request body is not valid JSON');
      return;
    }
  }
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: parsed },
    context,
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
