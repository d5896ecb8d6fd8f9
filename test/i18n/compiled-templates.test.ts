import i18next from 'i18next';
import type { TextParams } from '../../src/domain/lang';
import { CompiledTemplates, type RenderText } from '../../src/i18n/compiled-templates';
import { LOCALES } from '../../src/i18n/translator';

/** i18next set up as the translator sets it up: the reference every compiled text must equal. */
function i18nextReference(): RenderText {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { ar: { translation: LOCALES.ar }, en: { translation: LOCALES.en } },
    lng: 'ar',
    fallbackLng: 'ar',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return (lang, key, params) => String(instance.getFixedT(lang)(key, params ?? {}));
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every text key of both locales (plural forms folded into their key), with the names it interpolates. */
function allKeys(): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  const walk = (node: unknown, path: string[]) => {
    if (typeof node === 'string') {
      const key = path.join('.').replace(PLURAL, '');
      const names = keys.get(key) ?? new Set<string>();
      for (const match of node.matchAll(/\{\{-?\s*([^},\s]+)/g)) names.add(match[1] as string);
      keys.set(key, names);
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    }
  };
  walk(LOCALES.ar, []);
  walk(LOCALES.en, []);
  return keys;
}

const valueSets: ((name: string, i: number) => string | number)[] = [
  (name) => `قيمة ${name}`,
  (name, i) => `REQ-48${i}1-27 {{${name}}} $t(menu.title)`,
  () => '',
  (_name, i) => i * 7,
];

describe('CompiledTemplates: the same text as i18next, for every key', () => {
  const exact = i18nextReference();
  const keys = allKeys();

  it.each(['ar', 'en'])('renders every key of %s exactly as i18next, first call and cached', (lang) => {
    const compiled = new CompiledTemplates(exact);
    const mismatches: string[] = [];
    const check = (key: string, params: TextParams | undefined) => {
      const expected = exact(lang, key, params);
      for (let round = 0; round < 2; round++) {
        const got = compiled.render(lang, key, params);
        if (got !== expected) mismatches.push(`${key} ${JSON.stringify(params)}: ${got} ≠ ${expected}`);
      }
    };
    for (const [key, names] of keys) {
      check(key, undefined);
      check(key, {});
      check(key, { unrelated: 'x' });
      for (const make of valueSets) {
        const params: TextParams = {};
        [...names].forEach((name, i) => (params[name] = make(name, i)));
        check(key, params);
        for (const count of [0, 1, 2, 3, 11, 100, 1.5]) check(key, { ...params, count });
        check(key, { ...params, context: 'already' });
      }
    }
    expect(mismatches).toEqual([]);
    expect(keys.size).toBeGreaterThan(100);
  });

  it('leaves a parameter named like an i18next option to i18next', () => {
    const calls: string[] = [];
    const compiled = new CompiledTemplates((lang, key, params) => {
      calls.push(key);
      return exact(lang, key, params);
    });
    expect(compiled.render('ar', 'menu.title', { lng: 'en' })).toBe(exact('ar', 'menu.title', { lng: 'en' }));
    compiled.render('ar', 'menu.title', { lng: 'en' });
    expect(calls).toEqual(['menu.title', 'menu.title']);
  });

  it('asks i18next once per key, language and plural form, then fills the template', () => {
    let calls = 0;
    const compiled = new CompiledTemplates((lang, key, params) => {
      calls++;
      return exact(lang, key, params);
    });
    const texts = ['أحمد', 'سارة', 'Noura'].map((name) =>
      compiled.render('ar', 'request.requirements', { name, eligibility: '-', fields: 4, documents: '-' }),
    );
    expect(texts[2]).toContain('Noura');
    // one call for the template, one to prove it on a second set of values
    expect(calls).toBe(2);
  });
});
