import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Lang } from '../domain/lang';
import { LOCALES } from '../i18n/translator';

/** Where a request goes, by the host name it was sent to. */
export type HostTarget =
  | { kind: 'app'; app: FastifyInstance }
  /** An association of this platform that is suspended (or failed to start): 503, not "unknown". */
  | { kind: 'unavailable' };

/**
 * The platform's one HTTP server hands each request to the app of the host it was sent to: an
 * association's web chat and console on its own host names, the operator's API on `PLATFORM_HOST`. The
 * apps stay what they are on a single-association installation (their routes, guards and limits); only
 * the listening is shared. A host nobody serves answers 404 without saying which hosts exist.
 */
export class HostRouter {
  #targets = new Map<string, HostTarget>();

  /** Replaces the table of hosts at once, so a request never sees half of a change. */
  replace(targets: ReadonlyMap<string, HostTarget>): void {
    this.#targets = new Map(targets);
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const target = this.#targets.get(hostOf(req));
    if (target?.kind === 'app') {
      target.app.routing(req, res);
      return;
    }
    const unavailable = target?.kind === 'unavailable';
    const status = unavailable ? 503 : 404;
    // A person who opened the web chat's page reads it in Arabic first; a script gets a code.
    if ((req.headers.accept ?? '').includes('text/html')) {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(unavailable ? 'unavailable' : 'unknownHost'));
      return;
    }
    const [error, message] = unavailable
      ? ['ERR_ASSOCIATION_UNAVAILABLE', 'this association is not available at the moment']
      : ['ERR_UNKNOWN_HOST', 'no association is served at this address'];
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error, message }));
  };
}

/** The page in Arabic, then English (`locales/*.json`, `platform`). */
function page(key: 'unavailable' | 'unknownHost'): string {
  const text = (lang: Lang) =>
    (LOCALES[lang].platform as Record<typeof key, { title: string; body: string }>)[key];
  const [ar, en] = [text('ar'), text('en')];
  return (
    `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${ar.title}</title></head>` +
    `<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem">` +
    `<h1>${ar.title}</h1><p>${ar.body}</p>` +
    `<div lang="en" dir="ltr"><h2>${en.title}</h2><p>${en.body}</p></div></body></html>`
  );
}

/** The request's host name, lower case, without its port (`Al-Birr.example:443` → `al-birr.example`). */
export function hostOf(req: IncomingMessage): string {
  const host = (req.headers.host ?? '').trim().toLowerCase();
  // An IPv6 literal keeps its brackets; anything after the last colon outside them is the port.
  const bracket = host.lastIndexOf(']');
  const colon = host.lastIndexOf(':');
  return colon > bracket ? host.slice(0, colon) : host;
}
