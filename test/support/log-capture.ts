import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/logging/create-logger';

/** One log line as pino wrote it (levels: 20 debug, 30 info, 40 warn, 50 error). */
export interface LogEntry {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/**
 * The app's own logger (masking and all) writing into memory: `raw` holds the lines as written,
 * `entries` the same lines parsed, for tests that read what an operator would see.
 */
export function captureLogs(level = 'debug'): { logger: Logger; raw: string[]; entries: () => LogEntry[] } {
  const raw: string[] = [];
  const logger = createLogger({
    level,
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        raw.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    }),
  });
  return { logger, raw, entries: () => raw.map((line) => JSON.parse(line) as LogEntry) };
}
