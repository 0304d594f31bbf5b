import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const HOST = '127.0.0.1';

/** A server under test running as its own Node process (so /proc/<pid> describes only it). */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** The last lines it wrote to stdout/stderr, for error messages. */
  output(): string;
  /** Suspends the process (SIGSTOP): it keeps its connections and state but uses no CPU until {@link resume}. */
  pause(): void;
  /** Lets a paused process run again (SIGCONT). */
  resume(): void;
  stop(): Promise<void>;
}

/** `count` distinct ports that were free on 127.0.0.1 a moment ago (all held open at once, so distinct). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<import('node:net').Server>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, HOST, () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

export interface SpawnOptions {
  name: string;
  /** Repository root: the working directory, where `--import tsx` resolves. */
  cwd: string;
  /** Entry file, relative to cwd. */
  entry: string;
  port: number;
  env: Record<string, string>;
  /** Extra Node options before the entry (e.g. `--inspect=…`). */
  nodeArgs?: string[];
}

/**
 * Starts `node --import tsx <entry>` directly (not through the tsx CLI, which would add a parent
 * process), with exactly the given environment plus PATH/HOME.
 */
export function startServer(options: SpawnOptions): ServerProcess {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...options.env,
    PORT: String(options.port),
    HOST,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', options.entry], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${options.name}`);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return {
    name: options.name,
    pid: child.pid,
    url: `http://${HOST}:${options.port}`,
    child,
    output: () => lines.join('\n'),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // A paused process would take SIGTERM only once it runs again.
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `<url>/readyz` until it answers 200; fails early if the process exits. */
export async function waitReady(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`${server.name} exited (${server.child.exitCode ?? server.child.signalCode}) before it was ready:\n${server.output()}`);
    }
    try {
      const res = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${server.name} not ready after ${timeoutMs} ms (last: ${last}):\n${server.output()}`);
}
