import type { Logger } from 'pino';
// Called as a method: qrcode-terminal's `generate` reads its error-correction level from `this`.
import * as qrcode from 'qrcode-terminal';
import type { DocumentStore } from '../../documents/document-store';
import type { SqlExecutor } from '../../store/database';
import { PgWhatsAppContactRepository } from '../../store/whatsapp-contact-repository';
import { createWhatsAppClient, whatsAppSessionPath } from './create-whatsapp-client';
import type { PacingOptions } from './send-pacer';
import { WhatsAppChannel } from './whatsapp-channel';
import type { WhatsAppClientPort } from './whatsapp-client-port';

export interface WhatsAppSetup {
  dataDir: string;
  chromiumPath: string;
  pacing: PacingOptions;
  db: SqlExecutor;
  documents: DocumentStore;
  logger: Logger;
  /** Where the QR code is drawn for whoever links the phone (default: this terminal). */
  qrOutput?: NodeJS.WritableStream;
  /** Tests pass a fake; otherwise the real whatsapp-web.js client. */
  client?: WhatsAppClientPort;
}

/**
 * The WhatsApp channel as `main` runs it: the real whatsapp-web.js client with its session under
 * `DATA_DIR/whatsapp-session`, the contacts table, every new QR code drawn in the terminal, and the
 * staff alerts logged until the staff bot or the web console picks them up. See docs/channels/whatsapp.md.
 */
export function createWhatsAppChannel(setup: WhatsAppSetup): WhatsAppChannel {
  const output = setup.qrOutput ?? process.stdout;
  const logger = setup.logger.child({ channel: 'whatsapp' });
  const channel = new WhatsAppChannel({
    client:
      setup.client ?? createWhatsAppClient({ dataDir: setup.dataDir, chromiumPath: setup.chromiumPath }),
    documents: setup.documents,
    contacts: new PgWhatsAppContactRepository(setup.db),
    logger: setup.logger,
    pacing: setup.pacing,
    onQr: (qr) =>
      qrcode.generate(qr, { small: true }, (art) =>
        output.write(
          '\nWhatsApp: scan this code with the association phone ' +
            '(WhatsApp → Settings → Linked devices → Link a device).\n' +
            `The code changes about every 20 seconds; the session is then kept in ${whatsAppSessionPath(setup.dataDir)}.\n` +
            `${art}\n`,
        ),
      ),
  });
  channel.alerts.on('alert', (alert) => {
    if (alert.type === 'whatsapp.ready') logger.info({ alert: alert.type }, 'WhatsApp is connected');
    else logger.warn({ alert: alert.type, reason: alert.reason }, 'WhatsApp needs attention');
  });
  return channel;
}
