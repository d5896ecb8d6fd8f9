import type { SendResult } from '../channel-adapter';

/**
 * The recipient id itself is wrong: retrying cannot help. WhatsApp Web reports it from its wid factory
 * ("invalid wid", "wid error") or when a number has no WhatsApp account.
 */
const INVALID_RECIPIENT =
  /invalid wid|wid error|not a valid (?:wid|chat|user)|no lid for user|not registered/i;

/**
 * The page or the connection is not there (the browser closed, WhatsApp Web reloading, a timeout):
 * the same send will work once the session is back. Listed to tell the session to check its health.
 */
const CONNECTION_LOST =
  /session closed|target closed|protocol error|execution context was destroyed|detached frame|navigat|not opened|timed? ?out|econnreset|socket hang up|reading 'evaluate'/i;

export type SendFailure = Extract<SendResult, { ok: false }> & { connectionLost: boolean };

/**
 * Maps whatever whatsapp-web.js (puppeteer underneath) threw to a send result. Anything not known to
 * be permanent is retryable: the worker's attempts and backoff bound it, and most faults of a browser
 * driving a web app are passing.
 */
export function classifySendError(error: unknown): SendFailure {
  const text = describe(error);
  if (INVALID_RECIPIENT.test(text)) {
    return { ok: false, retryable: false, error: `invalid recipient: ${text}`, connectionLost: false };
  }
  return { ok: false, retryable: true, error: text, connectionLost: CONNECTION_LOST.test(text) };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
