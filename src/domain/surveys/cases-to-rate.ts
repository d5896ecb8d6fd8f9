import type { BeneficiaryFacts, CaseSummary } from '../beneficiary-facts';

/** Statuses after which nothing more happens to a case: the moment to ask how it went. */
const FINISHED: ReadonlySet<string> = new Set([
  'closed',
  'delivered',
  'rejected',
  'resolved',
  'completed',
  'refused',
]);

/** Whether a case has reached the end of its lifecycle (a request delivered, a complaint resolved…). */
export function isFinishedCase(summary: Pick<CaseSummary, 'status'>): boolean {
  return FINISHED.has(summary.status);
}

/**
 * The person's own finished cases they have not rated yet, newest first: what a satisfaction survey
 * started from the menu offers to be about. A case is rated once.
 */
export function casesToRate(facts: Pick<BeneficiaryFacts, 'cases' | 'surveyed'>, limit = 5): CaseSummary[] {
  const rated = new Set(facts.surveyed);
  return facts.cases.filter((c) => isFinishedCase(c) && !rated.has(c.reference)).slice(0, limit);
}
