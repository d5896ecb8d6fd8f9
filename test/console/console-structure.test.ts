import { importCycles, longFiles, queryCalls, readSources } from '../support/source-rules';

/**
 * The web console keeps its SQL in `src/store/` (repositories), its files small, and its imports free
 * of cycles (issue #15). Each checker first proves it can fail on planted faults.
 */
describe('the console’s structure', () => {
  const planted = new Map([
    ['src/console/a.ts', "import { b } from './b';\nexport const a = () => db.query('SELECT 1');\n"],
    ['src/console/b.ts', "import type { A } from './sub/c';\nexport const b = 1;\n"],
    ['src/console/sub/c.ts', "import { a } from '../a';\nexport type A = typeof a;\n"],
    ['src/console/d.ts', "import { d } from './d';\nconst rows = await tx.query<{ n: number }>(sql);\n"],
    ['src/console/e.ts', "import { a } from './a';\nimport { x } from '../store/x';\n"],
  ]);

  it('finds planted faults: SQL calls, cycles (type-only imports too), long files', () => {
    expect(queryCalls(planted)).toEqual(['src/console/a.ts:2', 'src/console/d.ts:2']);
    expect(importCycles(planted)).toEqual([
      ['src/console/a.ts', 'src/console/b.ts', 'src/console/sub/c.ts'],
      ['src/console/d.ts'],
    ]);
    expect(longFiles(planted, 1)).toEqual([
      'src/console/a.ts (2 lines)',
      'src/console/b.ts (2 lines)',
      'src/console/sub/c.ts (2 lines)',
      'src/console/d.ts (2 lines)',
      'src/console/e.ts (2 lines)',
    ]);
  });

  const consoleFiles = readSources('src/console');

  it('runs no SQL itself: its queries are the store’s repositories (src/store/console/)', () => {
    expect(consoleFiles.size).toBeGreaterThan(20);
    expect(queryCalls(consoleFiles)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(consoleFiles)).toEqual([]);
  });

  it('keeps every file, and every repository it uses, under 400 lines', () => {
    expect(longFiles(consoleFiles, 400)).toEqual([]);
    expect(longFiles(readSources('src/store/console'), 400)).toEqual([]);
  });
});
