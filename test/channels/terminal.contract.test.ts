import { PassThrough, Writable } from 'node:stream';
import { TerminalChannel } from '../../src/channels/terminal/terminal-channel';
import { describeChannelContract, observeInbound } from './channel-contract';

/** A terminal screen: every write is one message the person reads; it can refuse a write as a pipe does. */
class Screen extends Writable {
  private writes: string[] = [];
  private read = 0;
  refuse: 'EAGAIN' | 'EPIPE' | undefined;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const code = this.refuse;
    this.refuse = undefined;
    if (code) return done(Object.assign(new Error(`write ${code}`), { code }));
    this.writes.push(chunk.toString('utf8'));
    done();
  }

  /** What was shown since the last call, one entry per message (the prompt stripped). */
  take(): { text: string; buttons: string[] }[] {
    const fresh = this.writes.slice(this.read);
    this.read = this.writes.length;
    return fresh.map((w) => ({ text: w.replace(/^\n/, '').replace(/\n\n> $/, ''), buttons: [] }));
  }
}

describeChannelContract('terminal', async () => {
  const input = new PassThrough();
  const screen = new Screen();
  // One person sits at a terminal: every user id of the suite is them.
  const observed = observeInbound(new TerminalChannel({ input, output: screen, userId: 'amal' }));
  return {
    adapter: observed.adapter,
    supports: ['text'],
    deliver: async (kind, _userId, options = {}) => {
      if (kind !== 'text') throw new Error(`a terminal cannot send '${kind}'`);
      const before = observed.handled();
      input.write(`${options.text ?? ''}\n`);
      await observed.waitForHandled(before + 1);
    },
    delivered: async () => screen.take(),
    failNextSend: (mode) => {
      screen.refuse = mode === 'retryable' ? 'EAGAIN' : 'EPIPE';
    },
    close: async () => {
      input.end();
      screen.destroy();
    },
  };
});
