import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import type { Tawasul } from '../../src/app/start-tawasul';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { loadProfile } from '../../src/config/load-profile';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { uploadLimitsFromProfile } from '../../src/documents/upload-limits';
import { buildApp } from '../../src/http/app';
import { CHROMIUM_PATH } from './chromium-path';
import { createTestDatabase, selectedBackends } from './databases';
import { DEMO_PROFILE_PATH } from './flow-driver';
import { startTestTawasul } from './spine-harness';

export const WEBCHAT_PROFILE = loadProfile(DEMO_PROFILE_PATH);

const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The web chat behind the real runtime (database, Redis queue, flows) on a random port, and a headless Chromium. */
export interface WebChatBrowser {
  base: string;
  browser: Browser;
  /** Cuts every open connection to the app, as a restart or a network drop does (event streams too). */
  dropConnections(): void;
  stop(): Promise<void>;
}

export async function startWebChatBrowser(): Promise<WebChatBrowser> {
  const backend = selectedBackends().includes('pglite') ? 'pglite' : 'postgres';
  const database = await createTestDatabase(backend, { migrate: true });
  const profile = WEBCHAT_PROFILE;
  const channel = new WebChatChannel(database.db);
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let runtime: Tawasul | undefined;
  let folder = '';
  const stops: (() => Promise<unknown>)[] = [() => database.dispose()];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
    if (folder) await rm(folder, { recursive: true, force: true });
  };
  try {
    runtime = await startTestTawasul(database.db, { profile, channels: { extra: [channel] }, logger });
    stops.push(() => runtime!.stop());
    folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-webchat-browser-'));
    const app = await buildApp({
      logger,
      readiness: {},
      webchat: channel,
      webchatOptions: {
        documents: new FsDocumentStore(folder),
        uploads: uploadLimitsFromProfile(profile),
        association: profile.association.name,
      },
    });
    stops.push(() => app.close());
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });
    stops.push(() => browser.close());
    return { base, browser, stop, dropConnections: () => app.server.closeAllConnections() };
  } catch (err) {
    await stop();
    throw err;
  }
}
