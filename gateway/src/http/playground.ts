import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText, type Logger } from '@shop/platform';
import { buildPlayground, type PlaygroundBundle } from '../playground.js';

/** Serves the admin playground; see {@link createPlaygroundRoute}. */
export interface PlaygroundRoute {
  /** Answers the request if it is the playground's, and says whether it did. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
}

/**
 * The admin playground over HTTP: `GET /graphql` from a browser (`Accept: text/html`) gets the
 * page, `GET /playground/<build id>/<file>` its scripts, styles and font. Every other request
 * (GraphQL over GET or POST included) is left to the caller. The bundle is built on the first
 * playground request, not at start, so gateways that never serve it (tests, API-only traffic)
 * pay nothing; a failed build is retried on the next request.
 */
export function createPlaygroundRoute(log: Logger): PlaygroundRoute {
  let bundle: Promise<PlaygroundBundle> | undefined;
  const load = () =>
    (bundle ??= timed(buildPlayground).then(
      ({ value, ms }) => {
        log.info({ id: value.id, ms, unserved: value.unserved }, 'playground built (documents the schema does not serve yet are left out)');
        return value;
      },
      (err: unknown) => {
        bundle = undefined;
        throw err;
      },
    ));

  return {
    async serve(req, res, path) {
      if (req.method !== 'GET') return false;
      if (path === '/graphql') {
        if (!(req.headers.accept ?? '').includes('text/html')) return false;
        const { html } = await load();
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
          // The page may talk to this origin only: the browser itself enforces "no CDN, no other host".
          'content-security-policy': contentSecurityPolicy(req.headers.host),
        });
        res.end(html);
        return true;
      }
      if (!path.startsWith('/playground/')) return false;
      const [id, name, ...rest] = path.slice('/playground/'.length).split('/');
      const built = await load();
      const asset = id === built.id && rest.length === 0 ? built.assets.get(name) : undefined;
      if (!asset) {
        sendText(res, 404, 'Not found');
        return true;
      }
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      res.writeHead(200, {
        'content-type': asset.contentType,
        // The build id is a hash of the content: a new build gets new URLs.
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(gzip ? asset.gzipped : asset.body);
      return true;
    },
  };
}

function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    `connect-src 'self'${sockets}`,
    "worker-src 'self'",
    // Monaco and GraphiQL set inline styles; no inline or foreign script is allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - start) };
}
