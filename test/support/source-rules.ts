import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Source files by path (relative to the repository, `/`-separated) → their text. */
export type SourceFiles = ReadonlyMap<string, string>;

const ROOT = path.resolve(__dirname, '../..');

/** The `.ts` files under `folder` (relative to the repository). */
export function readSources(folder: string): SourceFiles {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.ts'))
        files.set(relative, readFileSync(path.join(ROOT, relative), 'utf8'));
    }
  };
  walk(folder);
  return files;
}

/** Every call of a `query` method (`db.query(…)`, `tx.query<…>(…)`), as `path:line`. */
export function queryCalls(files: SourceFiles): string[] {
  const found: string[] = [];
  for (const [file, text] of files) {
    text.split('\n').forEach((line, i) => {
      if (/\.query\s*(<|\()/.test(line)) found.push(`${file}:${i + 1}`);
    });
  }
  return found;
}

/** The words that, in a file's first comment, say why it is longer than the rule allows. */
export const LONG_FILE_REASON = 'Why this file is long:';

/**
 * Files longer than `max` lines whose opening comment does not say why (`LONG_FILE_REASON`), as
 * `path (n lines)`.
 */
export function longFiles(files: SourceFiles, max: number): string[] {
  return [...files]
    .map(([file, text]) => [file, text, text.split('\n').length - (text.endsWith('\n') ? 1 : 0)] as const)
    .filter(([, text, lines]) => lines > max && !openingComment(text).includes(LONG_FILE_REASON))
    .map(([file, , lines]) => `${file} (${lines} lines)`);
}

/** The first block comment of a file, if the file starts with one (after its imports). */
function openingComment(text: string): string {
  return /\/\*\*?([\s\S]*?)\*\//.exec(text)?.[1] ?? '';
}
