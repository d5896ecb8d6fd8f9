/**
 * The statuses in which a case is still open (waiting on staff or the applicant), as the console's lists
 * and figures count them. They mirror the transition tables (`src/cases/rules/*-transitions.ts`).
 */
export const OPEN_REQUEST_STATUSES: readonly string[] = ['submitted', 'under_review', 'needs_info'];
export const OPEN_COMPLAINT_STATUSES: readonly string[] = ['open', 'assigned', 'escalated'];
