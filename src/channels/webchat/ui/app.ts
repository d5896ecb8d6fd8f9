/*
 * Tawasul web chat page (index.html): typed DOM code without dependencies, bundled with esbuild when
 * the app starts (src/http/ui-bundle.ts) and served as /webchat/app.js. It talks to the documented API
 * beside it (docs/channels/webchat.md). Every visible text comes from the locales (locales/*.json, keys
 * webchat.*): bundled into the script, so the page is labelled and can say it is offline before the
 * server answers, then from `api/texts`. Nothing a person reads is written in these files.
 */
import { botActions } from './chat-log';
import { el } from './page';
import { sendChoice, sendTyped, shareLocation, upload } from './sending';
import { begin, forget, retry } from './session';
import { initialLanguage, useBundledTexts } from './texts';

const query = new URLSearchParams(location.search);

botActions.choose = (choice, group) => void sendChoice(choice, group);
botActions.shareLocation = shareLocation;

el.form.addEventListener('submit', (e) => {
  e.preventDefault();
  void sendTyped();
});
el.input.addEventListener('keydown', (e) => {
  // Enter sends, Shift+Enter is a new line; not while an input method is composing a word.
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    void sendTyped();
  }
});
el.attach.addEventListener('click', () => el.file.click());
el.file.addEventListener('change', () => {
  const file = el.file.files?.[0];
  el.file.value = '';
  if (file) void upload(file);
});
el.forget.addEventListener('click', forget);
el.retry.addEventListener('click', () => void retry());

if (query.get('embed') === '1') {
  document.documentElement.classList.add('embedded');
  // In the widget's frame: Escape closes the panel, and opening it puts the cursor in the box.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') window.parent.postMessage({ type: 'tawasul:close' }, '*');
  });
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    if ((e.data as { type?: unknown } | null)?.type === 'tawasul:focus') el.input.focus();
  });
}

useBundledTexts(initialLanguage(query));
void begin();
