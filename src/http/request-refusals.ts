import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Top-level body fields whose NUL characters and lone surrogates are replaced with U+FFFD instead of
     * refused (a person's message: they keep what they wrote), or `'everywhere'` in the body (a platform's
     * webhook, which would only send a refused update again). Anywhere else such text answers 400.
     */
    repairText?: readonly string[] | 'everywhere';
  }
}

export interface Issue {
  path: string;
  message: string;
}

/** A refusal of the request itself (not of a route's rules): status, documented code, what was wrong. */
export interface Refusal {
  status: number;
  code: 'ERR_VALIDATION' | 'ERR_INVALID_JSON' | 'ERR_BODY_TOO_LARGE' | 'ERR_UNSUPPORTED_MEDIA_TYPE';
  message: string;
  issues?: Issue[];
}

/** Thrown by the text guard; every error handler answers it 400 `ERR_VALIDATION` with its issues. */
export class MalformedTextError extends Error {
  readonly statusCode = 400;
  readonly code = 'ERR_VALIDATION';
  constructor(readonly issues: Issue[]) {
    super('text with a NUL character or a lone surrogate');
    this.name = 'MalformedTextError';
  }
}

/** NUL (PostgreSQL refuses it in text) and UTF-16 surrogates without their other half (not Unicode). */
// eslint-disable-next-line no-control-regex -- NUL is what this looks for
const MALFORMED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MALFORMED_ALL = new RegExp(MALFORMED.source, 'g');
const MAX_DEPTH = 32;

export const isMalformedText = (text: string): boolean => MALFORMED.test(text);
/** Replaces NUL and lone surrogates with U+FFFD, as a decoder does with bytes it cannot read. */
export const repairText = (text: string): string => text.replace(MALFORMED_ALL, '\uFFFD');

/** `value` with every string (and key) repaired. */
function repairAll(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return isMalformedText(value) ? repairText(value) : value;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || Buffer.isBuffer(value))
    return value;
  if (Array.isArray(value)) return value.map((v) => repairAll(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [repairText(k), repairAll(v, depth + 1)]));
}

/** Paths of every malformed string (or key) in `value`, like `body.items.0.name`. */
function malformedPaths(value: unknown, path: string, out: string[], depth = 0): void {
  if (typeof value === 'string') {
    if (isMalformedText(value)) out.push(path);
    return;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || Buffer.isBuffer(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (isMalformedText(key)) out.push(path ? `${path}.${repairText(key)}` : repairText(key));
    else malformedPaths(inner, at, out, depth + 1);
  }
}

/**
 * The guard every route passes (a `preValidation` hook of the app): text no database can store and no
 * JSON should carry is a 400 with the field's path, not a 500 from PostgreSQL later. Fields a route lists
 * in `config.repairText` are repaired instead.
 */
export async function guardText(req: FastifyRequest): Promise<void> {
  const repair = req.routeOptions.config?.repairText;
  if (repair === 'everywhere') req.body = repairAll(req.body);
  const repairable = new Set(repair === 'everywhere' || repair === undefined ? [] : repair);
  const body = req.body;
  if (repairable.size > 0 && body && typeof body === 'object' && !Array.isArray(body)) {
    const fields = body as Record<string, unknown>;
    for (const field of repairable) {
      const value = fields[field];
      if (typeof value === 'string' && isMalformedText(value)) fields[field] = repairText(value);
    }
  }
  const paths: string[] = [];
  malformedPaths(req.params, '', paths);
  malformedPaths(req.query, '', paths);
  malformedPaths(body, '', paths);
  if (paths.length > 0) {
    throw new MalformedTextError(
      paths.map((path) => ({
        path: path || '(body)',
        message: 'contains a NUL character or a lone UTF-16 surrogate',
      })),
    );
  }
}

const INVALID_JSON: Refusal = {
  status: 400,
  code: 'ERR_INVALID_JSON',
  message: 'the body is not valid JSON',
};
const FASTIFY_REFUSALS: Readonly<Record<string, Refusal>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'ERR_BODY_TOO_LARGE',
    message: 'the request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'ERR_UNSUPPORTED_MEDIA_TYPE',
    message: 'send the body as application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: INVALID_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: INVALID_JSON,
};

/**
 * What a refused request answers, for every route: Fastify's own refusals (a body too large, of a type
 * no parser takes, not JSON) under documented codes, never Fastify's `FST_…` ones. `undefined` for
 * anything else.
 */
export function refusalOf(err: { statusCode?: number; code?: string; message: string }): Refusal | undefined {
  if (err instanceof MalformedTextError)
    return { status: 400, code: 'ERR_VALIDATION', message: err.message, issues: err.issues };
  const known = err.code ? FASTIFY_REFUSALS[err.code] : undefined;
  if (known) return { ...known };
  // secure-json-parse's own SyntaxError (a body that is not JSON) carries only the status.
  if ((err as unknown) instanceof SyntaxError && err.statusCode === 400) return { ...INVALID_JSON };
  if (err.statusCode === 400)
    return {
      status: 400,
      code: 'ERR_VALIDATION',
      message: 'the request is malformed',
      issues: [{ path: '(request)', message: err.message }],
    };
  return undefined;
}
