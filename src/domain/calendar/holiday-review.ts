/**
 * The year whose holiday table an administrator should review now, if any: the earliest year after
 * `reviewedThrough` that has begun, or begins within the month (from 1 December). `reviewedThrough`
 * unset means no year was reviewed: the coming one is asked for. `today` is a local date, `YYYY-MM-DD`.
 *
 * A month ahead because Eid dates are announced by moon sighting and the Umm al-Qura table can be a
 * day off: someone compares them with the computed ones before deadlines run into the new year.
 */
export function holidayYearToReview(today: string, reviewedThrough: number | undefined): number | undefined {
  const year = Number(today.slice(0, 4));
  const coming = today.slice(5, 7) === '12' ? year + 1 : year;
  if (reviewedThrough === undefined) return coming;
  return reviewedThrough < coming ? reviewedThrough + 1 : undefined;
}
