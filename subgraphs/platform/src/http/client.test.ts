import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpPoster, posterFetch } from './client.js';

let server: Server | undefined;
let poster: HttpPoster | undefined;
afterEach(async () => {
  poster?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = poster = undefined;
});

/** A server that echoes the body and a header, after `delayMs`; counts the connections it accepted. */
async function echoServer(delayMs = 0): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () =>
      setTimeout(() => {
        const body = JSON.stringify({ got: JSON.parse(Buffer.concat(chunks).toString()), header: req.headers['x-test'] ?? null });
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'x-answer': 'yes' });
        res.end(body);
      }, delayMs),
    );
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

describe('HttpPoster', () => {
  it('posts a body with its headers and reads the whole answer, reusing kept-alive connections', async () => {
    const { url, connections } = await echoServer();
    poster = new HttpPoster(5000);
    for (let i = 0; i < 5; i++) {
      const reply = await poster.post(`${url}/x`, { 'x-test': `n${i}`, 'content-type': 'application/json' }, JSON.stringify({ i, text: 'ünïcode' }));
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body.toString())).toEqual({ got: { i, text: 'ünïcode' }, header: `n${i}` });
    }
    expect(connections()).toBe(1);
  });

  it('rejects when the answer takes longer than the timeout', async () => {
    const { url } = await echoServer(500);
    poster = new HttpPoster(100);
    await expect(poster.post(`${url}/slow`, {}, '{}')).rejects.toThrow(/timed out after 100 ms/);
  });

  it('still answers after the server closed an idle connection', async () => {
    const { url, connections } = await echoServer();
    server!.keepAliveTimeout = 50;
    poster = new HttpPoster(5000);
    await poster.post(`${url}/a`, {}, '1');
    await new Promise((r) => setTimeout(r, 150));
    expect((await poster.post(`${url}/b`, {}, '2')).status).toBe(200);
    expect(connections()).toBe(2);
  });
});

describe('posterFetch', () => {
  it('answers like fetch for what the gateway reads: status, ok, headers, json', async () => {
    const { url } = await echoServer();
    poster = new HttpPoster(5000);
    const fetchLike = posterFetch(poster);
    const ok = await fetchLike(`${url}/graphql`, { headers: { 'x-test': 'h' }, body: '{"query":"{ a }"}' });
    expect([ok.status, ok.ok, ok.headers.get('X-Answer')]).toEqual([200, true, 'yes']);
    expect(await ok.json()).toEqual({ got: { query: '{ a }' }, header: 'h' });
    const missing = await fetchLike(`${url}/missing`, { body: '{}' });
    expect([missing.status, missing.ok]).toEqual([404, false]);
  });
});
