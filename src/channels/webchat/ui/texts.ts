import { BUNDLED_TEXTS } from './bundled-texts';
import { API } from './http';
import { el } from './page';
import { store, STORE, stored } from './storage';
import type { Lang, TextsAnswer } from './wire';

type Params = Record<string, string | number | undefined>;

/** The texts in use (GET api/texts: locales/*.json under `webchat.*`) and what they came with. */
export const current: Omit<TextsAnswer, 'dir'> = {
  lang: 'ar',
  texts: {},
  association: '',
  uploads: { maxBytes: 10 * 1024 * 1024, mimeTypes: [] },
};

/** The text at `key` with its `{{placeholders}}` filled; a key the locales lack shows nothing, never the key. */
export function t(key: string, params: Params = {}): string {
  const value = key.split('.').reduce<unknown>((node, part) => {
    return node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }, current.texts);
  const text = typeof value === 'string' ? value : '';
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) =>
    params[name] !== undefined ? String(params[name]) : '',
  );
}

/** Whether the texts in use came from the server (with the association's name and upload limits). */
let fromServer = false;
export const hasServerTexts = (): boolean => fromServer;

/** The language asked for in the address, then the one chosen before, then the browser's, then the page's (Arabic). */
export function initialLanguage(query: URLSearchParams): Lang {
  // An empty `?lang=` counts as none.
  const wanted = query.get('lang') || stored(STORE.lang);
  if (wanted === 'ar' || wanted === 'en') return wanted;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const code of preferred.map((c) => String(c || '').toLowerCase())) {
    if (code.startsWith('ar')) return 'ar';
    if (code.startsWith('en')) return 'en';
  }
  return document.documentElement.lang === 'en' ? 'en' : 'ar';
}

/**
 * The texts bundled into the page, until (or while) the server does not answer: the page is labelled from
 * its first moment and can say it is offline. Without the association's name the title is a plain one.
 */
export function useBundledTexts(lang: Lang): void {
  current.lang = lang;
  current.texts = BUNDLED_TEXTS[lang];
  fromServer = false;
  applyTexts(lang === 'ar' ? 'rtl' : 'ltr');
}

export async function loadTexts(lang: Lang): Promise<void> {
  const res = await fetch(`${API}texts?lang=${lang}`);
  if (!res.ok) throw new Error(`texts ${res.status}`);
  const body = (await res.json()) as TextsAnswer;
  current.lang = body.lang;
  current.texts = body.texts;
  current.association = body.association;
  current.uploads = body.uploads;
  fromServer = true;
  applyTexts(body.dir);
}

/** Writes the texts into every element that names one (`data-text`, `data-placeholder`, …). */
function applyTexts(dir: string): void {
  const root = document.documentElement;
  root.lang = current.lang;
  root.dir = dir;
  const association = { association: current.association };
  // "Chat with {{association}}" reads badly without the name, which only the server knows.
  const named = (key: string) => (key === 'title' && !current.association ? 'titleUnnamed' : key);
  document.title = t(named('title'), association);
  const each = (selector: string, draw: (node: Element, key: string) => void) =>
    document
      .querySelectorAll(selector)
      .forEach((node) => draw(node, node.getAttribute(selector.slice(1, -1)) ?? ''));
  each('[data-text]', (node, key) => (node.textContent = t(named(key), association)));
  each('[data-placeholder]', (node, key) => node.setAttribute('placeholder', t(key)));
  each('[data-label]', (node, key) => {
    node.setAttribute('aria-label', t(key));
    node.setAttribute('title', t(key));
  });
  each('[data-who]', (node, key) => (node.textContent = `${t(key)}: `));
  document.querySelectorAll('.choices').forEach((node) => node.setAttribute('aria-label', t('choices')));
  el.log.setAttribute('aria-label', t('logLabel'));
  el.file.setAttribute('accept', current.uploads.mimeTypes.join(','));
}

/** The conversation's language is the person's choice in the chat: the page follows it. */
export async function followLanguage(lang: string | null | undefined): Promise<void> {
  if ((lang !== 'ar' && lang !== 'en') || lang === current.lang) return;
  store(STORE.lang, lang);
  // On failure the current texts stay; the next reply tries again.
  await loadTexts(lang).catch(() => undefined);
}

export function showStatus(key: string | null, params?: Params): void {
  el.status.textContent = key ? t(key, params) : '';
}

/** The upload limit in megabytes, for the texts that name it. */
export function limitsParams(): Params {
  return { maxMb: Math.round((current.uploads.maxBytes / 1048576) * 10) / 10 };
}
