import { maskSensitive } from './mask-sensitive';
import { redactSessionPaths } from './redact-session-paths';

/**
 * Keys whose values are ids Tawasul made itself (or a proxy's request id): written exactly as they are,
 * so `grep <reqId>` finds the lines of a request and a timer's id matches BullMQ's. None of them is
 * derived from a person's address: a channel's ids (`chatId`, `channelUserId`, `channelMessageId`,
 * which hold a phone number, a Telegram id or a web chat session) are not here and stay masked.
 */
const OUR_IDS = new Set([
  'reqId',
  'requestId',
  'timer',
  'timerId',
  'jobId',
  'jobIds',
  'outboxId',
  'outboxIds',
  'conversationId',
  'beneficiaryId',
  'staffId',
  'inboundId',
  'handoffId',
  'documentId',
  'subjectId',
  'reference',
  'references',
  'ref',
  'flowId',
  'serviceId',
  'categoryId',
  'keyId',
  'keyIds',
  'currentKeyId',
  'mergeId',
  'migration',
  'hash',
  'sha256',
  'pid',
  'redisPid',
]);

const MAX_DEPTH = 8;
/** A JSON string literal, escapes included. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

const maskText = (text: string) => maskSensitive(redactSessionPaths(text));

function maskValue(value: unknown, key: string | undefined, depth: number): unknown {
  if (key !== undefined && OUR_IDS.has(key)) return value;
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  // An array's items are what its key names (`jobIds: [...]`).
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, k, depth + 1)]));
}

/**
 * Masks one finished log line, after pino's `redact` removed the personal-data and secret keys and every
 * serializer ran (Fastify writes the request URL itself, so a `?mobile=…` is only visible here).
 *
 * The design: personal data is found by key (pino `redact`: phone, nationalId, token…) and, in free text
 * (`msg`, message texts, error messages and stacks, URLs and their query strings), by shape: phone and
 * ID numbers in any digit script or percent-encoded ({@link maskSensitive}), web chat session ids in
 * paths ({@link redactSessionPaths}). Ids are never rewritten: the keys in `OUR_IDS` are written as they
 * are, and UUIDs, references and hashes inside free text keep their shape. Numbers stay numbers.
 */
export function maskLogLine(line: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    // Not one JSON object (pino always writes one; this is the safe side): every string is free text.
    return line.replace(JSON_STRING, maskText);
  }
  const masked = JSON.stringify(maskValue(entry, undefined, 0));
  return line.endsWith('\n') ? `${masked}\n` : masked;
}
