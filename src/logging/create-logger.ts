import pino, { type DestinationStream, type Logger } from 'pino';
import { maskSensitive } from './mask-sensitive';
import { redactSessionPaths } from './redact-session-paths';

/** Keys whose values are secrets or personal data: removed from every log line. */
const REDACT = [
  'token',
  '*.token',
  'password',
  '*.password',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  '*.phone',
  'phone',
  '*.nationalId',
  'nationalId',
];

const MAX_DEPTH = 6;

/** A JSON string literal, escapes included. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSensitive(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  // Only plain data is rewritten: requests, responses and errors go to pino's own serializers intact.
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}

/**
 * The one logger: pino, JSON lines, with secrets removed by key and phone/ID numbers masked
 * wherever they appear in a message or a field, a serialised request or an error.
 */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskSensitive(a) : a)) as typeof args;
          return method.apply(this, masked);
        },
        // The last line of defence, on the finished line: what no formatter saw (Fastify serialises the
        // request URL itself, so `?mobile=…` reached the logs) is masked too, inside JSON strings only
        // (the time and other numbers stay numbers). Web chat session ids in URLs (request lines, error
        // messages) are replaced by a short hash there too.
        streamWrite: (line) => line.replace(JSON_STRING, (s) => maskSensitive(redactSessionPaths(s))),
      },
    },
    options.destination,
  );
}
