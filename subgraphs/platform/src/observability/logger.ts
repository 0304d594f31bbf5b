import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (pino). One root logger per process; services take children with
 * `logger.child({ service })` so every line says where it came from.
 */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { pid: process.pid, ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'headers.authorization', 'authorization'],
      censor: '[redacted]',
    },
  });
}
