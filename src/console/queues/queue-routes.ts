import type { FastifyInstance } from 'fastify';
import type { Profile } from '../../config/profile-schema';
import { BeneficiaryNotifier } from '../../cases/beneficiary-notifier';
import { DataRequestQueue } from '../../cases/data-request-queue';
import { FieldHelpQueue } from '../../cases/field-help-queue';
import { CaseTimers } from '../../cases/rules/case-timers';
import { StaffDirectory } from '../../cases/staff-directory';
import { VolunteerQueue } from '../../cases/volunteer-queue';
import type { DocumentStore } from '../../documents/document-store';
import type { Translator } from '../../i18n/translator';
import type { PgStaffAccountRepository } from '../../store/console/staff-account-repository';
import type { Database } from '../../store/database';
import type { PgEventLog } from '../../store/event-log';
import { PgStaffNotificationRepository } from '../../store/staff-notification-repository';
import { PgTimerRequestRepository } from '../../store/timer-request-repository';
import type { ApiRegistry } from '../http/api-registry';
import { dataRequestRoutes } from './data-request-routes';
import { fieldHelpRoutes } from './field-help-routes';
import { volunteerRoutes } from './volunteer-routes';

export interface QueueRouteOptions {
  registry: ApiRegistry;
  db: Database;
  profile: Profile;
  accounts: PgStaffAccountRepository;
  translator: Translator;
  events: PgEventLog;
  notifier: BeneficiaryNotifier;
  /** Where an early erasure deletes the person's files from; without it administrators are alerted. */
  documents?: DocumentStore;
  now: () => Date;
}

/**
 * The queues of the promises the bot makes besides cases and handoffs (docs/console.md): field-help
 * calls, volunteer sign-ups, data requests. The services are the ones the staff bot and the clock use.
 */
export async function queueRoutes(app: FastifyInstance, o: QueueRouteOptions): Promise<void> {
  const { registry, db, profile, accounts, events, notifier, now } = o;
  await fieldHelpRoutes(app, {
    registry,
    db,
    profile,
    accounts,
    queue: new FieldHelpQueue({ db, events, notifier, now }),
  });
  await volunteerRoutes(app, {
    registry,
    db,
    profile,
    accounts,
    translator: o.translator,
    queue: new VolunteerQueue({ db, events, notifier, now }),
  });
  await dataRequestRoutes(app, {
    registry,
    queue: new DataRequestQueue({
      db,
      events,
      notifier,
      timerRequests: new PgTimerRequestRepository(),
      staffNotifications: new PgStaffNotificationRepository(),
      directory: new StaffDirectory(profile),
      timers: new CaseTimers(profile),
      documents: o.documents,
      now,
    }),
  });
}
