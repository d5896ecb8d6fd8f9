import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Lang } from '../../src/domain/lang';
import { LOCALES } from '../../src/i18n/translator';

/**
 * The page and the widget show only texts from the locales (served by GET /webchat/api/texts): every
 * key they use exists in both languages, and no Arabic is written into their files (the page and style
 * in public/, the scripts' typed source in ui/).
 */
const WEBCHAT = path.join(__dirname, '../../src/channels/webchat');
const read = (file: string) => readFileSync(path.join(WEBCHAT, file), 'utf8');
const FILES = [
  'public/index.html',
  'public/style.css',
  ...readdirSync(path.join(WEBCHAT, 'ui'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `ui/${name}`),
];

/** Keys under `webchat.` that a file uses, by the ways these files name them. */
function keysUsed(file: string): string[] {
  const source = read(file);
  const patterns =
    file === 'ui/widget.ts'
      ? [/\bt\(\s*'([\w.]+)'/g].map((re) => ({ re, prefix: 'widget.' }))
      : [
          /\bt\(\s*'([\w.]+)'/g,
          /'(status\.\w+)'/g,
          /data-(?:text|placeholder|label|who)="([\w.]+)"/g,
          /setAttribute\('data-(?:text|who)', '([\w.]+)'\)/g,
        ].map((re) => ({ re, prefix: '' }));
  return patterns.flatMap(({ re, prefix }) => [...source.matchAll(re)].map((m) => `${prefix}${m[1]}`));
}

function has(lang: Lang, key: string): boolean {
  let node: unknown = LOCALES[lang].webchat;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' && node.trim() !== '';
}

const USED = [...new Set(FILES.flatMap(keysUsed))].sort();

describe('web chat page texts', () => {
  it('are found in the page files (the scan itself works)', () => {
    expect(FILES).toEqual(expect.arrayContaining(['ui/app.ts', 'ui/widget.ts', 'ui/texts.ts']));
    for (const key of ['title', 'send', 'inputLabel', 'status.rateLimited', 'sentFile', 'widget.open']) {
      expect([key, USED.includes(key)]).toEqual([key, true]);
    }
  });

  it.each<Lang>(['ar', 'en'])('all exist in %s', (lang) => {
    expect(USED.filter((key) => !has(lang, key))).toEqual([]);
  });

  it.each(FILES)('are not written into %s', (file) => {
    expect(read(file).match(/[\u0600-\u06FF]+/g) ?? []).toEqual([]);
  });
});
