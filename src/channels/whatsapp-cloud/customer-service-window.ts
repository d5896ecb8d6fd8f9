import type { WhatsAppWindowFacts } from '../../store/whatsapp-window-repository';

const DAY_MS = 24 * 3600_000;
/** The window is treated as closed a little early: a message sent at 23:59:59 may arrive after it. */
const WINDOW_MARGIN_MS = 10 * 60_000;

/**
 * Whether a free-form message may go now: within 24 hours of the person's last message, unless Meta
 * said since then that the window was closed (error 131047, our clock and Meta's disagreeing).
 */
export function windowOpen(facts: WhatsAppWindowFacts, now: Date): boolean {
  const last = facts.lastInboundAt;
  if (last === undefined) return false;
  if (facts.windowClosedAt && facts.windowClosedAt >= last) return false;
  return now.getTime() - last.getTime() < DAY_MS - WINDOW_MARGIN_MS;
}

/**
 * Whether to send the re-open template for a held message: not when it went in the last 24 hours and
 * the person has not written since (one template a day at most, each one a paid conversation).
 */
export function reopenDue(facts: WhatsAppWindowFacts, now: Date): boolean {
  const asked = facts.reopenAskedAt;
  if (asked === undefined) return true;
  if (facts.lastInboundAt && facts.lastInboundAt > asked) return true;
  return now.getTime() - asked.getTime() >= DAY_MS;
}
