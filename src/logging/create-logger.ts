import pino, { type DestinationStream, type Logger } from 'pino';
import { maskLogLine } from './mask-log-line';

/** Keys whose values are secrets or personal data: replaced in every log line, at any of these places. */
const REDACT = [
  'token',
  '*.token',
  'password',
  '*.password',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'phone',
  '*.phone',
  'mobile',
  '*.mobile',
  'nationalId',
  '*.nationalId',
  'idNumber',
  '*.idNumber',
];

/**
 * The one logger: pino, JSON lines. Secrets and personal-data keys are removed by pino `redact`; phone
 * and ID numbers in free text are masked on the finished line, ids are left whole ({@link maskLogLine}
 * says how the two are told apart).
 */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT, censor: '[redacted]' },
      hooks: { streamWrite: maskLogLine },
    },
    options.destination,
  );
}
