import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { build } from 'esbuild';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { DOCUMENTS, type PlaygroundDocument } from '../playground/src/documents.js';
import { API_SCHEMA_PATH } from './gateway.js';

const PLAYGROUND_DIR = fileURLToPath(new URL('../playground/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
};

/** One built file of the playground. */
export interface PlaygroundAsset {
  body: Buffer;
  /** The same, gzip-compressed once at build: the page script is several megabytes. */
  gzipped: Buffer;
  contentType: string;
}

/** The built playground: its page and the files the page loads from `/playground/<id>/`. */
export interface PlaygroundBundle {
  /** Content hash of every file: part of the asset URLs, so they can be cached forever. */
  id: string;
  html: string;
  /** By file name (`main.js`, `main.css`, `graphql.worker.js`, …). */
  assets: Map<string, PlaygroundAsset>;
  /** Titles of the documents left out because the current schema does not serve them. */
  unserved: string[];
}

/**
 * The documents of `playground/src/documents.ts` that `schema` can execute: valid, and on a root
 * type the schema has (graphql's validation alone accepts any subscription when there is no
 * Subscription type).
 */
export function servedDocuments(schema: GraphQLSchema, documents: readonly PlaygroundDocument[] = DOCUMENTS): PlaygroundDocument[] {
  return documents.filter((doc) => {
    const ast = parse(doc.query);
    const rootsExist = ast.definitions.every((def) => def.kind !== 'OperationDefinition' || schema.getRootType(def.operation) !== undefined);
    return rootsExist && validate(schema, ast).length === 0;
  });
}

/**
 * Builds the playground from npm packages with esbuild, in memory: the page script (React,
 * GraphiQL, the sign-in bar), its CSS and font, and Monaco's editor, JSON and GraphQL workers
 * as separate module scripts. Built per process on first use rather than shipped prebuilt, so
 * a fresh clone needs no build step, nothing can go stale, and the offered documents always
 * match the committed client view of the supergraph, `schema/api.graphql`.
 */
export async function buildPlayground(): Promise<PlaygroundBundle> {
  const documents = servedDocuments(buildSchema(readFileSync(API_SCHEMA_PATH, 'utf8')));
  const result = await build({
    absWorkingDir: PLAYGROUND_DIR,
    entryPoints: {
      main: 'src/main.tsx',
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    write: false,
    outdir: 'out',
    entryNames: '[name]',
    assetNames: '[name]',
    loader: { '.ttf': 'file' },
    define: {
      'process.env.NODE_ENV': '"production"',
      PLAYGROUND_DOCUMENTS: JSON.stringify(documents),
    },
    logLevel: 'silent',
  });

  const hash = createHash('sha256');
  const assets = new Map<string, PlaygroundAsset>();
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    const contentType = CONTENT_TYPES[extname(name)];
    if (!contentType) throw new Error(`playground build wrote ${name}, which has no known content type`);
    const body = Buffer.from(file.contents);
    assets.set(name, { body, gzipped: await promisify(gzip)(body), contentType });
    hash.update(name).update(file.contents);
  }
  const id = hash.digest('hex').slice(0, 16);
  const served = new Set(documents.map((doc) => doc.title));
  return { id, html: page(id), assets, unserved: DOCUMENTS.filter((doc) => !served.has(doc.title)).map((doc) => doc.title) };
}

function page(id: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shop admin playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/playground/${id}/main.css">
<script type="module" src="/playground/${id}/main.js"></script>
</head>
<body><div id="root"></div></body>
</html>
`;
}
