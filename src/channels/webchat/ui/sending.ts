import { renderVisitor } from './chat-log';
import { conversation, sessionPath } from './conversation';
import { newId, post, type Answer } from './http';
import { el } from './page';
import { pollSoon } from './receiving';
import { current, limitsParams, showStatus } from './texts';
import type { Choice, Location, VisitorEntry } from './wire';

/** The status text for a refused post, or null when it was taken. */
function refused(res: Answer): string | null {
  if (res.status === 429) return 'status.rateLimited';
  if (res.status === 413) return 'status.tooLarge';
  if (res.status === 415) return 'status.badType';
  return res.status === 202 ? null : 'status.sendFailed';
}

/**
 * Shows the message as pending, posts it, and marks it sent; a refused or lost message is taken off
 * the log with the reason in the status line. Resolves whether it was taken.
 */
async function deliver(
  id: string,
  shownAs: Omit<VisitorEntry, 'id'>,
  send: () => Promise<Answer>,
): Promise<boolean> {
  const node = renderVisitor({ id, ...shownAs }, true);
  try {
    const problem = refused(await send());
    if (problem) throw new Error(problem);
    node?.classList.remove('pending');
    showStatus(null);
    pollSoon();
    return true;
  } catch (err) {
    node?.remove();
    conversation.shown.delete(id);
    const problem =
      err instanceof Error && err.message.startsWith('status.') ? err.message : 'status.sendFailed';
    showStatus(problem, limitsParams());
    return false;
  }
}

export function sendMessage(
  fields: { text?: string; choiceId?: string; location?: Location },
  shownAs: Omit<VisitorEntry, 'id'>,
): Promise<boolean> {
  const id = newId();
  const body = { clientMessageId: id, language: current.lang, ...fields };
  return deliver(id, shownAs, () => post(sessionPath('messages'), body));
}

export async function sendChoice(choice: Choice, group: HTMLElement): Promise<void> {
  const buttons = group.querySelectorAll('button');
  buttons.forEach((b) => (b.disabled = true));
  const ok = await sendMessage({ choiceId: choice.id, text: choice.label }, { text: choice.label });
  if (!ok) buttons.forEach((b) => (b.disabled = false));
  el.input.focus();
}

export async function sendTyped(): Promise<void> {
  const text = el.input.value.trim();
  if (!text) return;
  el.input.value = '';
  const ok = await sendMessage({ text }, { text });
  if (!ok && !el.input.value) el.input.value = text;
}

export async function upload(file: File): Promise<void> {
  const { maxBytes, mimeTypes } = current.uploads;
  if (file.size > maxBytes) return showStatus('status.tooLarge', limitsParams());
  if (file.type && !mimeTypes.includes(file.type)) return showStatus('status.badType');
  const id = newId();
  showStatus('status.uploading');
  await deliver(id, { media: [{ fileName: file.name, mimeType: file.type }] }, () =>
    post(sessionPath('uploads'), file, {
      'content-type': file.type || 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name),
      'x-client-message-id': id,
    }),
  );
}

export function shareLocation(): void {
  if (!('geolocation' in navigator)) return showStatus('status.locationUnavailable');
  navigator.geolocation.getCurrentPosition(
    (position) => {
      const location = { latitude: position.coords.latitude, longitude: position.coords.longitude };
      void sendMessage({ location }, { location });
    },
    () => showStatus('status.locationUnavailable'),
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );
}
