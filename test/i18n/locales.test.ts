import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import type { Lang } from '../../src/domain/lang';
import { DIGIT_STYLES, writeNumber } from '../../src/domain/text/digit-style';
import { withLocaleDigits } from '../../src/i18n/locale-digits';
import { createTranslator, LOCALES } from '../../src/i18n/translator';

const ROOT = path.join(__dirname, '../..');
const PLURAL = /_(zero|one|two|few|many|other)$/;
const AR_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'];
const EN_FORMS = ['one', 'other'];

/** `{ a: { b: 'x' } }` → `{ 'a.b': 'x' }`; anything that is not a string stays as is, to be reported. */
function flatten(tree: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([k, v]) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.entries(flatten(v as Record<string, unknown>, `${prefix}${k}.`))
        : [[`${prefix}${k}`, v]],
    ),
  );
}

const FLAT: Record<Lang, Record<string, unknown>> = { ar: flatten(LOCALES.ar), en: flatten(LOCALES.en) };
const base = (key: string) => key.replace(PLURAL, '');
const baseKeys = (lang: Lang) => [...new Set(Object.keys(FLAT[lang]).map(base))].sort();
/** Counted strings by base key, with the plural forms each locale gives. */
const counted = (lang: Lang) => {
  const forms = new Map<string, string[]>();
  for (const key of Object.keys(FLAT[lang])) {
    const form = PLURAL.exec(key)?.[1];
    if (form) forms.set(base(key), [...(forms.get(base(key)) ?? []), form]);
  }
  return forms;
};
const exists = (lang: Lang, key: string) =>
  typeof FLAT[lang][key] === 'string' || typeof FLAT[lang][`${key}_other`] === 'string';
const params = (text: unknown) =>
  [...String(text).matchAll(/\{\{\s*([^\s,}]+)/g)].map((m) => m[1] ?? '').filter(Boolean);

const LOOKS_LIKE_KEY = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/;
const NAMESPACES = new Set([...Object.keys(LOCALES.ar), ...Object.keys(LOCALES.en)]);

// Calls and fields that always carry a locale key. `key:` and `help:` are also used for other things,
// so outside flows/ they count only under a namespace the locales already have.
const CERTAIN = [
  /\bsay\(\s*(['"`])(.+?)\1/g,
  /\baskChoice\(\s*(['"`])(.+?)\1/g,
  /\baskLocation\(\s*(['"`])(.+?)\1/g,
  /\bt\(\s*(['"`])(.+?)\1/g,
  /\b(?:t|translate)\(\s*[\w.]+\s*,\s*(['"`])(.+?)\1/g,
  /\b(?:words|allLanguages)\(\s*(['"`])(.+?)\1/g,
];
const FIELDS = [/\bkey:\s*(['"`])(.+?)\1/g, /\bhelp:\s*(['"`])(.+?)\1/g];
const ANY_LITERAL = /(['"`])([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)\1/g;

interface KeyUse {
  key: string;
  where: string;
}

/** Locale keys a source file uses, found by how keys are passed in this code base. */
function collectKeyUses(source: string, file: string, isFlow: boolean): KeyUse[] {
  const uses: KeyUse[] = [];
  const add = (re: RegExp, accept: (key: string) => boolean) => {
    for (const m of source.matchAll(re)) {
      const key = m[2] ?? '';
      if (!LOOKS_LIKE_KEY.test(key) || !accept(key)) continue;
      const line = source.slice(0, m.index).split('\n').length;
      uses.push({ key, where: `${file}:${line}` });
    }
  };
  const known = (key: string) => NAMESPACES.has(key.split('.')[0] ?? '');
  for (const re of CERTAIN) add(re, () => true);
  for (const re of FIELDS) add(re, (key) => isFlow || known(key));
  // Any other literal that names a key in either locale (`return 'engine.notUnderstood'`).
  add(ANY_LITERAL, (key) => exists('ar', key) || exists('en', key));
  return uses;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The typed pages look their texts up under their own namespace (the texts the page is given). */
const SCREENS: Record<string, string> = {
  'src/console/ui/': 'console',
  'src/channels/webchat/ui/': 'webchat',
};

const USES = ['flows', 'src'].flatMap((top) =>
  sourceFiles(path.join(ROOT, top)).flatMap((file) => {
    const relative = path.relative(ROOT, file);
    const screens = Object.keys(SCREENS).find((prefix) => relative.startsWith(prefix));
    if (screens) {
      return collectKeyUses(readFileSync(file, 'utf8'), relative, true).map((use) => ({
        ...use,
        key: `${SCREENS[screens]}.${use.key}`,
      }));
    }
    return collectKeyUses(readFileSync(file, 'utf8'), relative, top === 'flows');
  }),
);

describe('locale keys used in the code', () => {
  it('finds the keys of the current flows and the engine (the scan itself works)', () => {
    const keys = new Set(USES.map((u) => u.key));
    for (const key of [
      'greeting.welcome', // askChoice('…'
      'privacy.thanks', // { type: 'say', params: { key: '…' } }
      'inquiries.more', // { type: 'askNext', params: { key: '…' } }
      'menu.inquiries', // menu: { key: '…' }
      'privacy.help', // help: '…'
      'engine.expired', // this.say('…')
      'engine.notUnderstood', // return '…'
      'render.choiceHint', // translator.t(lang, '…')
      'vocab.cancel', // words('…')
    ]) {
      expect([key, keys.has(key)]).toEqual([key, true]);
    }
  });

  it('catches a key that no locale has, in every form a flow passes keys', () => {
    const flow = [
      "say('complaint.thanks', { ref })",
      "askChoice('complaint.askCategory', [{ id: 'a', key: 'complaint.categoryA' }])",
      "{ type: 'say', params: { key: 'complaint.sent' } }",
      "help: 'complaint.help',",
      "env.t('complaint.label')",
    ].join('\n');
    expect(collectKeyUses(flow, 'flows/complaint.ts', true)).toEqual([
      { key: 'complaint.thanks', where: 'flows/complaint.ts:1' },
      { key: 'complaint.askCategory', where: 'flows/complaint.ts:2' },
      { key: 'complaint.label', where: 'flows/complaint.ts:5' },
      { key: 'complaint.categoryA', where: 'flows/complaint.ts:2' },
      { key: 'complaint.sent', where: 'flows/complaint.ts:3' },
      { key: 'complaint.help', where: 'flows/complaint.ts:4' },
    ]);
    // Outside flows/, an unknown namespace after `key:` is some other key (a Redis key, a field).
    expect(collectKeyUses("{ key: 'jobs.outbound' }", 'src/queue/x.ts', false)).toEqual([]);
  });

  it.each<Lang>(['ar', 'en'])('exist in %s', (lang) => {
    const missing = USES.filter((u) => !exists(lang, u.key)).map((u) => `${u.where} ${u.key}`);
    expect(missing).toEqual([]);
  });
});

describe('the locale files', () => {
  it('have the same keys in Arabic and English, plural forms aside', () => {
    expect(baseKeys('en')).toEqual(baseKeys('ar'));
  });

  it.each<Lang>(['ar', 'en'])('have no empty or non-text value in %s', (lang) => {
    const bad = Object.entries(FLAT[lang])
      .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
      .map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it.each<Lang>(['ar', 'en'])('have no empty alternative in a vocabulary list (%s)', (lang) => {
    const bad = Object.entries(FLAT[lang])
      .filter(
        ([k, v]) =>
          k.startsWith('vocab.') &&
          String(v)
            .split('|')
            .some((w) => w.trim() === ''),
      )
      .map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it('give every Arabic counted string all six plural forms', () => {
    const forms = counted('ar');
    expect(forms.size).toBeGreaterThan(0);
    for (const [key, has] of forms) expect([key, [...has].sort()]).toEqual([key, [...AR_FORMS].sort()]);
  });

  it('give every English counted string "one" and "other"', () => {
    const forms = counted('en');
    expect([...forms.keys()].sort()).toEqual([...counted('ar').keys()].sort());
    for (const [key, has] of forms)
      expect([key, EN_FORMS.every((f) => has.includes(f))]).toEqual([key, true]);
  });

  it('use the same {{params}} in both languages', () => {
    const byBase = (lang: Lang) => {
      const out = new Map<string, Set<string>>();
      for (const [key, value] of Object.entries(FLAT[lang])) {
        const set = out.get(base(key)) ?? new Set<string>();
        params(value).forEach((p) => set.add(p));
        out.set(base(key), set);
      }
      return out;
    };
    const ar = byBase('ar');
    const en = byBase('en');
    const differ = [...ar.keys()]
      .map((key) => ({ key, ar: [...(ar.get(key) ?? [])].sort(), en: [...(en.get(key) ?? [])].sort() }))
      .filter((d) => d.ar.join() !== d.en.join());
    expect(differ).toEqual([]);
  });
});

describe('Arabic plurals', () => {
  const COUNTS = [0, 1, 2, 3, 11, 100];
  const rules = new Intl.PluralRules('ar');

  it('are chosen by i18next with the six categories of Intl.PluralRules("ar")', () => {
    expect(COUNTS.map((n) => rules.select(n))).toEqual(['zero', 'one', 'two', 'few', 'many', 'other']);
    const i18n = i18next.createInstance();
    void i18n.init({
      lng: 'ar',
      initAsync: false,
      resources: { ar: { translation: Object.fromEntries(AR_FORMS.map((f) => [`n_${f}`, f])) } },
    });
    const said = COUNTS.map((count) => i18n.t('n', { count }));
    expect(said).toEqual(['zero', 'one', 'two', 'few', 'many', 'other']);
  });

  it.each([...counted('ar').keys()])('render %s in the form of each count, in either digit style', (key) => {
    for (const style of DIGIT_STYLES) {
      const t = createTranslator({ arabicDigits: style });
      for (const count of COUNTS) {
        const form = withLocaleDigits(String(FLAT.ar[`${key}_${rules.select(count)}`]), style);
        expect(t.t('ar', key, { count })).toBe(
          form.replace(/\{\{\s*count\s*\}\}/g, writeNumber(count, style)),
        );
      }
    }
  });

  it.each([...counted('en').keys()])('render %s in English as one and other', (key) => {
    const t = createTranslator();
    expect(t.t('en', key, { count: 1 })).toBe(String(FLAT.en[`${key}_one`]).replace('{{count}}', '1'));
    expect(t.t('en', key, { count: 5 })).toBe(String(FLAT.en[`${key}_other`]).replace('{{count}}', '5'));
  });
});
