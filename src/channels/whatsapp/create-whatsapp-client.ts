import path from 'node:path';
import { Client, LocalAuth, type Events, type Message } from 'whatsapp-web.js';
import type { WhatsAppClientPort, WhatsAppMessage } from './whatsapp-client-port';

export interface WhatsAppClientOptions {
  /** Tawasul's data folder: the session lives in `<dataDir>/whatsapp-session`. */
  dataDir: string;
  /** The system Chromium (Debian's `chromium`); whatsapp-web.js never downloads one (.puppeteerrc.cjs). */
  chromiumPath: string;
}

/** Where the linked-device session is kept. Back it up to survive a reinstall; delete it to log out. */
export function whatsAppSessionPath(dataDir: string): string {
  return path.join(dataDir, 'whatsapp-session');
}

/**
 * The real whatsapp-web.js client, typed as the port the adapter is written against. The
 * assignments below are the compile-time proof that the library still fits the port: a method,
 * event or message field renamed in a new whatsapp-web.js version fails `tsc`, not production.
 */
export function createWhatsAppClient(options: WhatsAppClientOptions): WhatsAppClientPort {
  const client: WhatsAppClientPort = new Client({
    authStrategy: new LocalAuth({ dataPath: whatsAppSessionPath(options.dataDir) }),
    // The WhatsApp Web page last loaded, kept beside the session instead of in the working directory.
    webVersionCache: { type: 'local', path: path.join(options.dataDir, 'whatsapp-web-cache') },
    puppeteer: {
      executablePath: options.chromiumPath,
      headless: true,
      // Chromium's sandbox needs privileges a container or service user rarely has; the page is
      // WhatsApp Web only. /dev/shm is tiny in Docker: use /tmp.
      args: ['--no-sandbox', '--disable-setuid-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    },
  });
  return client;
}

// The library's messages are what the port's `message` event promises.
const _messageFits = (message: Message): WhatsAppMessage => message;
// Every event the port listens to is one the library emits (its `Events` enum).
const _eventsExist: readonly `${Events}`[] = [
  'qr',
  'authenticated',
  'auth_failure',
  'ready',
  'disconnected',
  'change_state',
  'message',
];
