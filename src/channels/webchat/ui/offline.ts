import { el } from './page';
import { showStatus } from './texts';

/**
 * Whether the server answers, as the page last found it, and the notice that says it does not: a line
 * and a retry button (index.html, #offline), labelled from the bundled texts when the server never
 * answered. Every request that fails for want of the server reports here, and every answer clears it.
 */
const whenBackActions: (() => void)[] = [];

/** Something to do when the server answers again after the notice was shown (reopen the stream, send). */
export function whenBack(action: () => void): void {
  whenBackActions.push(action);
}

export function isOffline(): boolean {
  return !el.offline.hidden;
}

/** The server could not be reached (a network error or a 5xx from a proxy in front of it). */
export function unreachable(): void {
  el.retry.disabled = false;
  el.retry.removeAttribute('aria-busy');
  // The notice says it; a "connecting…" or "trying again" line under it would contradict it.
  showStatus(null);
  el.offline.hidden = false;
}

/** The server answered. */
export function reachable(): void {
  if (el.offline.hidden) return;
  el.offline.hidden = true;
  el.retry.disabled = false;
  el.retry.removeAttribute('aria-busy');
  for (const action of whenBackActions) action();
}

/** While a retry is under way the button cannot be pressed again (one attempt at a time). */
export function retrying(): void {
  el.retry.disabled = true;
  el.retry.setAttribute('aria-busy', 'true');
  showStatus('status.connecting');
}
