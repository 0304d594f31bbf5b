import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GATEWAY_SECRET_HEADER, secretMatches } from '../auth/identity.js';
import { LISTEN_BACKLOG, PayloadTooLargeError, executeGraphQL, readBody, sendGraphQLError, sendJson, sendText } from '../http/index.js';
import { serializeError } from '../internal/index.js';
import type { Runtime } from '../runtime.js';
import { contextFromHeaders, type SubgraphContext } from './context.js';
import { maskSubgraphError, type SubgraphInstance } from './instance.js';

export interface SubgraphServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Hosts one subgraph over HTTP for the distributed mode: `POST /graphql` and
 * `POST /internal/<operation>`, both only with the gateway's secret, plus `/healthz`, `/readyz`
 * and `/metrics`.
 */
export async function serveSubgraph(instance: SubgraphInstance, runtime: Runtime, port: number, host = runtime.config.HOST): Promise<SubgraphServer> {
  const log = runtime.log.child({ service: instance.name });
  const apollo = new ApolloServer<SubgraphContext>({
    schema: instance.schema,
    introspection: true,
    csrfPrevention: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => maskSubgraphError(log, formatted, error),
    // Neither is used (no Apollo usage reporting; the gateway keeps its own catalogue cache), and
    // cache control would otherwise hook every field of every request.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  const secret = runtime.config.INTERNAL_SECRET;
  const limit = runtime.config.MAX_BODY_BYTES;

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok', service: instance.name });
      if (path === '/readyz') {
        try {
          await runtime.ready();
          return sendJson(res, 200, { status: 'ready', service: instance.name });
        } catch (err) {
          return sendJson(res, 503, { status: 'unavailable', error: (err as Error).message });
        }
      }
      if (path === '/metrics') {
        return sendText(res, 200, await runtime.metrics.registry.metrics(), runtime.metrics.registry.contentType);
      }
      if (path === '/graphql') {
        const body = await readBody(req, limit);
        const headers = new HeaderMap();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
        return await executeGraphQL(apollo, req, res, body, async () => contextFromHeaders(headers, secret, log));
      }
      if (path.startsWith('/internal/') && req.method === 'POST') {
        if (!secretMatches(req.headers[GATEWAY_SECRET_HEADER] as string | undefined, secret)) {
          return sendJson(res, 403, { error: { code: 'FORBIDDEN', message: 'Internal calls need the internal secret' } });
        }
        const handler = instance.internal[path.slice('/internal/'.length)];
        if (!handler) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'No such internal operation' } });
        const input = JSON.parse((await readBody(req, limit)).toString('utf8') || 'null');
        try {
          return sendJson(res, 200, { result: (await handler(input)) ?? null });
        } catch (err) {
          const { status, error } = serializeError(err);
          if (status === 500) log.error({ err, path }, 'internal operation failed');
          return sendJson(res, status, { error });
        }
      }
      sendText(res, 404, 'Not found');
    } catch (err) {
      if (err instanceof PayloadTooLargeError) return sendGraphQLError(res, 413, 'BAD_USER_INPUT', err.message);
      log.error({ err, path }, 'request failed');
      if (!res.headersSent) sendGraphQLError(res, 500, 'INTERNAL', 'Internal error');
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen({ port, host, backlog: LISTEN_BACKLOG }, resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  log.info({ url }, 'subgraph listening');
  return {
    server,
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await apollo.stop();
    },
  };
}
