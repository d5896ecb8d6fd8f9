import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import type { OutboundMessage } from '../../src/domain/outbound-message';
import { buildApp } from '../../src/http/app';
import { LOCALES } from '../../src/i18n/translator';
import type { CommitSignal } from '../../src/store/commit-signals';
import type { Database, SqlExecutor, TransactionOptions } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { CONTRACT_SAMPLES, describeChannelContract, type InboundKind } from './channel-contract';

/**
 * The web chat's "platform" is its database: a reply is delivered when it is stored. The store refuses
 * as a real one does: the server going away (SQLSTATE 57P01, retryable) or refusing the data (22021,
 * permanent).
 */
class RefusingDatabase implements Database {
  readonly kind: Database['kind'];
  refuse: 'retryable' | 'permanent' | undefined;

  constructor(private readonly db: Database) {
    this.kind = db.kind;
  }

  get committed(): Database['committed'] {
    return this.db.committed;
  }

  afterCommit(signal: CommitSignal): void {
    this.db.afterCommit(signal);
  }

  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ) {
    const mode = this.refuse;
    if (mode && /INSERT INTO webchat_deliveries/.test(sql)) {
      this.refuse = undefined;
      return Promise.reject(
        mode === 'retryable'
          ? Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
          : Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }),
      );
    }
    return this.db.query<R>(sql, params);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.db.transaction(fn, options);
  }

  async close(): Promise<void> {}
}

/** What the page shows for a reply (src/channels/webchat/ui/chat-log.ts renders the same). */
function onThePage(message: OutboundMessage): { text: string; buttons: string[] } {
  const texts = LOCALES.ar.webchat as Record<string, string>;
  switch (message.kind) {
    case 'text':
      return { text: message.text, buttons: [] };
    case 'choices':
      return { text: message.text, buttons: message.choices.map((c) => c.label) };
    case 'location-request':
      return { text: message.text, buttons: [texts.shareLocation ?? ''] };
    case 'document':
      return { text: message.caption ?? '', buttons: [] };
  }
}

describeEachDatabase(
  'web chat',
  (getDb) => {
    describeChannelContract('webchat', async () => {
      const db = new RefusingDatabase(getDb());
      const adapter = new WebChatChannel(db);
      const folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-webchat-contract-'));
      const app = await buildApp({
        logger: pino({ level: 'silent' }),
        readiness: {},
        webchat: adapter,
        webchatOptions: { documents: new FsDocumentStore(folder) },
      });
      const sessions = new Map<string, { id: string; seen: number }>();
      const session = async (userId: string) => {
        let found = sessions.get(userId);
        if (!found) {
          const res = await app.inject({ method: 'POST', url: '/webchat/api/sessions' });
          found = { id: res.json<{ sessionId: string }>().sessionId, seen: 0 };
          sessions.set(userId, found);
        }
        return found;
      };
      const expectAccepted = (res: { statusCode: number; body: string }) => {
        if (res.statusCode !== 202)
          throw new Error(`the web chat refused the update: ${res.statusCode} ${res.body}`);
      };
      const clientMessageId = () => randomBytes(8).toString('hex');

      return {
        adapter,
        supports: ['text', 'choice', 'image', 'document', 'location'] satisfies InboundKind[],
        deliver: async (kind, userId, options = {}) => {
          const { id } = await session(userId);
          if (kind === 'image' || kind === 'document') {
            const file = CONTRACT_SAMPLES[kind];
            expectAccepted(
              await app.inject({
                method: 'POST',
                url: `/webchat/api/sessions/${id}/uploads`,
                headers: {
                  'content-type': file.mimeType,
                  'x-file-name': encodeURIComponent(file.fileName),
                  'x-client-message-id': clientMessageId(),
                },
                payload: file.bytes,
              }),
            );
            return;
          }
          const fields =
            kind === 'text'
              ? { text: options.text ?? '' }
              : kind === 'choice'
                ? { choiceId: options.choiceId }
                : kind === 'location'
                  ? { location: { ...CONTRACT_SAMPLES.location } }
                  : undefined;
          if (!fields) throw new Error(`the web chat cannot send '${kind}'`);
          expectAccepted(
            await app.inject({
              method: 'POST',
              url: `/webchat/api/sessions/${id}/messages`,
              payload: { clientMessageId: clientMessageId(), ...fields },
            }),
          );
        },
        delivered: async (userId) => {
          const current = await session(userId);
          const res = await app.inject({
            method: 'GET',
            url: `/webchat/api/sessions/${current.id}/messages?after=${current.seen}`,
          });
          const { messages } = res.json<{ messages: { seq: number; message: OutboundMessage }[] }>();
          current.seen = messages.at(-1)?.seq ?? current.seen;
          return messages.map((m) => onThePage(m.message));
        },
        failNextSend: (mode) => {
          db.refuse = mode;
        },
        close: async () => {
          await app.close();
          await rm(folder, { recursive: true, force: true });
        },
      };
    });
  },
  { migrate: true },
);
