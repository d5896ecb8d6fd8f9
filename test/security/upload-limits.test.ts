import { createHash, randomBytes } from 'node:crypto';
import pino from 'pino';
import type { AcceptResult } from '../../src/channels/channel-adapter';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import type { DocumentStore, StoredDocument } from '../../src/documents/document-store';
import { sniffMimeType } from '../../src/documents/sniff-mime';
import type { InboundMessageInput } from '../../src/domain/inbound-message';
import { buildApp } from '../../src/http/app';
import type { Database } from '../../src/store/database';

/**
 * Web chat uploads are limited by size, by type and by count, and the type is what the bytes are,
 * never what the file is called or declared as: an executable renamed `passport.jpg`, an archive
 * renamed `lease.pdf`, a page with script renamed `photo.png` are refused and nothing is stored.
 */
class MemoryDocuments implements DocumentStore {
  readonly files = new Map<string, Buffer>();
  async put(bytes: Buffer, meta: { fileName?: string }): Promise<StoredDocument> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.files.set(sha256, bytes);
    return {
      ref: sha256,
      sha256,
      sizeBytes: bytes.length,
      mimeType: sniffMimeType(bytes),
      fileName: meta.fileName,
    };
  }
  async get(ref: string): Promise<Buffer> {
    const found = this.files.get(ref);
    if (!found) throw new Error('no such document');
    return found;
  }
  async delete(ref: string): Promise<void> {
    this.files.delete(ref);
  }
}

const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
  Buffer.from('JFIF'),
  Buffer.alloc(200),
]);
const EXECUTABLES: [string, Buffer, string][] = [
  [
    'a Windows program renamed passport.jpg',
    Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(300)]),
    'image/jpeg',
  ],
  [
    'a Linux program renamed id.png',
    Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01'), Buffer.alloc(300)]),
    'image/png',
  ],
  [
    'a zip archive renamed lease.pdf',
    Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(300)]),
    'application/pdf',
  ],
  [
    'a web page with script renamed photo.png',
    Buffer.from('<html><script>alert(1)</script></html>'),
    'image/png',
  ],
  ['an SVG with script renamed scan.jpg', Buffer.from('<svg onload="alert(1)"/>'), 'image/jpeg'],
  ['a shell script renamed income.pdf', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'application/pdf'],
];

async function start() {
  const received: InboundMessageInput[] = [];
  // The spine below only records; the channel's look-ups (a resent upload, the same bytes sent before, a
  // file still in use) find nothing, as for a fresh session.
  const channel = new WebChatChannel({} as Database);
  channel.hasVisitorMessage = async () => false;
  channel.sentFile = async () => undefined;
  channel.fileInUse = async () => false;
  await channel.start(async (message): Promise<AcceptResult> => {
    received.push(message);
    return { status: 'accepted', conversationId: 'c' };
  });
  const documents = new MemoryDocuments();
  const app = await buildApp({
    logger: pino({ level: 'silent' }),
    readiness: {},
    webchat: channel,
    webchatOptions: {
      documents,
      uploads: { maxBytes: 64 * 1024, mimeTypes: ['image/jpeg', 'image/png', 'application/pdf'] },
    },
  });
  const session = randomBytes(18).toString('base64url');
  const upload = (bytes: Buffer, name: string, type: string, id = randomBytes(6).toString('hex')) =>
    app.inject({
      method: 'POST',
      url: `/webchat/api/sessions/${session}/uploads`,
      headers: { 'content-type': type, 'x-file-name': encodeURIComponent(name), 'x-client-message-id': id },
      payload: bytes,
    });
  return { app, documents, received, upload };
}

describe('web chat uploads: size, type and count', () => {
  it.each(EXECUTABLES)(
    'refuses %s with 415, by its bytes, storing nothing',
    async (_what, bytes, declared) => {
      const { app, documents, received, upload } = await start();
      const name = _what.split(' renamed ')[1]!;
      const res = await upload(bytes, name, declared);
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ error: 'ERR_UPLOAD_TYPE' });
      expect([documents.files.size, received.length]).toEqual([0, 0]);
      await app.close();
    },
  );

  it('takes a real image whatever it is called, as what its bytes are', async () => {
    const { app, received, upload } = await start();
    const res = await upload(JPEG, 'setup.exe', 'application/x-msdownload');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ file: { mimeType: 'image/jpeg', fileName: 'setup.exe' } });
    expect(received[0]?.media?.[0]).toMatchObject({ kind: 'image', mimeType: 'image/jpeg' });
    await app.close();
  });

  it('refuses a file over the size limit with 413 before storing it', async () => {
    const { app, documents, upload } = await start();
    const res = await upload(Buffer.concat([JPEG, Buffer.alloc(64 * 1024)]), 'big.jpg', 'image/jpeg');
    expect(res.statusCode).toBe(413);
    expect(documents.files.size).toBe(0);
    await app.close();
  });

  it('counts uploads: the 21st within 10 s gets 429 with retry-after and is not stored', async () => {
    const { app, documents, received, upload } = await start();
    const answers = [];
    for (let i = 0; i < 21; i++) {
      // Each file different, so the store would keep each one.
      const bytes = Buffer.concat([JPEG, Buffer.from([i])]);
      answers.push(await upload(bytes, `page-${i}.jpg`, 'image/jpeg'));
    }
    expect(answers.slice(0, 20).every((r) => r.statusCode === 202)).toBe(true);
    expect([answers[20]?.statusCode, answers[20]?.json()]).toEqual([
      429,
      expect.objectContaining({ error: 'ERR_RATE_LIMITED' }),
    ]);
    expect(Number(answers[20]?.headers['retry-after'])).toBeGreaterThan(0);
    expect([documents.files.size, received.length]).toEqual([20, 20]);
    await app.close();
  });
});
