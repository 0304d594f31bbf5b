/**
 * Composes the supergraph from each subgraph's `src/schema.graphql`.
 *
 * Writes `schema/<name>.graphql` (a copy of each subgraph's SDL), `schema/supergraph.graphql`
 * (what the gateway loads at start, no network) and `schema/api.graphql` (the client view, for
 * codegen and readers). With `--check` it writes nothing and exits 1 when any of them is stale.
 * Only subgraphs that have a schema take part: one with nothing real yet stays out.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';

/** Port of each subgraph in the distributed layout (docker-compose.yml); the gateway's URLs come from SUBGRAPH_URLS. */
export const SUBGRAPH_PORTS: Record<string, number> = {
  accounts: 4001,
  inventory: 4002,
  cart: 4003,
  coupons: 4004,
  orders: 4005,
  payments: 4006,
  notifications: 4007,
};

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');

const names = readdirSync(join(root, 'subgraphs'))
  .filter((name) => existsSync(join(root, 'subgraphs', name, 'src', 'schema.graphql')))
  .sort();

const outputs = new Map<string, string>();
const services = names.map((name) => {
  const sdl = readFileSync(join(root, 'subgraphs', name, 'src', 'schema.graphql'), 'utf8');
  outputs.set(`schema/${name}.graphql`, sdl);
  return { name, typeDefs: parse(sdl), url: `http://${name}:${SUBGRAPH_PORTS[name] ?? 4000}/graphql` };
});

const result = composeServices(services);
if (result.errors) {
  console.error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  process.exit(1);
}
outputs.set('schema/supergraph.graphql', `${result.supergraphSdl.trimEnd()}\n`);
outputs.set('schema/api.graphql', `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema())}\n`);

const stale = [...outputs].filter(([file, text]) => {
  const path = join(root, file);
  return !existsSync(path) || readFileSync(path, 'utf8') !== text;
});
const extra = readdirSync(join(root, 'schema')).filter((f) => f.endsWith('.graphql') && !outputs.has(`schema/${f}`));

if (check) {
  if (stale.length > 0 || extra.length > 0) {
    console.error(
      `The composed schema is out of date (${[...stale.map(([f]) => f), ...extra.map((f) => `schema/${f} (no subgraph)`)].join(', ')}).\nRun \`npm run compose\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`schema/ is current: ${names.length} subgraphs (${names.join(', ')})`);
} else {
  for (const [file, text] of stale) writeFileSync(join(root, file), text);
  console.log(`composed ${names.length} subgraphs (${names.join(', ')}); ${stale.length} file(s) written`);
}
