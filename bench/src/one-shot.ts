import { connect } from 'node:net';

/** An answer read by {@link OneShotRequest.send}: the status and the body as text. */
export interface OneShotAnswer {
  status: number;
  text: string;
}

/**
 * One HTTP/1.1 POST on a connection of its own, its bytes built before it is sent: the flash
 * sale's thousand customers each open a connection and press at the same moment. The request is
 * serialised ahead, so the clock starts when it goes out, and the answer is read with a minimal
 * parser (Content-Length or chunked). node:http's client costs the bench process ~0.3 ms per such
 * request, on the same two cores as the servers it measures; this costs about a third of that.
 */
export class OneShotRequest {
  private readonly bytes: Buffer;
  private readonly port: number;
  private readonly host: string;

  constructor(url: string, body: string, headers: Record<string, string>) {
    const target = new URL(url);
    this.host = target.hostname;
    this.port = Number(target.port);
    const head = [`POST ${target.pathname} HTTP/1.1`, `host: ${target.host}`, 'connection: close', `content-length: ${Buffer.byteLength(body)}`];
    for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
    this.bytes = Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`);
  }

  /** Sends the request and resolves with the answer; rejects on a connection error or after `timeoutMs` (name TimeoutError). */
  send(timeoutMs: number): Promise<OneShotAnswer> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.port, this.host);
      socket.setNoDelay(true);
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = (err: Error | undefined, answer?: OneShotAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if (err) reject(err);
        else resolve(answer!);
      };
      const timer = setTimeout(() => finish(Object.assign(new Error(`no answer in ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        const answer = parseAnswer(chunks.length === 1 ? chunk : Buffer.concat(chunks), false);
        if (answer) finish(undefined, answer);
      });
      socket.on('end', () => {
        const answer = parseAnswer(Buffer.concat(chunks), true);
        finish(answer ? undefined : new Error('connection closed before a whole answer'), answer);
      });
      socket.on('error', (err) => finish(err));
      socket.write(this.bytes);
    });
  }
}

/** The answer in `raw` once it is whole (`ended`: the server closed the connection), else undefined. */
export function parseAnswer(raw: Buffer, ended: boolean): OneShotAnswer | undefined {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = raw.subarray(0, headEnd).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const body = raw.subarray(headEnd + 4);
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length) {
    const n = Number(length[1]);
    return body.length >= n ? { status, text: body.subarray(0, n).toString('utf8') } : undefined;
  }
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = body.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) return undefined;
      if (size === 0) return { status, text: Buffer.concat(parts).toString('utf8') };
      if (body.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  return ended ? { status, text: body.toString('utf8') } : undefined;
}
