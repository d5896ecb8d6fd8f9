import { renderBot, renderVisitor, renderWelcome } from './chat-log';
import { conversation, sessionPath } from './conversation';
import { request } from './http';
import { el } from './page';
import { listen, stopListening } from './receiving';
import { store, STORE, stored } from './storage';
import { followLanguage, showStatus, t } from './texts';
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

export async function begin(): Promise<void> {
  showStatus('status.connecting');
  try {
    const fresh = await openSession();
    showStatus(null);
    listen();
    // A new conversation waits for the visitor: the page invites them to write and sends nothing in
    // their name. Their first message, whatever it says, is answered with the service's welcome.
    if (fresh) renderWelcome();
  } catch (err) {
    const notYet = err instanceof NotYet ? err : null;
    showStatus(notYet?.status ?? 'status.offline');
    setTimeout(() => void begin(), notYet?.waitMs ?? 5000);
  }
}

/** Forgets the conversation on this device (after asking) and starts a new one. */
export function forget(): void {
  if (!window.confirm(t('forgetConfirm'))) return;
  stopListening();
  store(STORE.session, null);
  conversation.sessionId = null;
  conversation.lastSeq = 0;
  conversation.shown = new Set();
  el.log.textContent = '';
  void begin();
}
