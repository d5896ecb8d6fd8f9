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

/** Files longer than `max` lines, as `path (n lines)`. */
export function longFiles(files: SourceFiles, max: number): string[] {
  return [...files]
    .map(([file, text]) => [file, text.split('\n').length - (text.endsWith('\n') ? 1 : 0)] as const)
    .filter(([, lines]) => lines > max)
    .map(([file, lines]) => `${file} (${lines} lines)`);
}

/**
 * Import cycles among `files` (type-only imports count: they tie the files' meanings together just the
 * same), each as the files of one strongly connected group, sorted. Imports leaving the set are ignored.
 */
export function importCycles(files: SourceFiles): string[][] {
  const graph = new Map<string, string[]>();
  for (const [file, text] of files) {
    const targets: string[] = [];
    for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!));
      const target = [`${base}.ts`, `${base}/index.ts`].find((candidate) => files.has(candidate));
      if (target) targets.push(target);
    }
    graph.set(file, targets);
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || graph.get(v)!.includes(v)) cycles.push(group.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}
