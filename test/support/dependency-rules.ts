import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

/**
 * The import rules of `.dependency-cruiser.cjs` broken in `baseDir` (a checkout, or a folder of planted
 * files), as `rule: from → to`. Runs the same command `npm run lint` does.
 */
export async function dependencyViolations(baseDir: string, folders: string[]): Promise<string[]> {
  const run = promisify(execFile);
  const { stdout } = await run(
    process.execPath,
    [CLI, ...folders, '--config', CONFIG, '--output-type', 'json'],
    { cwd: baseDir, maxBuffer: 64 * 1024 * 1024 },
  ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' })); // exits non-zero on violations
  const result = JSON.parse(stdout) as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

/**
 * A throw-away tree with `files` (path → text) beside this checkout's `node_modules` and `tsconfig.json`,
 * so planted imports resolve as in the real one. `dispose` removes it.
 */
export function plantedTree(files: Record<string, string>): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-shape-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', strict: true } }),
  );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
