import { userInfo } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import type { OutboundMessage } from '../../domain/outbound-message';
import type { ChannelAdapter, InboundHandler, SendResult } from '../channel-adapter';
import { toNumberedText } from '../numbered-text';

export interface TerminalChannelOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Who is typing; defaults to the operating-system user. */
  userId?: string;
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

  constructor(private readonly options: TerminalChannelOptions = {}) {
    this.userId = options.userId ?? userInfo().username;
  }

  async start(onMessage: InboundHandler): Promise<void> {
    const output = this.options.output ?? process.stdout;
    this.rl = createInterface({ input: this.options.input ?? process.stdin, output, terminal: false });
    this.rl.on('line', (line) => {
      // Message ids must stay unique across restarts of the same data folder: time plus a counter.
      const channelMessageId = `${Date.now()}-${++this.counter}`;
      void onMessage({
        channel: 'terminal',
        channelMessageId,
        sender: { channelUserId: this.userId },
        text: line,
        receivedAt: new Date(),
      }).then((result) => {
        if (result.status === 'rejected') output.write(`! ${result.issues.join('; ')}\n`);
      });
    });
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }

  async send(recipient: string, message: OutboundMessage): Promise<SendResult> {
    if (recipient !== this.userId)
      return { ok: false, retryable: false, error: `unknown terminal user ${recipient}` };
    (this.options.output ?? process.stdout).write(`\n${toNumberedText(message)}\n\n> `);
    return { ok: true };
  }
}
