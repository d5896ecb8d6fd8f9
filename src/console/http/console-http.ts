import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../../domain/lang';

/** When the session cookie carries `Secure`: always, never, or when the request came over HTTPS. */
export type CookieSecurity = 'auto' | 'always' | 'never';

/** The console's cookies. Only `lang` is readable by the page's script. */
export const COOKIES = {
  /** The session token (HttpOnly, SameSite=Lax, Path=/). */
  session: 'tawasul_console',
  /** Double-submit token of the sign-in form, before there is a session (HttpOnly, Strict, /api/auth). */
  login: 'tawasul_console_login',
  lang: 'tawasul_console_lang',
  /** Bull Board's own page sends this back as `x-xsrf-token` (its HTTP client does so by itself). */
  bullBoard: 'XSRF-TOKEN',
} as const;

export const CSRF_HEADER = 'x-csrf-token';
export const BULL_BOARD_CSRF_HEADER = 'x-xsrf-token';

/** The caller's language: the console's language cookie, else the browser's first language, else Arabic. */
export function requestLang(req: FastifyRequest): Lang {
  const chosen = req.cookies?.[COOKIES.lang];
  if (chosen === 'ar' || chosen === 'en') return chosen;
  const first = (req.headers['accept-language'] ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ar';
}

/** Whether this request came over HTTPS (directly, or through a proxy that says so). */
function overHttps(req: FastifyRequest): boolean {
  // Trusting the header only ever adds `Secure`: a forged one breaks the forger's own session, nothing else.
  return req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
}

export function secureCookies(req: FastifyRequest, security: CookieSecurity): boolean {
  return security === 'always' || (security === 'auto' && overHttps(req));
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  secure: boolean,
  maxAgeSeconds: number,
): void {
  void reply.setCookie(COOKIES.session, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(COOKIES.session, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function setLoginCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(COOKIES.login, token, {
    path: '/api/auth',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    maxAge: 3600,
  });
}

/** A browser's cross-site request (a form on another site posting here) is refused whatever it carries. */
export function crossSite(req: FastifyRequest): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    const from = new URL(origin);
    // Read the Host header through the same URL parser, so a default port (":80", ":443") compares equal.
    return from.host !== new URL(`${from.protocol}//${req.host}`).host;
  } catch {
    return true; // `Origin: null` (sandboxed frames, some redirects) is never ours
  }
}

export const isMutating = (method: string): boolean => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/** Content-Disposition for a download, ASCII file name (references and dates only). */
export const attachment = (fileName: string): string =>
  `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
