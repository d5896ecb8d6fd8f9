import { sessionPath } from './conversation';
import { newId, post } from './http';
import { deliver } from './outbox';
import { el } from './page';
import { current, limitsParams, showStatus } from './texts';
import type { Choice, Location, VisitorEntry } from './wire';

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
