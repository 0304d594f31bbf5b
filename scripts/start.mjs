#!/usr/bin/env node
// `npm start`: the whole system in one process (embedded mode unless SUBGRAPH_URLS is set).
import { spawn } from 'node:child_process';

process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/main.ts'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
