import type { FastifyReply, FastifyRequest } from 'fastify';
import { setSessionCookie } from '../http/console-http';
import { homeUrl } from '../http/pages';
import type { SessionPolicy, SessionStore, StaffSession } from './session-store';

/**
 * Signs `staffId` in on this browser: a new session, its cookie, and what the page needs next (who,
 * the CSRF token, where home is). Used after a password, a Telegram code, and the first-run setup.
 */
export async function startStaffSession(
  req: FastifyRequest,
  reply: FastifyReply,
  o: { sessions: SessionStore; sessionPolicy: SessionPolicy; secure: (req: FastifyRequest) => boolean },
  staffId: string,
) {
  const { token } = await o.sessions.create(staffId, { ip: req.ip, userAgent: req.headers['user-agent'] });
  setSessionCookie(reply, token, o.secure(req), Math.floor(o.sessionPolicy.absoluteMs / 1000));
  const session = await o.sessions.find(token);
  if (!session) throw new Error('a session just created was not found');
  void reply.header('cache-control', 'no-store');
  return signedIn(session);
}

/** What a signed-in page knows of its session (`SignedIn` in auth-routes.ts). */
export function signedIn(session: StaffSession) {
  return {
    staff: {
      id: session.staffId,
      name: session.displayName,
      roles: session.roles,
      categories: session.categories,
    },
    csrf: session.csrfToken,
    home: homeUrl(session.roles),
  };
}
