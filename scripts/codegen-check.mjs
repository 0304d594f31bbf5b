#!/usr/bin/env node
// Regenerates the codegen output and fails when it differs from what was there: stale types.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const outputs = [
  ...readdirSync('subgraphs')
    .map((name) => join('subgraphs', name, 'src', '__generated__', 'resolvers-types.ts'))
    .filter((file) => existsSync(join(file, '..', '..', 'schema.graphql'))),
  'e2e/__generated__/operations.ts',
];
const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null);
const before = new Map(outputs.map((file) => [file, read(file)]));
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { stdio: 'inherit' });
const stale = outputs.filter((file) => before.get(file) !== read(file));
if (stale.length > 0) {
  console.error(`Generated types were stale: ${stale.join(', ')}\nThey are regenerated now; commit them.`);
  process.exit(1);
}
console.log(`generated types are current (${outputs.length} files)`);
