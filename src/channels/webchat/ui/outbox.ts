import { renderVisitor } from './chat-log';
import { conversation } from './conversation';
import type { Answer } from './http';
import { reachable, unreachable, whenBack } from './offline';
import { pollSoon } from './receiving';
import { limitsParams, showStatus } from './texts';
import type { VisitorEntry } from './wire';

/**
 * The visitor's messages on their way, oldest first. A message the server could not be reached for
 * stays here, shown as pending, and goes again (with the same client id, so the server counts it once)
 * when the server answers or the visitor presses retry; it is never typed again nor lost. One message
 * is in flight at a time, so they arrive in the order written and none is posted twice at once.
 */
interface Outgoing {
  id: string;
  node: HTMLDivElement | null;
  send: () => Promise<Answer>;
  /** Told once, when the server took the message (true) or refused it (false). */
  settle: (taken: boolean) => void;
}

const waiting: Outgoing[] = [];
let flushing = false;

/** The status text for a refused post, or null when it was taken. */
function refused(res: Answer): string | null {
  if (res.status === 429) return 'status.rateLimited';
  if (res.status === 413) return 'status.tooLarge';
  if (res.status === 415) return 'status.badType';
  return res.status === 202 ? null : 'status.sendFailed';
}

/** No answer, or a 5xx (a proxy before a stopped app): the server is away, not refusing this message. */
function serverAway(res: Answer | null): boolean {
  return !res || (res.status >= 500 && res.body.error !== 'ERR_UPLOADS_DISABLED');
}

/** Shows the message as pending and sends it in turn; resolves when it is taken (true) or refused (false). */
export function deliver(
  id: string,
  shownAs: Omit<VisitorEntry, 'id'>,
  send: () => Promise<Answer>,
): Promise<boolean> {
  const node = renderVisitor({ id, ...shownAs }, true);
  return new Promise((settle) => {
    waiting.push({ id, node, send, settle });
    void flush();
  });
}

/** Sends what waits, in order, while the session is open and the server answers. */
export async function flush(): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    while (conversation.open && waiting.length) {
      const next = waiting[0]!;
      const res = await next.send().catch(() => null);
      // Forgotten while it was on its way: the answer is for a conversation no longer shown.
      if (waiting[0] !== next) continue;
      if (serverAway(res)) return unreachable();
      waiting.shift();
      reachable();
      const problem = refused(res!);
      if (problem) {
        next.node?.remove();
        conversation.shown.delete(next.id);
        showStatus(problem, limitsParams());
      } else {
        next.node?.classList.remove('pending');
        showStatus(null);
        pollSoon();
      }
      next.settle(!problem);
    }
  } finally {
    flushing = false;
  }
}

/** The conversation was forgotten: what waited belonged to it. */
export function dropWaiting(): void {
  for (const item of waiting.splice(0)) item.settle(false);
}

whenBack(() => void flush());
