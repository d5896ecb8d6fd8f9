import pino, { type DestinationStream, type Logger } from 'pino';
import { maskSensitive } from './mask-sensitive';

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
 * wherever they appear in a message or a field.
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
      },
    },
    options.destination,
  );
}
