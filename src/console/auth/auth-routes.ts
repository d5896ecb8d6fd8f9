import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Translator } from '../../i18n/translator';
import type { StaffTelegramSender } from '../console-options';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { ConsoleError } from '../http/console-errors';
import { clearSessionCookie, requestLang, setLoginCookie } from '../http/console-http';
import type { LoginThrottle } from './login-throttle';
import { CODE_TTL_MS, type LoginCodes } from './login-codes';
import {
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordProblem,
  verifyPassword,
} from './password';
import type { SessionStore, SessionPolicy } from './session-store';
import type { PgStaffAccountRepository } from '../../store/console/staff-account-repository';
import { newToken } from './tokens';
import { signedIn, startStaffSession } from './start-staff-session';
import { hasUnstorableText } from '../../domain/text/storable-text';
import type { Database } from '../../store/database';

export interface AuthRouteOptions {
  registry: ApiRegistry;
  db: Database;
  accounts: PgStaffAccountRepository;
  sessions: SessionStore;
  sessionPolicy: SessionPolicy;
  throttle: LoginThrottle;
  codes: LoginCodes;
  telegram?: StaffTelegramSender;
  translator: Translator;
  secure: (req: FastifyRequest) => boolean;
}

/** No NUL or lone surrogate: the database cannot store them (a 400, not a failed query). */
export const storable = (field: z.ZodString) =>
  field.refine(
    (value) => !hasUnstorableText(value),
    'contains a character that is not text (NUL or half a pair)',
  );
const StaffId = storable(z.string().trim().toLowerCase().min(1).max(64)).describe(
  'the staff id (the name used to sign in)',
);
export const Password = storable(z.string().min(1).max(MAX_PASSWORD_LENGTH));
const Login = z.object({ staffId: StaffId, password: Password }).strict();
const CodeRequest = z.object({ staffId: StaffId }).strict();
const CodeVerify = z
  .object({
    staffId: StaffId,
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'six digits'),
  })
  .strict();
const PasswordChange = z
  .object({ current: Password, next: storable(z.string().max(MAX_PASSWORD_LENGTH)) })
  .strict();

export const SignedIn = z.object({
  staff: z.object({
    id: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    categories: z.array(z.string()),
  }),
  csrf: z.string().describe('send it in x-csrf-token with every state-changing request'),
  home: z.string(),
});

/** Sign-in (password, or a one-time code on Telegram), sign-out, who am I, and changing one's password. */
export async function authRoutes(app: FastifyInstance, o: AuthRouteOptions): Promise<void> {
  const { registry } = o;

  const startSession = (req: FastifyRequest, reply: FastifyReply, staffId: string) =>
    startStaffSession(req, reply, o, staffId);

  async function refuseIfLocked(staffId: string, ip: string) {
    const verdict = await o.throttle.check(staffId, ip);
    if (verdict.locked) {
      throw new ConsoleError(
        'ERR_LOCKED_OUT',
        { retryAfterSeconds: verdict.retryAfterSeconds },
        { minutes: Math.ceil(verdict.retryAfterSeconds / 60) },
      );
    }
  }

  registry.add(
    app,
    {
      method: 'GET',
      url: '/api/auth/csrf',
      access: { public: true },
      tag: 'auth',
      summary: 'A token for the sign-in requests (also set as a cookie): send it in x-csrf-token',
      response: { schema: z.object({ token: z.string() }) },
    },
    async ({ req, reply }) => {
      const token = newToken();
      setLoginCookie(reply, token, o.secure(req));
      void reply.header('cache-control', 'no-store');
      return { token };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/api/auth/login',
      access: { public: true },
      tag: 'auth',
      summary:
        'Sign in with staff id and password (after 3 failures of a name from one address each next try there waits, doubling; 20 failures lock the address)',
      body: Login,
      response: { schema: SignedIn },
    },
    async ({ req, reply, body }) => {
      await refuseIfLocked(body.staffId, req.ip);
      const account = await o.accounts.credentials(o.db, body.staffId);
      const matches = await verifyPassword(account?.passwordHash, body.password);
      const ok = matches && account?.active === true;
      await o.throttle.record(body.staffId, req.ip, 'password', ok);
      if (!ok) throw new ConsoleError('ERR_BAD_CREDENTIALS');
      req.log.info({ staffId: body.staffId }, 'console sign-in');
      return startSession(req, reply, body.staffId);
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/api/auth/code',
      access: { public: true },
      tag: 'auth',
      summary:
        'Send a one-time sign-in code to the staff member’s Telegram (answered the same whether or not the account exists)',
      body: CodeRequest,
      response: { status: 202, schema: z.object({ sent: z.literal(true), expiresInSeconds: z.number() }) },
    },
    async ({ req, body }) => {
      if (!o.telegram) throw new ConsoleError('ERR_CODE_SIGNIN_UNAVAILABLE');
      await refuseIfLocked(body.staffId, req.ip);
      const account = await o.accounts.credentials(o.db, body.staffId);
      if (account?.active && account.telegramUserId !== null) {
        const lang = requestLang(req);
        const code = await o.codes.issue(body.staffId);
        if (code === undefined) {
          // The one sent under a minute ago still works; the answer stays the same.
          req.log.info(
            { staffId: body.staffId },
            'sign-in code not re-sent: the last one is under a minute old',
          );
          return { sent: true as const, expiresInSeconds: Math.round(CODE_TTL_MS / 1000) };
        }
        const minutes = Math.round(CODE_TTL_MS / 60_000);
        const text = o.translator.t(lang, 'console.signin.codeMessage', { code, minutes });
        // A failed send is logged, not reported: the answer must not tell which accounts have Telegram.
        const delivery = await o.telegram
          .sendLoginCode(account.telegramUserId, text)
          .catch(
            (err: unknown) => void req.log.warn({ err, staffId: body.staffId }, 'sign-in code not sent'),
          );
        if (delivery && !delivery.sent) {
          // Except that Telegram lets no bot write first: only the person can fix it, so they are told
          // (open the bot, press Start). The code is void, and the attempt counts towards the lock-out,
          // which bounds what this answer tells about accounts to a few names per address.
          await o.codes.revoke(body.staffId);
          await o.throttle.record(body.staffId, req.ip, 'code', false);
          req.log.warn({ staffId: body.staffId }, 'sign-in code not sent: the staff bot was never started');
          const bot = delivery.bot ?? o.translator.t(lang, 'console.signin.theStaffBot');
          throw new ConsoleError('ERR_TELEGRAM_NOT_STARTED', { bot: delivery.bot ?? null }, { bot });
        }
      }
      return { sent: true as const, expiresInSeconds: Math.round(CODE_TTL_MS / 1000) };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/api/auth/code/verify',
      access: { public: true },
      tag: 'auth',
      summary: 'Sign in with the code sent on Telegram (counts towards the same lock-out as passwords)',
      body: CodeVerify,
      response: { schema: SignedIn },
    },
    async ({ req, reply, body }) => {
      if (!o.telegram) throw new ConsoleError('ERR_CODE_SIGNIN_UNAVAILABLE');
      await refuseIfLocked(body.staffId, req.ip);
      const account = await o.accounts.credentials(o.db, body.staffId);
      const ok = account?.active === true && (await o.codes.redeem(body.staffId, body.code));
      await o.throttle.record(body.staffId, req.ip, 'code', ok);
      if (!ok) throw new ConsoleError('ERR_BAD_CODE');
      req.log.info({ staffId: body.staffId }, 'console sign-in by code');
      return startSession(req, reply, body.staffId);
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/api/auth/logout',
      access: { roles: ROLES.anyStaff },
      tag: 'auth',
      summary: 'Sign out (ends this session)',
      response: { status: 204 },
      beforePolicyAck: true,
    },
    async ({ req, reply, staff }) => {
      await o.sessions.revoke(staff.tokenHash);
      clearSessionCookie(reply, o.secure(req));
      return undefined;
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/api/auth/me',
      access: { roles: ROLES.anyStaff },
      tag: 'auth',
      summary: 'Who is signed in, with the session’s CSRF token',
      response: { schema: SignedIn },
    },
    async ({ reply, staff }) => {
      void reply.header('cache-control', 'no-store');
      return signedIn(staff);
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/api/auth/password',
      access: { roles: ROLES.anyStaff },
      tag: 'auth',
      summary: 'Change one’s own password (other sessions of the account end)',
      body: PasswordChange,
      response: { status: 204 },
      beforePolicyAck: true,
    },
    async ({ req, staff, body }) => {
      await refuseIfLocked(staff.staffId, req.ip);
      const account = await o.accounts.credentials(o.db, staff.staffId);
      const ok = await verifyPassword(account?.passwordHash, body.current);
      await o.throttle.record(staff.staffId, req.ip, 'password', ok);
      if (!ok) throw new ConsoleError('ERR_BAD_CREDENTIALS');
      if (passwordProblem(body.next))
        throw new ConsoleError('ERR_WEAK_PASSWORD', {}, { min: MIN_PASSWORD_LENGTH });
      await o.accounts.update(o.db, staff.staffId, { passwordHash: await hashPassword(body.next) });
      await o.sessions.revokeOthers(staff.staffId, staff.tokenHash);
      return undefined;
    },
  );
}
