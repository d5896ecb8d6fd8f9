/**
 * What the server hands the page in `<script id="boot">` (see `renderShell` in ../http/pages.ts): the page
 * and its parameters, the language, the console's texts (locales/*.json under `console.*`), who is signed
 * in and the CSRF token. Every screen reads it from here.
 */
export interface Boot {
  page: string;
  params: Record<string, string>;
  lang: 'ar' | 'en';
  dir: 'rtl' | 'ltr';
  association: string;
  /** The association's time zone (the profile's calendar): every time is shown in it. */
  timeZone: string;
  texts: Record<string, unknown>;
  /** How the page writes numbers: the profile's choice in Arabic (`languages.arabicDigits`), Latin in English. */
  digits: 'arabic-indic' | 'latin';
  staff: { id: string; name: string; roles: string[]; categories: string[] } | null;
  csrf: string | null;
  /** The sign-in form's double-submit token (the sign-in page only). */
  loginCsrf: string | null;
  /** Whether sign-in by a code sent on Telegram is offered. */
  codeSignIn: boolean;
  home: string;
  nav: { name: string; url: string }[];
}

export const boot: Boot = JSON.parse(document.getElementById('boot')?.textContent ?? '{}') as Boot;

function lookup(key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => {
    return node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }, boot.texts);
}

/**
 * The console text at `key`, with its `{{placeholders}}` filled; empty when the locales lack it. A counted
 * text (`key_one`, `key_few`… in the locales) takes the form of `params.count` in the page's language.
 */
export function t(key: string, params: Record<string, string | number | null | undefined> = {}): string {
  const count = params.count;
  const value =
    lookup(key) ??
    (typeof count === 'number'
      ? lookup(`${key}_${new Intl.PluralRules(boot.lang).select(count)}`)
      : undefined) ??
    lookup(`${key}_other`);
  const text = typeof value === 'string' ? value : '';
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const param = params[name];
    if (param === undefined || param === null) return '';
    // Numbers (counts, pages) as the texts write theirs; strings (references, names) as they are.
    return typeof param === 'number' ? pageDigits(String(param)) : param;
  });
}

/** `text` with its Latin digits in the page's style (see `Boot.digits`). */
export function pageDigits(text: string): string {
  return boot.digits === 'arabic-indic'
    ? text.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + d.charCodeAt(0) - 48))
    : text;
}

/** Whether the console's texts have `key` (a route's name, say, rather than a staff id). */
export function hasText(key: string): boolean {
  return typeof lookup(key) === 'string';
}

/** A text for a dynamic key (a status, a channel), or the raw id when the locales lack it. */
export function label(group: string, id: string): string {
  const value = lookup(`${group}.${id}`);
  return typeof value === 'string' ? value : id;
}
