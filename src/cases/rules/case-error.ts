/** Expected failures of staff case actions: each has a locale key and an HTTP status. */
export const CASE_ERRORS = {
  ERR_CASE_NOT_FOUND: { status: 404, key: 'errors.caseNotFound' },
  ERR_TRANSITION_NOT_ALLOWED: { status: 409, key: 'errors.transitionNotAllowed' },
  ERR_ROLE_NOT_ALLOWED: { status: 403, key: 'errors.roleNotAllowed' },
  ERR_REASON_REQUIRED: { status: 400, key: 'errors.reasonRequired' },
  ERR_NOT_STAFF: { status: 403, key: 'errors.notStaff' },
  ERR_UNKNOWN_MISSING_ITEM: { status: 400, key: 'errors.unknownMissingItem' },
} as const;
export type CaseErrorCode = keyof typeof CASE_ERRORS;

export class CaseError extends Error {
  readonly status: number;
  readonly key: string;
  constructor(
    readonly code: CaseErrorCode,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'CaseError';
    this.status = CASE_ERRORS[code].status;
    this.key = CASE_ERRORS[code].key;
  }
}
