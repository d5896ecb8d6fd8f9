import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localized } from '../../config/localized';
import type { Profile, StaffRole } from '../../config/profile-schema';
import type { Lang } from '../../domain/lang';
import type { DigitStyle } from '../../domain/text/digit-style';
import { localeWithDigits } from '../../i18n/locale-digits';
import { LOCALES } from '../../i18n/translator';
import type { StaffSession } from '../auth/session-store';
import { newToken } from '../auth/tokens';
import { allows, ROLES } from './access';
import { setLoginCookie } from './console-http';
import { bundleUi } from '../../http/ui-bundle';

const PUBLIC_DIR = path.join(__dirname, '..', 'public');
/** The typed screens' entry point (src/console/ui/main.tsx, or its copy beside the compiled code). */
const UI_ENTRY = path.join(__dirname, '..', 'ui', 'main.tsx');

/** The files under `public/` the console serves. Anything else is a 404: no path ever reaches the disk. */
const ASSETS: Record<string, string> = {
  'style.css': 'text/css; charset=utf-8',
};

/** The page loads nothing but its own script, style and images, and no other site may frame it. */
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The console's pages: one shell each, drawn by the bundle of the typed screens (src/console/ui) from the
 * page name the shell's boot data gives it.
 */
export const PAGES = [
  { name: 'inbox', url: '/console/inbox', roles: ROLES.responders },
  { name: 'inbox', url: '/console/inbox/:reference', roles: ROLES.responders },
  { name: 'fieldHelp', url: '/console/field-help', roles: ROLES.fieldHelpQueue },
  { name: 'volunteers', url: '/console/volunteers', roles: ROLES.volunteerQueue },
  { name: 'dataRequests', url: '/console/data-requests', roles: ROLES.dataRequests },
  { name: 'alerts', url: '/console/alerts', roles: ROLES.anyStaff },
  { name: 'cases', url: '/console/cases', roles: ROLES.caseViewers },
  { name: 'case', url: '/console/cases/:reference', roles: ROLES.caseViewers },
  { name: 'intake', url: '/console/intake', roles: ROLES.intake },
  { name: 'people', url: '/console/people', roles: ROLES.mergePeople },
  { name: 'dashboard', url: '/console/dashboard', roles: ROLES.oversight },
  { name: 'holidays', url: '/console/admin/holidays', roles: ROLES.admin },
  { name: 'staff', url: '/console/admin/staff', roles: ROLES.admin },
  { name: 'whatsapp', url: '/console/admin/whatsapp', roles: ROLES.admin },
  { name: 'profile', url: '/console/admin/profile', roles: ROLES.admin },
  { name: 'account', url: '/console/account', roles: ROLES.anyStaff },
] as const satisfies readonly { name: string; url: string; roles: readonly StaffRole[] }[];

/** Where a person lands after signing in: the case list, the dashboard for management and the board, or their queue. */
export function homeUrl(roles: readonly StaffRole[]): string {
  const works = roles.some((r) => ['volunteer', 'liaison', 'committee', 'admin'].includes(r));
  if (works) return '/console/cases';
  if (roles.includes('manager') || roles.includes('board')) return '/console/dashboard';
  // A field representative or a volunteering coordinator only: their own queue.
  return roles.includes('field') ? '/console/field-help' : '/console/volunteers';
}

export interface ShellOptions {
  profile: Profile;
  /** Whether sign-in by a Telegram code is offered. */
  codeSignIn: boolean;
  /** Whether Bull Board is mounted (the admin menu links to it). */
  queues: boolean;
  secure: (req: FastifyRequest) => boolean;
  lang: (req: FastifyRequest) => Lang;
}

/** JSON safe inside `<script type="application/json">`: nothing in it can close the element. */
const safeJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The console's texts in `lang`, their own digits in `digits`: made once per language and style. */
const textsByStyle = new Map<string, Record<string, unknown>>();
function consoleTexts(lang: Lang, digits: DigitStyle): Record<string, unknown> {
  const id = `${lang}:${digits}`;
  let texts = textsByStyle.get(id);
  if (!texts) {
    const raw = (LOCALES[lang] as { console?: Record<string, unknown> }).console ?? {};
    texts = lang === 'ar' ? localeWithDigits(raw, digits) : raw;
    textsByStyle.set(id, texts);
  }
  return texts;
}

/** Draws the page shell for `page`, with what its script needs to start (texts, who is signed in, tokens). */
export function renderShell(
  req: FastifyRequest,
  reply: FastifyReply,
  options: ShellOptions,
  page: {
    name: string;
    status: 200 | 401 | 403;
    session?: StaffSession;
    params?: Record<string, string>;
    /** A public page with a form posted before anyone is signed in (it gets the sign-in CSRF token). */
    publicForm?: boolean;
  },
): FastifyReply {
  const lang = options.lang(req);
  // Arabic writes numbers as the profile chooses (`languages.arabicDigits`); the page does the same for
  // the numbers it fills in and the dates it formats. English always uses Latin digits.
  const digits = lang === 'ar' ? options.profile.languages.arabicDigits : 'latin';
  const texts = consoleTexts(lang, digits);
  const association = localized(options.profile.association.name, lang);
  let loginCsrf: string | undefined;
  if (page.status === 401 || page.publicForm) {
    loginCsrf = newToken();
    setLoginCookie(reply, loginCsrf, options.secure(req));
  }
  const staff = page.session;
  const nav: { name: string; url: string }[] = staff
    ? PAGES.filter((p) => !p.url.includes(':') && allows({ roles: p.roles }, staff.roles)).map((p) => ({
        name: p.name,
        url: p.url,
      }))
    : [];
  if (staff && options.queues && staff.roles.includes('admin'))
    nav.push({ name: 'queues', url: '/console/queues' });
  const boot = {
    page: page.status === 401 ? 'signin' : page.status === 403 ? 'forbidden' : page.name,
    params: page.params ?? {},
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    association,
    timeZone: options.profile.calendar.timeZone,
    texts,
    digits,
    staff: staff
      ? { id: staff.staffId, name: staff.displayName, roles: staff.roles, categories: staff.categories }
      : null,
    csrf: staff?.csrfToken ?? null,
    loginCsrf: loginCsrf ?? null,
    codeSignIn: options.codeSignIn,
    home: staff ? homeUrl(staff.roles) : '/console/',
    nav,
  };
  const title = `${String((texts as { title?: string }).title ?? '')} · ${association}`;
  const html =
    `<!doctype html>\n<html lang="${lang}" dir="${boot.dir}">\n<head>\n<meta charset="utf-8">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light">\n' +
    '<meta name="referrer" content="same-origin">\n' +
    `<title>${escapeHtml(title)}</title>\n<link rel="stylesheet" href="/console/assets/style.css">\n` +
    '<script src="/console/ui/console.js" defer></script>\n</head>\n<body>\n' +
    `<script type="application/json" id="boot">${safeJson(boot)}</script>\n` +
    `<div id="app"></div>\n<noscript>${escapeHtml(String((texts as { noScript?: string }).noScript ?? ''))}</noscript>\n` +
    '</body>\n</html>\n';
  return sendHtmlPage(reply, page.status, html, PAGE_POLICY);
}

/**
 * Sends a console page with the headers every one of them has: its content security policy, never
 * framed, never sniffed, no referrer to other sites, never cached (it may hold personal data).
 */
export function sendHtmlPage(
  reply: FastifyReply,
  status: number,
  html: string,
  policy: string,
): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', policy)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** `GET /console/…`: the pages (guarded by role) and their two static files (public). */
export async function consolePages(app: FastifyInstance, options: ShellOptions): Promise<void> {
  const cache = new Map<string, Promise<{ body: Buffer; etag: string }>>();
  const load = (name: string) => {
    let loaded = cache.get(name);
    if (!loaded) {
      loaded = readFile(path.join(PUBLIC_DIR, name)).then((body) => ({
        body,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      }));
      void loaded.catch(() => cache.delete(name));
      cache.set(name, loaded);
    }
    return loaded;
  };

  app.get('/console', { config: { access: { public: true } } }, (_req, reply) =>
    reply.redirect('/console/', 308),
  );
  app.get('/console/', { config: { access: { roles: ROLES.anyStaff }, page: true } }, (req, reply) =>
    reply.redirect(homeUrl(req.staff?.roles ?? []), 302),
  );
  for (const page of PAGES) {
    app.get(page.url, { config: { access: { roles: page.roles }, page: true } }, (req, reply) =>
      renderShell(req, reply, options, {
        name: page.name,
        status: 200,
        session: req.staff,
        params: req.params as Record<string, string>,
      }),
    );
  }
  const ui = await bundleUi(UI_ENTRY);
  app.get('/console/ui/console.js', { config: { access: { public: true } } }, async (req, reply) => {
    void reply
      .header('etag', ui.etag)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === ui.etag) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(ui.body);
  });
  app.get<{ Params: { file: string } }>(
    '/console/assets/:file',
    { config: { access: { public: true } } },
    async (req, reply) => {
      const type = ASSETS[req.params.file];
      if (!type) return reply.code(404).send({ error: 'ERR_NOT_FOUND', message: 'no such file' });
      const { body, etag } = await load(req.params.file);
      void reply
        .header('etag', etag)
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(type).send(body);
    },
  );
}
