/** PDPL: a data-rights request (access, correction, destruction) is answered within 30 days. */
export const DATA_REQUEST_DAYS = 30;

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
