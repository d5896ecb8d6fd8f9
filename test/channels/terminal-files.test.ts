import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { InboundMessageInput } from '../../src/domain/inbound-message';
import { TerminalChannel } from '../../src/channels/terminal/terminal-channel';
import { FsDocumentStore } from '../../src/documents/fs-document-store';

describe('terminal chat stand-ins for attachments', () => {
  it('sends a file from /file <path> and a pin from /location, like a phone would', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-term-'));
    const pdf = path.join(dir, 'income.pdf');
    writeFileSync(pdf, '%PDF-1.4\n%%EOF\n');
    const input = new PassThrough();
    const received: InboundMessageInput[] = [];
    const channel = new TerminalChannel({
      input,
      output: new PassThrough(),
      userId: 'amal',
      documents: new FsDocumentStore(path.join(dir, 'docs')),
    });
    await channel.start(async (m) => {
      received.push(m);
      return { status: 'accepted', conversationId: 'c' };
    });
    input.write(`/file ${pdf}\n/location 21.4225, 39.8262\nمرحبا\n`);
    for (let i = 0; i < 50 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received.map((m) => [m.text, m.media?.[0]?.kind, m.media?.[0]?.mimeType, m.location])).toEqual([
      [undefined, 'document', 'application/pdf', undefined],
      [undefined, undefined, undefined, { latitude: 21.4225, longitude: 39.8262 }],
      ['مرحبا', undefined, undefined, undefined],
    ]);
    expect(received[0]?.media?.[0]).toMatchObject({ fileName: 'income.pdf', sizeBytes: 15 });
    await channel.stop();
  });
});
