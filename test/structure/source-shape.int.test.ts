import path from 'node:path';
import { dependencyViolations, plantedTree } from '../support/dependency-rules';
import { longFiles, queryCalls, readSources, LONG_FILE_REASON } from '../support/source-rules';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The shape docs/ARCHITECTURE.md describes, kept by checks that run in `npm test` (issue #15): SQL only in
 * src/store, no file over 400 lines without its reason, and the import rules of .dependency-cruiser.cjs
 * (no cycles, the layers, each SDK in its folder). Each check first proves it fails on planted faults.
 */
describe('the shape of the source', () => {
  describe('SQL and file length', () => {
    const planted = new Map([
      ['src/console/a.ts', "export const a = () => db.query('SELECT 1');\n"],
      ['src/cases/b.ts', 'const rows = await tx.query<{ n: number }>(sql);\n'],
      ['src/store/c.ts', 'const rows = await tx.query(sql);\n'],
      ['src/d.ts', 'a\nb\nc\n'],
      ['src/e.ts', `/** ${LONG_FILE_REASON} a table of cases. */\na\nb\n`],
    ]);

    it('finds planted faults: SQL calls, long files without a reason', () => {
      expect(queryCalls(planted)).toEqual(['src/console/a.ts:1', 'src/cases/b.ts:1', 'src/store/c.ts:1']);
      expect(longFiles(planted, 2)).toEqual(['src/d.ts (3 lines)']);
    });

    const sources = readSources('src');

    it('runs SQL only in src/store (repositories), nowhere else', () => {
      expect(sources.size).toBeGreaterThan(200);
      const outside = queryCalls(sources).filter((call) => !call.startsWith('src/store/'));
      expect(outside).toEqual([]);
    });

    it('keeps files under 400 lines, or says at the top why one is longer', () => {
      expect(longFiles(sources, 400)).toEqual([]);
      expect(longFiles(readSources('flows'), 400)).toEqual([]);
    });
  });

  describe('import rules (.dependency-cruiser.cjs)', () => {
    it('finds planted faults: a cycle, an upward import, a front end reaching another, an SDK out of its folder', async () => {
      const tree = plantedTree({
        'src/domain/rule.ts': "import { profile } from '../config/profile';\nexport const rule = profile;\n",
        'src/config/profile.ts': 'export const profile = 1;\n',
        'src/cases/a.ts': "import { b } from './b';\nexport const a = 1 + b;\n",
        'src/cases/b.ts': "import type { a } from './a';\nexport const b = 2 as typeof a;\n",
        'src/console/page.ts': "import { bot } from '../staff-bot/bot';\nexport const page = bot;\n",
        'src/staff-bot/bot.ts': 'export const bot = 1;\n',
        'src/store/db.ts': "import { Telegraf } from 'telegraf';\nexport const t = Telegraf;\n",
        'flows/menu.ts': "import { db } from '../src/store/db';\nexport const menu = db;\n",
      });
      try {
        expect(await dependencyViolations(tree.dir, ['src', 'flows'])).toEqual([
          'console-and-staff-bot-are-siblings: src/console/page.ts → src/staff-bot/bot.ts',
          'domain-is-pure: src/domain/rule.ts → src/config/profile.ts',
          'flows-are-pure: flows/menu.ts → src/store/db.ts',
          'no-cycles: src/cases/a.ts → src/cases/b.ts',
          'sdk-telegraf: src/store/db.ts → node_modules/telegraf/lib/index.js',
        ]);
      } finally {
        tree.dispose();
      }
    });

    it('holds for the whole of src/ and flows/', async () => {
      expect(await dependencyViolations(ROOT, ['src', 'flows'])).toEqual([]);
    });
  });
});
