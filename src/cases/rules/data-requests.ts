/** PDPL: a data-rights request (access, correction, destruction) is answered within 30 days. */
export const DATA_REQUEST_DAYS = 30;

/**
 * The erasure tells the person first, then deletes their conversations (and with them the outbox): it
 * looks whether the notice went out a minute after queueing it, then every few minutes, and erases
 * anyway after a few hours (a channel down must not hold a legal deadline), still on the due date.
 */
export const ERASURE_FIRST_CHECK_MINUTES = 1;
export const ERASURE_CHECK_EVERY_MINUTES = 5;
export const NOTICE_WAIT_HOURS = 4;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The local calendar day `n` days after `isoDate` (`YYYY-MM-DD`). Calendar days, not working days:
 * the law counts every day, holidays included.
 */
export function addCalendarDays(isoDate: string, n: number): string {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`"${isoDate}" is not a YYYY-MM-DD date`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + n);
  return new Date(ms).toISOString().slice(0, 10);
}
