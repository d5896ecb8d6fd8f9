/*
 * Tawasul web chat page (index.html): typed DOM code without dependencies, bundled with esbuild when
 * the app starts (src/http/ui-bundle.ts) and served as /webchat/app.js. It talks to the documented API
 * beside it (docs/channels/webchat.md). Every visible text comes from `api/texts` (locales/*.json, keys
 * webchat.*); nothing a person reads is written in these files.
 */
import { botActions } from './chat-log';
import { el } from './page';
import { sendChoice, sendTyped, shareLocation, upload } from './sending';
import { begin, forget } from './session';
import { initialLanguage, loadTexts } from './texts';

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

function start(): void {
  loadTexts(initialLanguage(query)).then(begin, () => {
    // Without texts there is nothing to show yet, not even an error: try again shortly.
    setTimeout(start, 5000);
  });
}

start();
