import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  PayloadTooLargeError,
  PaymentOps,
  REQUEST_ID_HEADER,
  Services,
  executeGraphQL,
  readBody,
  sendGraphQLError,
  sendJson,
  sendText,
  toClientError,
  type Identity,
  type Logger,
  type PaymentWebhookInput,
  type PaymentWebhookResult,
  type Runtime,
} from '@shop/platform';
import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../data-sources.js';
import type { FlashSaleGate } from '../flash-gate.js';
import type { IdentityResolver } from '../identity.js';
import { createPlaygroundRoute } from './playground.js';

export interface GatewayHttpOptions {
  runtime: Runtime;
  apollo: ApolloServer<GatewayContext>;
  identity: IdentityResolver;
  log: Logger;
  /** Answers holds of classes known full without the pipeline (off when absent). */
  gate?: FlashSaleGate;
  /** Extra readiness checks (e.g. remote subgraphs answer their /readyz). */
  readiness: () => Promise<void>;
}

/**
 * The gateway's HTTP surface: `/graphql`, `/webhooks/payments`, `/healthz`, `/readyz`, `/metrics`,
 * and the admin playground (`GET /graphql` from a browser, `/playground/*`) unless
 * PLAYGROUND=false. Bodies are read with a size limit before anything else happens.
 */
export function createGatewayHttpServer(options: GatewayHttpOptions): Server {
  const { runtime, apollo, identity, gate, log } = options;
  const { metrics, config } = runtime;
  const playground = config.PLAYGROUND ? createPlaygroundRoute(log) : undefined;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<string> => {
    const path = (req.url ?? '/').split('?')[0];
    if (playground && (await playground.serve(req, res, path))) return 'playground';
    if (path === '/graphql') {
      const requestId = headerValue(req, REQUEST_ID_HEADER) ?? randomUUID();
      res.setHeader(REQUEST_ID_HEADER, requestId);
      const body = req.method === 'POST' ? await readBody(req, config.MAX_BODY_BYTES) : Buffer.alloc(0);
      let identified: Promise<Identity> | undefined;
      const identify = () => (identified ??= identity.resolve(headerValue(req, 'authorization')));
      const pipeline = () => executeGraphQL(apollo, req, res, body, async () => ({ identity: await identify(), requestId }));
      const hold = gate && req.method === 'POST' && isJson(req) ? gate.recognise(body) : undefined;
      if (!gate || !hold) {
        await pipeline();
        return 'graphql';
      }
      await gate.inTurn(hold, async () => {
        const refused = await gate.refusal(hold, identify);
        // Byte for byte what Apollo Server sends, its closing newline included.
        if (refused) sendText(res, 200, `${JSON.stringify(refused)}\n`, 'application/json; charset=utf-8');
        else await pipeline();
      });
      return 'graphql';
    }
    if (path === '/webhooks/payments') {
      await forwardPaymentWebhook(req, res);
      return 'webhook';
    }
    if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
      return 'healthz';
    }
    if (path === '/readyz') {
      try {
        await Promise.all([runtime.ready(), options.readiness()]);
        sendJson(res, 200, { status: 'ready' });
      } catch (err) {
        sendJson(res, 503, { status: 'unavailable', error: (err as Error).message });
      }
      return 'readyz';
    }
    if (path === '/metrics') {
      sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
      return 'metrics';
    }
    sendText(res, 404, 'Not found');
    return 'not-found';
  };

  /**
   * A payment provider's webhook (S7, API.md Webhook), handed to the payments service with the
   * body exactly as received: the signature covers those bytes, so nothing may parse or
   * re-serialize them first. Payments answers 400 for a bad signature or body, 200 otherwise.
   */
  const forwardPaymentWebhook = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      sendJson(res, 405, { error: 'POST only' });
      return;
    }
    const rawBody = (await readBody(req, config.MAX_BODY_BYTES)).toString('utf8');
    const input: PaymentWebhookInput = { rawBody, signature: headerValue(req, 'payment-signature') ?? null };
    const result = await runtime.internal.call<PaymentWebhookResult>(Services.payments, PaymentOps.webhook, input);
    sendJson(res, result.status, result.body);
  };

  const server = createServer(async (req, res) => {
    let name = 'unknown';
    try {
      name = await route(req, res);
    } catch (err) {
      if (err instanceof PayloadTooLargeError) {
        name = 'graphql';
        res.setHeader('connection', 'close');
        sendGraphQLError(res, 413, 'BAD_USER_INPUT', err.message);
      } else {
        log.error({ err, url: req.url }, 'request failed');
        if (!res.headersSent) {
          const formatted = toClientError({ message: (err as GraphQLError).message ?? 'error', extensions: (err as GraphQLError).extensions }, () => {});
          sendJson(res, 500, { errors: [formatted] });
        }
      }
    } finally {
      metrics.httpRequests.inc({ route: name, status: String(res.statusCode) });
    }
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

const isJson = (req: IncomingMessage) => (headerValue(req, 'content-type') ?? '').toLowerCase().startsWith('application/json');

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
