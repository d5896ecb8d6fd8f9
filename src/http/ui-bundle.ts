import { createHash } from 'node:crypto';
import { build, stop } from 'esbuild';

/** One browser script, bundled, with the ETag it is served under. */
export interface UiBundle {
  body: Buffer;
  etag: string;
}

/** Bundles already made in this process, by entry file: each front end is bundled once, however many apps start. */
const made = new Map<string, Promise<UiBundle>>();

/**
 * Constants written into a bundle (esbuild `define`): names to JSON expressions. The web chat carries
 * its texts this way, read from locales/*.json when it is bundled, so it can speak without its server.
 */
export type UiConstants = Record<string, string>;

/**
 * Bundles a typed front end (the console's screens in src/console/ui, the web chat's page and widget in
 * src/channels/webchat/ui) into one script, in memory, when the app starts: no build output to forget or
 * to let go stale, and a screen that does not compile stops the start instead of failing in a browser.
 * esbuild strips the types (`npm run typecheck` checks them, each front end with its own tsconfig) and
 * minifies into one IIFE: no `eval`, no second file, so the pages keep `script-src 'self'`.
 * A few hundred milliseconds per entry, once per process.
 */
export function bundleUi(entry: string, define: UiConstants = {}): Promise<UiBundle> {
  const key = `${entry}\n${JSON.stringify(define)}`;
  let bundle = made.get(key);
  if (!bundle) {
    bundle = bundleOnce(entry, define);
    // A failed bundle is tried again by the next caller rather than remembered.
    void bundle.catch(() => made.delete(key));
    made.set(key, bundle);
  }
  return bundle;
}

/** Bundles under way: esbuild's service process is stopped when the last one ends. */
let building = 0;

async function bundleOnce(entry: string, define: UiConstants): Promise<UiBundle> {
  building += 1;
  try {
    return await bundleWithEsbuild(entry, define);
  } finally {
    building -= 1;
    // esbuild keeps its Go service process for later builds; after start there are none. Left running,
    // one per jest test file sharing a process (22 in one run), they held jest open after its last test.
    if (building === 0) await stop();
  }
}

async function bundleWithEsbuild(entry: string, define: UiConstants): Promise<UiBundle> {
  const result = await build({
    entryPoints: [entry],
    define,
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    // The widget runs on associations' sites, in their visitors' browsers: `?.` and `??` are rewritten
    // for browsers from before 2020, for about 3% more bytes.
    target: ['es2017'],
    // Only the console's screens hold JSX (Preact); the web chat is plain DOM code.
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    // Served as UTF-8: Arabic texts written into a bundle stay two bytes a letter, not a six-byte escape.
    charset: 'utf8',
    logLevel: 'silent',
  });
  const body = Buffer.from(result.outputFiles[0]!.contents);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}
