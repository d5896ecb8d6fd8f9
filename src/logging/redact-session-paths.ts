import { createHash } from 'node:crypto';

/** `/webchat/api/sessions/<id>`, the id percent-encoded or not: whatever the path holds up to the next `/`, `?` or `#`. */
const SESSION_PATH = /(\/webchat\/api\/sessions\/)([^/?#"\s\\]+)/g;

/**
 * A web chat session id is the visitor's only key to their conversation: a log line that holds it would
 * let whoever reads the logs read the chat. Each id in a `/webchat/api/sessions/…` path becomes `~` and 8
 * hex digits of its SHA-256: the lines of one session still group together, the id cannot be recovered.
 */
export function redactSessionPaths(text: string): string {
  if (!text.includes('/webchat/api/sessions/')) return text;
  return text.replace(SESSION_PATH, (_all, prefix: string, id: string) => `${prefix}${sessionTag(id)}`);
}

/** The short, non-reversible tag a session id is logged as. */
export function sessionTag(sessionId: string): string {
  return `~${createHash('sha256').update(sessionId).digest('hex').slice(0, 8)}`;
}
