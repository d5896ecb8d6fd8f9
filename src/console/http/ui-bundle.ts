import { createHash } from 'node:crypto';
import path from 'node:path';
import { build } from 'esbuild';

/** The typed screens' entry point (src/console/ui/main.tsx, or its copy beside the compiled code). */
const ENTRY = path.join(__dirname, '..', 'ui', 'main.tsx');

export interface UiBundle {
  body: Buffer;
  etag: string;
}

/**
 * Bundles the console's typed screens (Preact components in src/console/ui) into one script, in memory,
 * when the console starts: no build step to forget, and a screen that does not compile stops the start
 * instead of failing in a browser. esbuild strips the types (`npm run typecheck` checks them) and
 * minifies; ~30 KB, a few hundred milliseconds once per process.
 */
export async function bundleUi(entry = ENTRY): Promise<UiBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const body = Buffer.from(result.outputFiles[0]!.contents);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}
