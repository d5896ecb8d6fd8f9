import { performance } from 'node:perf_hooks';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import type { OutboundMessage } from '../../src/domain/outbound-message';
import type { UserScript } from './form-script';
import { sleep } from './measure';

export interface DriveOptions {
  /** Which part of each script to send. */
  part: 'onboarding' | 'form';
  /** Time a person takes between reading a reply and sending the next message (paced runs). */
  thinkMs?: number;
  /** People start at random moments within this window instead of all at once (paced runs). */
  startSpreadMs?: number;
  /** A reply that takes longer counts as lost. */
  replyTimeoutMs?: number;
  /** People stop (without a problem) before their next message once this says so: a flood's end. */
  until?: () => boolean;
}

export interface DriveOutcome {
  /** Inbound messages sent. */
  sent: number;
  /** Per message: from `say()` to the reply in the person's inbox, in ms. */
  latenciesMs: number[];
  /** The last reply each person got (the reference number, at the end of the form). */
  lastReply: Map<string, OutboundMessage>;
  problems: string[];
  wallMs: number;
}

/**
 * Every person of `scripts` talks at the same time through the in-process channel, each sending the
 * next message only once the reply to the previous one arrived, and checking that reply. A person stops
 * at the first wrong reply (what follows would only repeat the problem).
 */
export async function driveUsers(
  chat: InProcessChannel,
  scripts: readonly UserScript[],
  options: DriveOptions,
): Promise<DriveOutcome> {
  const latenciesMs: number[] = [];
  const lastReply = new Map<string, OutboundMessage>();
  const problems: string[] = [];
  let sent = 0;
  const started = performance.now();
  const spread = options.startSpreadMs ?? 0;
  await Promise.all(
    scripts.map(async (script) => {
      if (spread > 0) await sleep((script.index * 7919) % spread);
      const steps = script[options.part];
      for (const [i, step] of steps.entries()) {
        if (i > 0 && options.thinkMs) await sleep(options.thinkMs);
        if (options.until?.()) return;
        const t0 = performance.now();
        sent++;
        const accepted = await chat.say(script.userId, step.input);
        if (accepted.status !== 'accepted') {
          problems.push(`${script.userId} ${step.label}: message ${accepted.status}`);
          return;
        }
        let reply: OutboundMessage;
        try {
          reply = await chat.nextReply(script.userId, options.replyTimeoutMs ?? 60_000);
        } catch (error) {
          problems.push(`${script.userId} ${step.label}: ${(error as Error).message}`);
          return;
        }
        latenciesMs.push(performance.now() - t0);
        const problem = step.check(reply);
        if (problem) {
          problems.push(`${script.userId} ${step.label}: ${problem}`);
          return;
        }
        lastReply.set(script.userId, reply);
      }
    }),
  );
  return { sent, latenciesMs, lastReply, problems, wallMs: performance.now() - started };
}

/** People who received a different number of messages than they sent (a reply lost or doubled). */
export function countMismatches(chat: InProcessChannel, scripts: readonly UserScript[]): string[] {
  const problems: string[] = [];
  for (const script of scripts) {
    const expected = script.onboarding.length + script.form.length;
    const got = chat.received(script.userId).length;
    if (got !== expected)
      problems.push(`${script.userId}: sent ${expected} messages, received ${got} replies`);
  }
  return problems;
}
