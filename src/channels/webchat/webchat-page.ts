import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bundleUi, type UiConstants } from '../../http/ui-bundle';
import { LOCALES } from '../../i18n/translator';

const PUBLIC_DIR = path.join(__dirname, 'public');
/** The typed page and widget (src/channels/webchat/ui, or its copy beside the compiled code). */
const UI_DIR = path.join(__dirname, 'ui');

/**
 * The files the app serves, and how: the page and its style from `public/`, the two scripts bundled
 * from `ui/` when the app starts. Anything else is a 404, so no path ever reaches the disk.
 */
const FILES: Record<string, { type: string; cache: string; entry?: string }> = {
  'index.html': { type: 'text/html; charset=utf-8', cache: 'no-cache' },
  'app.js': { type: 'text/javascript; charset=utf-8', cache: 'public, max-age=300', entry: 'app.ts' },
  'style.css': { type: 'text/css; charset=utf-8', cache: 'public, max-age=300' },
  // Pasted into associations' sites: a short max-age so a fix reaches them within minutes.
  'widget.js': { type: 'text/javascript; charset=utf-8', cache: 'public, max-age=300', entry: 'widget.ts' },
};

/**
 * The page itself may be shown in the widget's frame on any site (`frame-ancestors *`); it loads
 * nothing but its own files and talks only to its own API.
 */
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  'frame-ancestors *',
].join('; ');

type Loaded = { body: Buffer; etag: string };

/**
 * What the page and the widget carry inside them: their texts in both languages (`webchat.*` of
 * locales/ar.json and en.json, about 3 KB each), so that when the server cannot be reached they can still
 * say so, with labelled buttons, rather than show a blank page. GET api/texts stays the source once it answers.
 */
export const WEBCHAT_UI_CONSTANTS: UiConstants = {
  TAWASUL_WEBCHAT_TEXTS: JSON.stringify({ ar: LOCALES.ar.webchat, en: LOCALES.en.webchat }),
  // The widget, pasted into associations' sites, carries only its offline notice (it must stay small).
  TAWASUL_WIDGET_OFFLINE: JSON.stringify({ ar: offlineTexts('ar'), en: offlineTexts('en') }),
};

function offlineTexts(lang: 'ar' | 'en'): unknown {
  return (LOCALES[lang].webchat as { offline?: unknown } | undefined)?.offline ?? {};
}

/** `GET /webchat/` (the chat page) and its files, read (or bundled) once and served with an ETag. */
export async function webChatPage(app: FastifyInstance): Promise<void> {
  const cache = new Map<string, Promise<Loaded>>();
  // Bundled now, so a script that does not compile stops the start rather than a visitor's page.
  for (const [name, file] of Object.entries(FILES))
    if (file.entry) cache.set(name, bundleUi(path.join(UI_DIR, file.entry), WEBCHAT_UI_CONSTANTS));
  await Promise.all(cache.values());
  const load = (name: string): Promise<Loaded> => {
    let loaded = cache.get(name);
    if (!loaded) {
      loaded = readFile(path.join(PUBLIC_DIR, name)).then((body) => ({
        body,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      }));
      // A failed read is tried again on the next request rather than remembered.
      void loaded.catch(() => cache.delete(name));
      cache.set(name, loaded);
    }
    return loaded;
  };

  const serve = async (name: string, req: FastifyRequest, reply: FastifyReply) => {
    const file = FILES[name];
    if (!file) return reply.code(404).send({ error: 'ERR_NOT_FOUND', message: 'no such file' });
    const { body, etag } = await load(name);
    void reply
      .header('etag', etag)
      .header('cache-control', file.cache)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');
    if (name === 'index.html') void reply.header('content-security-policy', PAGE_POLICY);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(file.type).send(body);
  };

  app.get('/webchat', (_req, reply) => reply.redirect('/webchat/', 308));
  app.get('/webchat/', (req, reply) => serve('index.html', req, reply));
  app.get<{ Params: { file: string } }>('/webchat/:file', (req, reply) => serve(req.params.file, req, reply));
}
