import { renderBot, renderVisitor, renderWelcome } from './chat-log';
import { conversation, sessionPath } from './conversation';
import { request } from './http';
import { el } from './page';
import { isOffline, reachable, retrying, unreachable, whenBack } from './offline';
import { dropWaiting, flush } from './outbox';
import { listen, poll, stopListening } from './receiving';
import { store, STORE, stored } from './storage';
import { current, followLanguage, hasServerTexts, loadTexts, showStatus, t } from './texts';
import type { History } from './wire';

/** A session that could not open yet: the status to show and how long to wait before trying again. */
class NotYet extends Error {
  constructor(
    readonly status: string,
    readonly waitMs: number,
  ) {
    super(status);
  }
}

function showHistory(history: History): Promise<void> {
  for (const entry of history.entries) {
    if (entry.from === 'visitor') {
      renderVisitor(entry, false);
      continue;
    }
    if (entry.seq > conversation.lastSeq) conversation.lastSeq = entry.seq;
    renderBot(entry.message);
  }
  conversation.lastSeq = Math.max(conversation.lastSeq, history.lastSeq ?? 0);
  return followLanguage(history.language);
}

/** Continues the stored session (showing its history) or opens a new one; true when it is new and empty. */
async function openSession(): Promise<boolean> {
  const existing = stored(STORE.session);
  if (existing) {
    conversation.sessionId = existing;
    const res = await request<History>('GET', sessionPath('history'));
    if (res.status !== 200) throw new Error(`history ${res.status}`);
    await showHistory(res.body);
    return res.body.entries.length === 0;
  }
  const res = await request<{ sessionId?: string; retryAfterSeconds?: number }>('POST', 'sessions', {});
  if (res.status === 429) {
    // Too many new chats from this network (ERR_TOO_MANY_SESSIONS): say so, and wait as asked.
    throw new NotYet('status.tooManySessions', Math.max(5000, (res.body.retryAfterSeconds ?? 0) * 1000));
  }
  if (res.status !== 201 || !res.body.sessionId) throw new Error(`session ${res.status}`);
  conversation.sessionId = res.body.sessionId;
  store(STORE.session, conversation.sessionId);
  return true;
}

/** The next try to open the session by itself, and how long after a failure it waits (doubling to 30 s). */
let nextTry: ReturnType<typeof setTimeout> | undefined;
let pauseMs = 5000;
/** One opening at a time: two would each create a session. */
let opening = false;

/**
 * Loads the texts (if the server has not given them yet) and opens the session; a failure shows the
 * offline notice and tries again by itself after a pause. What the visitor wrote meanwhile waits in the
 * outbox and is sent once the session is open.
 */
export async function begin(): Promise<void> {
  if (opening) return;
  opening = true;
  clearTimeout(nextTry);
  if (!isOffline()) showStatus('status.connecting');
  try {
    if (!hasServerTexts()) await loadTexts(current.lang);
    const fresh = await openSession();
    conversation.open = true;
    pauseMs = 5000;
    showStatus(null);
    // The stream first: clearing the notice would otherwise open one for the "back" actions, then another.
    listen();
    reachable();
    // A new conversation waits for the visitor: the page invites them to write and sends nothing in
    // their name. Their first message, whatever it says, is answered with the service's welcome.
    if (fresh) renderWelcome();
    void flush();
  } catch (err) {
    const notYet = err instanceof NotYet ? err : null;
    if (notYet) showStatus(notYet.status);
    else unreachable();
    nextTry = setTimeout(() => void begin(), notYet?.waitMs ?? pauseMs);
    if (!notYet) pauseMs = Math.min(pauseMs * 2, 30_000);
  } finally {
    opening = false;
  }
}

/** The offline notice's button: try now rather than at the next pause. */
export async function retry(): Promise<void> {
  retrying();
  if (!conversation.open) return begin();
  // The session is open: the server's answer to a poll clears the notice, which sends what waits.
  await poll();
}

// Back after the notice: a stream the browser gave up on is opened again.
whenBack(() => {
  const events = conversation.events;
  if (conversation.open && window.EventSource && (!events || events.readyState === EventSource.CLOSED))
    listen();
});

/** Forgets the conversation on this device (after asking) and starts a new one. */
export function forget(): void {
  if (!window.confirm(t('forgetConfirm'))) return;
  stopListening();
  dropWaiting();
  store(STORE.session, null);
  conversation.open = false;
  conversation.sessionId = null;
  conversation.lastSeq = 0;
  conversation.shown = new Set();
  el.log.textContent = '';
  void begin();
}
