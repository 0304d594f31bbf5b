/**
 * The distributed layout stays in step with the composed supergraph: docker-compose runs every
 * subgraph the supergraph names, with a health check, on the port the supergraph records, and
 * the gateway is told about each one and waits for it.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8')) as {
  services: Record<string, { command?: string[]; environment?: Record<string, string | number>; healthcheck?: { test: string[] }; depends_on?: Record<string, unknown> }>;
  'x-service-env': Record<string, string>;
};
const supergraph = readFileSync(new URL('schema/supergraph.graphql', root), 'utf8');
const subgraphs = [...supergraph.matchAll(/@join__graph\(name: "(\w+)", url: "http:\/\/\w+:(\d+)\/graphql"\)/g)].map((m) => ({ name: m[1], port: Number(m[2]) }));

it('runs every subgraph of the supergraph as its own healthy service', () => {
  expect(subgraphs.length).toBeGreaterThan(0);
  const urls = Object.fromEntries(
    String(compose['x-service-env'].SUBGRAPH_URLS)
      .split(',')
      .map((pair) => pair.split('=')),
  );
  for (const { name, port } of subgraphs) {
    const service = compose.services[name];
    expect(service, name).toBeDefined();
    expect(service.command, name).toContain(`subgraphs/${name}/src/main.ts`);
    expect(Number(service.environment?.PORT), name).toBe(port);
    expect(service.healthcheck?.test.join(' '), name).toContain(`127.0.0.1:${port}/readyz`);
    expect(urls[name], name).toBe(`http://${name}:${port}`);
    expect(compose.services.gateway.depends_on?.[name], name).toEqual({ condition: 'service_healthy' });
  }
  expect(Object.keys(urls).sort()).toEqual(subgraphs.map((s) => s.name).sort());
});
