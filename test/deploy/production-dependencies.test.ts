import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The image keeps only `dependencies` (`npm prune --omit=dev`) and runs the compiled code: a development
 * tool listed there would ship in every image, and a command in the image that needs one (`tsx`,
 * `npm run …`) would fail after the prune. That run-time code imports no devDependency is depcruise's
 * rule (`run-time-code-uses-production-dependencies`).
 */
const root = path.join(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const dockerfile = read('Dockerfile');
const runtimeStage = dockerfile.slice(dockerfile.indexOf('# --- runtime ---'));
const { dependencies } = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };

describe('production dependencies', () => {
  it('hold no type package and no development tool', () => {
    const devOnly = Object.keys(dependencies).filter(
      (name) =>
        name.startsWith('@types/') ||
        ['tsx', 'ts-node', 'typescript', 'jest', 'eslint', 'prettier', 'pino-pretty', 'exceljs'].includes(
          name,
        ),
    );
    expect(devOnly).toEqual([]);
  });

  it('are all the image keeps, and the image runs node on dist/, never tsx or npm run', () => {
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(runtimeStage).not.toMatch(/\btsx\b|npm run|npm start|npx /);
  });

  it('are enough for every command the docs give for the image: each names a compiled CLI that exists', () => {
    const commands = [read('README.md'), read('docs/OPERATIONS.md')]
      .flatMap((doc) => doc.split('\n'))
      .filter((line) => /docker compose (exec|run)/.test(line));
    expect(commands.length).toBeGreaterThan(5);
    for (const line of commands) {
      expect([line, /\btsx\b|npm run|npx /.test(line)]).toEqual([line, false]);
      for (const [, cli] of line.matchAll(/node dist\/(src\/cli\/[\w-]+)\.js/g))
        expect([cli, existsSync(path.join(root, `${cli}.ts`))]).toEqual([cli, true]);
    }
  });
});
