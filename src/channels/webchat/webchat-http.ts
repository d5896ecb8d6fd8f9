import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { WEBCHAT_SESSION_ID } from './webchat-channel';
import type { FloodAnswer, WebChatFloodGuard } from './webchat-flood-guard';

/** Every error the web chat API answers with; docs/channels/webchat.md lists them (a test checks). */
export const WEBCHAT_ERRORS = {
  ERR_VALIDATION: 400,
  ERR_INVALID_JSON: 400,
  ERR_NOT_FOUND: 404,
  ERR_BODY_TOO_LARGE: 413,
  ERR_UPLOAD_TOO_LARGE: 413,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_UPLOAD_TYPE: 415,
  ERR_RATE_LIMITED: 429,
  ERR_TOO_MANY_SESSIONS: 429,
  ERR_TOO_MANY_STREAMS: 429,
  ERR_UPLOADS_DISABLED: 503,
} as const;
export type WebChatErrorCode = keyof typeof WEBCHAT_ERRORS;

export const SessionParams = z.object({
  sessionId: z.string().regex(WEBCHAT_SESSION_ID, 'not a web chat session id'),
});

/** Validation failures answer 400 with the field path, the same shape on every route. */
export function badRequest(issues: z.core.$ZodIssue[]) {
  return {
    error: 'ERR_VALIDATION' as const,
    issues: issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
  };
}

export function sendError(
  reply: FastifyReply,
  error: WebChatErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return reply.code(WEBCHAT_ERRORS[error]).send({ error, message, ...extra });
}

/** 429 for a message the spine refused as part of a flood (over the sender's inbound budget, on any channel). */
export function floodLimited(reply: FastifyReply, retryAfterMs: number): FastifyReply {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return sendError(reply.header('retry-after', String(seconds)), 'ERR_RATE_LIMITED', 'too many messages', {
    retryAfterSeconds: seconds,
  });
}

/** 429 with `retry-after` (seconds) for a refusal of the flood guard. */
export function floodRefused(reply: FastifyReply, answer: Extract<FloodAnswer, { ok: false }>): FastifyReply {
  const seconds = Math.max(1, Math.ceil(answer.retryAfterMs / 1000));
  const [code, message]: [WebChatErrorCode, string] =
    answer.limit === 'sessions'
      ? ['ERR_TOO_MANY_SESSIONS', 'too many new chat sessions from this address']
      : ['ERR_RATE_LIMITED', 'too many messages'];
  return sendError(reply.header('retry-after', String(seconds)), code, message, {
    limit: answer.limit,
    retryAfterSeconds: seconds,
  });
}

/**
 * Counts one post of `sessionId` from the request's address (`req.ip`: the proxy's X-Forwarded-For when
 * HTTP_TRUST_PROXY is on); when it is one too many, answers 429 and returns the reply.
 */
export function rateLimited(
  reply: FastifyReply,
  guard: WebChatFloodGuard,
  sessionId: string,
): FastifyReply | undefined {
  const answer = guard.post(reply.request.ip, sessionId);
  return answer.ok ? undefined : floodRefused(reply, answer);
}
