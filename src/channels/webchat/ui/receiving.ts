import { renderBot } from './chat-log';
import { conversation, sessionPath } from './conversation';
import { API, request } from './http';
import { reachable, unreachable } from './offline';
import { followLanguage } from './texts';
import type { Batch } from './wire';

/** How often the page looks for replies while server-sent events are down. */
const POLL_MS = 3000;

/** Shows the replies after the last one shown, then follows the conversation's language. */
export function receive(batch: Batch): Promise<void> {
  for (const delivery of batch.messages ?? []) {
    if (delivery.seq <= conversation.lastSeq) continue;
    conversation.lastSeq = delivery.seq;
    renderBot(delivery.message);
  }
  return followLanguage(batch.language);
}

/** Looks for replies; whether the server answered (a 5xx is a proxy before a stopped app). */
export async function poll(): Promise<boolean> {
  try {
    const res = await request<Batch>('GET', sessionPath(`messages?after=${conversation.lastSeq}`));
    if (res.status >= 500) throw new Error(`messages ${res.status}`);
    reachable();
    if (res.status === 200) await receive(res.body);
    return true;
  } catch {
    unreachable();
    return false;
  }
}

/** After a message is taken: without server-sent events, look for the reply soon rather than at the next tick. */
export function pollSoon(): void {
  if (conversation.pollTimer) setTimeout(() => void poll(), 500);
}

function startPolling(): void {
  if (conversation.pollTimer) return;
  conversation.pollTimer = setInterval(() => void poll(), POLL_MS);
}

export function stopListening(): void {
  conversation.events?.close();
  conversation.events = null;
  if (conversation.pollTimer) clearInterval(conversation.pollTimer);
  conversation.pollTimer = null;
}

/** Replies by server-sent events; by polling where the browser has none, or while the stream is down. */
export function listen(): void {
  conversation.events?.close();
  if (!window.EventSource) return startPolling();
  const events = new EventSource(API + sessionPath(`events?after=${conversation.lastSeq}`));
  conversation.events = events;
  events.addEventListener('messages', (e: MessageEvent<string>) => void receive(JSON.parse(e.data) as Batch));
  events.onopen = () => {
    if (conversation.pollTimer) clearInterval(conversation.pollTimer);
    conversation.pollTimer = null;
    reachable();
  };
  // The browser reconnects by itself (with Last-Event-ID); until then, and for good if it gave up, poll.
  // A poll that finds no server shows the offline notice: a dropped stream alone may be a blip.
  events.onerror = startPolling;
}
