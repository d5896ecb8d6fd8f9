import { userInfo } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import type { Writable } from 'node:stream';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentStore } from '../../documents/document-store';
import type { InboundMessageInput } from '../../domain/inbound-message';
import type { OutboundMessage } from '../../domain/outbound-message';
import type { ChannelAdapter, InboundHandler, SendResult } from '../channel-adapter';
import { toNumberedText } from '../numbered-text';
import { splitText } from '../../domain/text/split-text';

/** Write errors that say "not now" rather than "never": the output is busy or was interrupted. */
const RETRYABLE_WRITE_ERRORS = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR', 'EBUSY', 'ENOBUFS']);

export interface TerminalChannelOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Who is typing; defaults to the operating-system user. */
  userId?: string;
  /** Where `/file <path>` stores a file sent from the terminal; without it the command is refused. */
  documents?: DocumentStore;
}

/**
 * `npm run chat`: a person types in the terminal and the bot answers, through the same spine and
 * queue as any platform. Choices are shown numbered, as on WhatsApp.
 */
export class TerminalChannel implements ChannelAdapter {
  readonly name = 'terminal' as const;
  readonly capabilities = { buttons: false, idempotentDelivery: false, maxTextLength: 100_000 };
  private rl: Interface | undefined;
  private readonly userId: string;
  private counter = 0;
  private pending: Promise<void> = Promise.resolve();
  private readonly output: NodeJS.WritableStream;

  constructor(private readonly options: TerminalChannelOptions = {}) {
    this.userId = options.userId ?? userInfo().username;
    this.output = options.output ?? process.stdout;
    // A failed write also emits 'error'; without a listener that would end the process. The send
    // that hit it reports the failure as its result, and later sends find the stream closed.
    this.output.on('error', () => undefined);
  }

  async start(onMessage: InboundHandler): Promise<void> {
    const output = this.output;
    this.rl = createInterface({ input: this.options.input ?? process.stdin, output, terminal: false });
    this.rl.on('line', (line) => {
      // Message ids must stay unique across restarts of the same data folder: time plus a counter.
      const channelMessageId = `${Date.now()}-${++this.counter}`;
      // One line at a time, in the order typed: reading a file must not let the next line overtake it.
      this.pending = this.pending
        .then(() => this.toMessage(line))
        .then((fields) =>
          onMessage({
            channel: 'terminal',
            channelMessageId,
            sender: { channelUserId: this.userId },
            receivedAt: new Date(),
            ...fields,
          }),
        )
        .then((result) => {
          if (result.status === 'rejected') output.write(`! ${result.issues.join('; ')}\n`);
        })
        // The runtime's handler logs its own faults; the line is not lost (it was not accepted).
        .catch((err: unknown) => void output.write(`! ${(err as Error).message}\n`));
    });
  }

  /**
   * A typed line, or one of the terminal's stand-ins for what phones send: `/file <path>` (a photo or
   * PDF, as if attached) and `/location <latitude>,<longitude>` (a shared pin).
   */
  private async toMessage(line: string): Promise<Partial<InboundMessageInput>> {
    const file = /^\/file\s+(.+)$/.exec(line.trim());
    if (file?.[1] && this.options.documents) {
      const bytes = await readFile(file[1].trim());
      const stored = await this.options.documents.put(bytes, { fileName: path.basename(file[1].trim()) });
      const kind = stored.mimeType.startsWith('image/') ? 'image' : 'document';
      return {
        media: [
          {
            kind,
            mimeType: stored.mimeType,
            sizeBytes: stored.sizeBytes,
            ref: stored.ref,
            sha256: stored.sha256,
            fileName: stored.fileName,
          },
        ],
      };
    }
    const pin = /^\/location\s+(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(line.trim());
    if (pin) return { location: { latitude: Number(pin[1]), longitude: Number(pin[2]) } };
    return { text: line };
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }

  async send(recipient: string, message: OutboundMessage): Promise<SendResult> {
    if (recipient !== this.userId)
      return { ok: false, retryable: false, error: `unknown terminal user ${recipient}` };
    // One write per piece: a long text reads as several messages, as on a phone.
    for (const piece of splitText(toNumberedText(message), this.capabilities.maxTextLength)) {
      const failure = await this.write(`\n${piece}\n\n> `);
      if (failure) {
        const code = (failure as NodeJS.ErrnoException).code ?? '';
        return {
          ok: false,
          retryable: RETRYABLE_WRITE_ERRORS.has(code),
          error: `terminal output: ${failure.message}`,
        };
      }
    }
    return { ok: true };
  }

  private write(text: string): Promise<Error | undefined> {
    const state = this.output as Partial<Writable>;
    if (state.destroyed || state.writableEnded) return Promise.resolve(new Error('the output is closed'));
    return new Promise((resolve) => {
      try {
        this.output.write(text, (err?: Error | null) => resolve(err ?? undefined));
      } catch (err) {
        resolve(err as Error);
      }
    });
  }
}
