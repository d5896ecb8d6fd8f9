import { conversation, sessionPath } from './conversation';
import { API } from './http';
import { el } from './page';
import { current, t } from './texts';
import type { BotMessage, Choice, VisitorEntry } from './wire';

/** What the bot's buttons do; the sending side fills these in (app.ts), so this file draws only. */
export const botActions = {
  choose: (_choice: Choice, _group: HTMLElement): void => undefined,
  shareLocation: (): void => undefined,
};

function bubble(who: 'bot' | 'visitor'): HTMLDivElement {
  const node = document.createElement('div');
  node.className = `msg ${who}`;
  const label = document.createElement('span');
  label.className = 'visually-hidden';
  const key = who === 'bot' ? 'bot' : 'you';
  label.setAttribute('data-who', key);
  label.textContent = `${t(key)}: `;
  node.appendChild(label);
  return node;
}

function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.setAttribute('dir', 'auto');
  p.textContent = text;
  return p;
}

/** Adds a message, following the end of the log unless the visitor scrolled up to read. */
function append(node: HTMLElement): void {
  const log = el.log;
  const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  log.appendChild(node);
  if (atEnd || node.classList.contains('visitor')) log.scrollTop = log.scrollHeight;
}

function visitorText(entry: VisitorEntry): string {
  const file = entry.media?.[0];
  if (file) return t('sentFile', { name: file.fileName ?? file.mimeType ?? '' });
  if (entry.location) {
    return t('sentLocation', {
      latitude: entry.location.latitude.toFixed(5),
      longitude: entry.location.longitude.toFixed(5),
    });
  }
  return entry.text || entry.choiceId || '';
}

/**
 * The page's own invitation at the start of a new conversation, drawn like the service's lines. It is
 * never sent: the conversation starts with whatever the visitor writes first, not with words put in
 * their mouth. Shown once however often the page (re)connects; its text follows the page's language.
 */
export function renderWelcome(): void {
  if (el.log.querySelector('.msg.welcome')) return;
  const node = bubble('bot');
  node.classList.replace('bot', 'welcome');
  const line = paragraph(t('welcome', { association: current.association }));
  line.setAttribute('data-text', 'welcome');
  node.appendChild(line);
  // Above what the visitor wrote while the page could not reach the server: the invitation comes first.
  if (el.log.firstChild) el.log.prepend(node);
  else append(node);
}

/** Shows what the visitor sent, once per client id; null when it is already shown. */
export function renderVisitor(entry: VisitorEntry, pending: boolean): HTMLDivElement | null {
  if (conversation.shown.has(entry.id)) return null;
  conversation.shown.add(entry.id);
  const node = bubble('visitor');
  if (pending) node.classList.add('pending');
  node.appendChild(paragraph(visitorText(entry)));
  append(node);
  return node;
}

function choicesGroup(choices: Choice[]): HTMLDivElement {
  // Only the newest question's buttons answer: older ones are answered or stale.
  el.log.querySelectorAll<HTMLButtonElement>('.choices button').forEach((button) => (button.disabled = true));
  const group = document.createElement('div');
  group.className = 'choices';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', t('choices'));
  for (const choice of choices) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = choice.label;
    button.setAttribute('dir', 'auto');
    button.addEventListener('click', () => botActions.choose(choice, group));
    group.appendChild(button);
  }
  return group;
}

function downloadLink(message: Extract<BotMessage, { kind: 'document' }>): HTMLAnchorElement {
  const link = document.createElement('a');
  link.className = 'action';
  link.href = API + sessionPath(`documents/${encodeURIComponent(message.ref)}`);
  link.setAttribute('download', message.fileName);
  link.textContent = t('download', { name: message.fileName });
  return link;
}

function shareButton(): HTMLButtonElement {
  const share = document.createElement('button');
  share.type = 'button';
  share.className = 'action';
  share.setAttribute('data-text', 'shareLocation');
  share.textContent = t('shareLocation');
  share.addEventListener('click', () => botActions.shareLocation());
  return share;
}

/** Shows one reply of the bot (or of staff through it); a kind this page does not know is skipped. */
export function renderBot(message: BotMessage): void {
  const node = bubble('bot');
  switch (message.kind) {
    case 'text':
      node.appendChild(paragraph(message.text));
      break;
    case 'choices':
      node.appendChild(paragraph(message.text));
      node.appendChild(choicesGroup(message.choices));
      break;
    case 'document':
      if (message.caption) node.appendChild(paragraph(message.caption));
      node.appendChild(downloadLink(message));
      break;
    case 'location-request':
      node.appendChild(paragraph(message.text));
      node.appendChild(shareButton());
      break;
    default:
      return;
  }
  append(node);
}
