import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Translator } from '../../i18n/translator';
import type { SessionStore, StaffSession } from '../auth/session-store';
import { sameSecret } from '../auth/tokens';
import { allows, isGuardedUrl, isPublic, ROLES, type Access } from './access';
import { CONSOLE_ERRORS, type ConsoleErrorCode } from './console-errors';
import {
  BULL_BOARD_CSRF_HEADER,
  COOKIES,
  CSRF_HEADER,
  crossSite,
  isMutating,
  requestLang,
} from './console-http';

/** Routes not written by us (Bull Board's) get their rule from where they are mounted. */
const MOUNTED: readonly { prefix: string; access: Access }[] = [
  { prefix: '/console/queues', access: { roles: ROLES.admin } },
];

export interface GuardOptions {
  sessions: SessionStore;
  translator: Translator;
  /** Whether a staff member acknowledged the current policy; without it nothing is asked. */
  policy?: { hasAcknowledged(staffId: string): Promise<boolean> };
  /** Answers a refused page with HTML (the sign-in page for 401, "not allowed" for 403). */
  refusePage: (
    req: FastifyRequest,
    reply: FastifyReply,
    status: 401 | 403,
    session: StaffSession | undefined,
  ) => FastifyReply;
}

const wantsHtml = (req: FastifyRequest): boolean =>
  req.routeOptions.config.page === true ||
  (!req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html'));

/**
 * Authentication, roles and CSRF for every route under `/api/` and `/console`, in one place:
 * - at registration, a route there without an access rule stops the app with the fix in the message;
 * - on each request: no valid session → 401, a role the route does not allow → 403, a state-changing
 *   request without its session's CSRF token (or from another site) → 403 `ERR_CSRF`, and one from a
 *   staff member who has not acknowledged the current policy → 403 `ERR_POLICY_ACK_REQUIRED` (reading,
 *   and the routes marked `beforePolicyAck`, stay open to them). Public routes (sign-in) that change
 *   state need the sign-in form's double-submit token instead.
 * Hooks at the root, so routes others add under these prefixes are guarded too.
 */
export function registerGuard(app: FastifyInstance, options: GuardOptions): void {
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!isGuardedUrl(url)) return;
    const access = route.config?.access ?? MOUNTED.find((m) => url.startsWith(m.prefix))?.access;
    if (!access) {
      throw new Error(
        `console route ${String(route.method)} ${url} declares no access rule: add ` +
          `config: { access: { roles: ROLES.… } } (src/console/http/access.ts), or { public: true } for sign-in only`,
      );
    }
    route.config = { ...route.config, access };
  });

  const refuse = (
    req: FastifyRequest,
    reply: FastifyReply,
    code: ConsoleErrorCode,
    session?: StaffSession,
  ): FastifyReply => {
    const status = CONSOLE_ERRORS[code].status;
    if ((status === 401 || status === 403) && wantsHtml(req)) {
      return options.refusePage(req, reply, status, session);
    }
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .send({ error: code, message: options.translator.t(requestLang(req), CONSOLE_ERRORS[code].key) });
  };

  app.addHook('onRequest', async (req, reply) => {
    const url = req.routeOptions.url;
    if (url === undefined || !isGuardedUrl(url)) return;
    const access = req.routeOptions.config.access;
    // Unreachable (onRoute gave every route one); refuse rather than serve if it ever happens.
    if (!access) return refuse(req, reply, 'ERR_FORBIDDEN');
    const mutating = isMutating(req.method);
    if (isPublic(access)) {
      if (mutating && (crossSite(req) || !sameSecret(req.cookies[COOKIES.login], header(req, CSRF_HEADER)))) {
        return refuse(req, reply, 'ERR_CSRF');
      }
      return;
    }
    const session = await options.sessions.find(req.cookies[COOKIES.session]);
    if (!session) return refuse(req, reply, 'ERR_UNAUTHENTICATED');
    if (!allows(access, session.roles)) return refuse(req, reply, 'ERR_FORBIDDEN', session);
    if (mutating) {
      const token = header(req, CSRF_HEADER) ?? header(req, BULL_BOARD_CSRF_HEADER);
      if (crossSite(req) || !sameSecret(session.csrfToken, token)) return refuse(req, reply, 'ERR_CSRF');
      // The policy comes before a staff member's first action (one record with the Telegram `/ack`).
      if (
        options.policy &&
        req.routeOptions.config.beforePolicyAck !== true &&
        !(await options.policy.hasAcknowledged(session.staffId))
      ) {
        return refuse(req, reply, 'ERR_POLICY_ACK_REQUIRED', session);
      }
    }
    req.staff = session;
  });
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}
