import type { Logger } from 'pino';
import type { WhatsAppCloudChannel } from '../channels/whatsapp-cloud/whatsapp-cloud-channel';
import { DeliveryReports } from '../queue/delivery-reports';
import type { OutboxDispatcher } from '../queue/outbox-dispatcher';
import type { Database } from '../store/database';
import { PgOutboxRepository } from '../store/outbox-repository';
import { PgStaffNotificationRepository } from '../store/staff-notification-repository';

/**
 * Connects the Cloud API channel to the rest once the spine runs: its statuses to the outbox
 * (`DeliveryReports`), its alerts to the administrators' alerts in the console (one per cause, and one
 * a day for a token, template or account problem), and a person writing again to the sends held for them.
 */
export function connectWhatsAppCloud(
  channel: WhatsAppCloudChannel,
  deps: {
    db: Database;
    dispatcher: OutboxDispatcher;
    logger: Logger;
    now: () => Date;
  },
): { stop(): Promise<void> } {
  const { db, dispatcher, logger, now } = deps;
  // Only ids are read: no cipher needed.
  const outbox = new PgOutboxRepository();
  const reports = new DeliveryReports({ db, dispatcher, logger, now });
  const alerts = new PgStaffNotificationRepository(now);
  channel.connect({
    onReport: (report) => reports.record(report),
    onAlert: (alert) => {
      const cause = alert.kind === 'undeliverable' ? alert.about : now().toISOString().slice(0, 10);
      logger.warn({ alert: `whatsapp.${alert.kind}`, error: alert.error }, 'WhatsApp needs attention');
      void alerts
        .add(db, [
          {
            recipient: 'role:admin',
            kind: `whatsapp.${alert.kind}`,
            data: { error: alert.error, about: alert.about },
            dedupeKey: `whatsapp-${alert.kind}-${cause}`,
          },
        ])
        .catch((err: unknown) => logger.warn({ err }, 'could not record a WhatsApp alert'));
    },
    onWindowReopened: (recipient) => {
      void outbox
        .waitingFor(db, 'whatsapp', recipient)
        .then((ids) => dispatcher.promote(ids))
        .catch((err: unknown) => logger.warn({ err }, 'held WhatsApp messages wait for their next try'));
    },
  });
  reports.start();
  return { stop: () => reports.stop() };
}
