import type { ClockContext } from './clock-context';

/**
 * The second phase of a deletion request's erasure: the person was told it is under way; once that
 * notice went out (or waited long enough) they are erased and administrators alerted, otherwise the
 * next check is set (`DataErasure.finish`).
 */
export function dataDeletionErase(ctx: ClockContext, reference: string, attempt: number): Promise<string> {
  return ctx.erasure.finish(reference, attempt);
}
