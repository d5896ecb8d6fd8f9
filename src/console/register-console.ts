import fastifyCookie from '@fastify/cookie';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BeneficiaryNotifier } from '../cases/beneficiary-notifier';
import { CaseError } from '../cases/rules/case-error';
import type { Translator } from '../i18n/translator';
import { CaseAssignments } from '../cases/case-assignment';
import { PgStaffAccountRepository } from '../store/console/staff-account-repository';
import { PgEventLog } from '../store/event-log';
import { PgOutboxRepository } from '../store/outbox-repository';
import { PgTimerRequestRepository } from '../store/timer-request-repository';
import { adminRoutes } from './admin/admin-routes';
import { alertRoutes } from './alerts/alert-routes';
import { PersonalDataAudit } from './audit/personal-data-audit';
import { bullBoardRoutes } from './admin/bull-board';
import { HolidayTable } from './admin/holiday-table';
import { authRoutes } from './auth/auth-routes';
import { DEFAULT_LOCKOUT, LoginThrottle } from './auth/login-throttle';
import { LoginCodes } from './auth/login-codes';
import { DEFAULT_SESSION_POLICY, SessionStore } from './auth/session-store';
import { assignRoutes } from './cases/assign-routes';
import { caseRoutes } from './cases/case-routes';
import type { ConsoleOptions } from './console-options';
import { dashboardRoutes } from './dashboard/dashboard-routes';
import { ApiRegistry } from './http/api-registry';
import { ConsoleError, CONSOLE_ERRORS } from './http/console-errors';
import { requestLang, secureCookies } from './http/console-http';
import { registerGuard } from './http/guard';
import { localDate } from './http/local-time';
import { metaRoutes } from './http/meta-routes';
import { refusalOf } from '../http/request-refusals';
import { consolePages, renderShell, type ShellOptions } from './http/pages';
import { inboxRoutes } from './inbox/inbox-routes';
import { intakeRoutes } from './intake/intake-routes';
import { PeopleService } from './people/people-service';
import { peopleRoutes } from './people/people-routes';
import { IntakeService } from './intake/intake-service';
import { queueRoutes } from './queues/queue-routes';
import { PolicyAcks } from './policy/policy-acks';
import { policyRoutes } from './policy/policy-routes';
import { setupRoutes } from './setup/setup-routes';
import { firstRunRoutes } from './setup/first-run-routes';
import { FirstRunSetup } from './setup/first-run-setup';

/** Every console failure answers `{ error, message }` in the caller's language; faults are logged once here. */
function consoleErrorHandler(translator: Translator) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const lang = requestLang(req);
    if (err instanceof ConsoleError) {
      if (err.code === 'ERR_LOCKED_OUT' || err.code === 'ERR_TOO_MANY_STREAMS')
        void reply.header('retry-after', Number(err.extra.retryAfterSeconds ?? 60));
      return reply
        .code(err.status)
        .send({ error: err.code, message: translator.t(lang, err.key, err.params), ...err.extra });
    }
    if (err instanceof CaseError) {
      return reply.code(err.status).send({ error: err.code, message: translator.t(lang, err.key) });
    }
    // Fastify's own refusals (a body that is not JSON, too large, of the wrong type) and the text guard's.
    const refusal = refusalOf(err);
    if (refusal) {
      return reply.code(refusal.status).send({
        error: refusal.code,
        message: translator.t(lang, CONSOLE_ERRORS[refusal.code].key),
        ...(refusal.issues ? { issues: refusal.issues } : {}),
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(400).send({
        error: 'ERR_VALIDATION',
        message: translator.t(lang, CONSOLE_ERRORS.ERR_VALIDATION.key),
        issues: [{ path: '(body)', message: err.message }],
      });
    }
    req.log.error({ err }, 'console request failed');
    return reply
      .code(500)
      .send({ error: 'ERR_INTERNAL', message: translator.t(lang, CONSOLE_ERRORS.ERR_INTERNAL.key) });
  };
}

/**
 * The management and committee web console (docs/console.md): pages under /console, the API under
 * /api, Bull Board under /console/queues. Adds the guard at the app's root so every route under those
 * paths, ours or added later, is authenticated, role-checked and CSRF-protected.
 */
export async function registerConsole(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  const { db, profile, translator } = options;
  const now = options.now ?? (() => new Date());
  const today = () => localDate(now(), profile.calendar.timeZone);
  const security = options.cookieSecurity ?? 'auto';
  const secure = (req: FastifyRequest) => secureCookies(req, security);
  const sessionPolicy = DEFAULT_SESSION_POLICY;
  const sessions = new SessionStore(db, sessionPolicy, now);
  const accounts = new PgStaffAccountRepository();
  const events = new PgEventLog();
  const holidays = new HolidayTable(db, profile, events, translator, today);
  const registry = new ApiRegistry();
  const policy = new PolicyAcks(db, profile, now);
  const audit = new PersonalDataAudit(db, now);
  const shell: ShellOptions = {
    profile,
    codeSignIn: options.telegram !== undefined,
    queues: (options.queues?.length ?? 0) > 0,
    secure,
    lang: requestLang,
  };

  await app.register(fastifyCookie);
  registerGuard(app, {
    sessions,
    translator,
    policy,
    refusePage: (req, reply, status, session) =>
      renderShell(req, reply, shell, { name: 'refused', status, session }),
  });

  await app.register(async (scope) => {
    scope.setErrorHandler(consoleErrorHandler(translator));
    await scope.register(consolePages, shell);
    await scope.register(authRoutes, {
      registry,
      db,
      accounts,
      sessions,
      sessionPolicy,
      throttle: new LoginThrottle(db, options.lockout ?? DEFAULT_LOCKOUT, now),
      codes: new LoginCodes(db, now),
      telegram: options.telegram,
      translator,
      secure,
    });
    await scope.register(firstRunRoutes, {
      registry,
      setup: new FirstRunSetup({ db, accounts, events, now }),
      shell,
      sessions,
      sessionPolicy,
      secure,
    });
    await scope.register(metaRoutes, { registry, db, accounts, profile, today });
    await scope.register(caseRoutes, {
      registry,
      db,
      profile,
      translator,
      caseActions: options.caseActions,
      cipher: options.cipher,
      today,
      defaultLang: options.defaultLang ?? profile.languages.default,
      audit,
    });
    if (options.handoffs) {
      await scope.register(inboxRoutes, {
        registry,
        db,
        profile,
        handoffs: options.handoffs,
        documents: options.documents,
        cipher: options.cipher,
        now,
        pollMs: options.inboxPollMs,
      });
    }
    await scope.register(assignRoutes, {
      registry,
      db,
      assignments: new CaseAssignments({ db, profile, events, now }),
    });
    await scope.register(intakeRoutes, {
      registry,
      audit,
      intake: new IntakeService({
        db,
        profile,
        holidays,
        events,
        timerRequests: new PgTimerRequestRepository(),
        cipher: options.cipher,
        notifier: new BeneficiaryNotifier({
          translator,
          outbox: new PgOutboxRepository(options.cipher),
          defaultLang: options.defaultLang ?? profile.languages.default,
        }),
        translator,
        now,
      }),
    });
    await scope.register(peopleRoutes, {
      registry,
      audit,
      people: new PeopleService({ db, events, now }),
    });
    await scope.register(queueRoutes, {
      registry,
      db,
      profile,
      accounts,
      translator,
      events,
      notifier: new BeneficiaryNotifier({
        translator,
        outbox: new PgOutboxRepository(options.cipher),
        defaultLang: options.defaultLang ?? profile.languages.default,
      }),
      documents: options.documents,
      now,
    });
    await scope.register(dashboardRoutes, { registry, db, accounts, profile, translator, today });
    await scope.register(alertRoutes, { registry, db, profile, translator, now });
    await scope.register(policyRoutes, { registry, profile, translator, acks: policy });
    await scope.register(setupRoutes, {
      registry,
      db,
      profile,
      translator,
      staffGroup: options.staffGroup ?? options.telegram !== undefined,
      today,
    });
    await scope.register(adminRoutes, {
      registry,
      db,
      profile,
      accounts,
      sessions,
      events,
      holidays,
      clock: options.clock,
      onHolidaysChanged: options.onHolidaysChanged,
      whatsapp: options.whatsapp,
      whatsappCloud: options.whatsappCloud,
    });
  });
  if (options.queues && options.queues.length > 0) {
    await app.register(bullBoardRoutes, { queues: options.queues, secure });
  }
}
