import { CASE_ERRORS } from '../../cases/rules/case-error';

/**
 * Every error the console API answers with: `{ error: code, message }` (message in the caller's
 * language) and this HTTP status. docs/console.md lists them all (a test checks). Case actions add the
 * codes of `CASE_ERRORS` (src/domain/cases/case-error.ts).
 */
export const CONSOLE_ERRORS = {
  ERR_VALIDATION: { status: 400, key: 'console.errors.validation' },
  ERR_INVALID_JSON: { status: 400, key: 'console.errors.invalidJson' },
  ERR_WEAK_PASSWORD: { status: 400, key: 'console.errors.passwordTooShort' },
  ERR_UNAUTHENTICATED: { status: 401, key: 'console.errors.unauthenticated' },
  ERR_BAD_CREDENTIALS: { status: 401, key: 'console.errors.badCredentials' },
  ERR_BAD_CODE: { status: 401, key: 'console.errors.badCode' },
  ERR_FORBIDDEN: { status: 403, key: 'console.errors.forbidden' },
  ERR_SETUP_TOKEN: { status: 403, key: 'console.errors.setupToken' },
  ERR_CSRF: { status: 403, key: 'console.errors.csrf' },
  ERR_POLICY_ACK_REQUIRED: { status: 403, key: 'console.policy.ackRequired' },
  ERR_NOT_FOUND: { status: 404, key: 'console.errors.notFound' },
  ERR_CODE_SIGNIN_UNAVAILABLE: { status: 404, key: 'console.errors.codeUnavailable' },
  ERR_BODY_TOO_LARGE: { status: 413, key: 'console.errors.bodyTooLarge' },
  ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, key: 'console.errors.unsupportedMediaType' },
  ERR_STAFF_EXISTS: { status: 409, key: 'console.errors.staffExists' },
  ERR_SETUP_DONE: { status: 409, key: 'console.errors.setupDone' },
  ERR_TELEGRAM_NOT_STARTED: { status: 409, key: 'console.errors.telegramNotStarted' },
  ERR_LAST_ADMIN: { status: 409, key: 'console.errors.lastAdmin' },
  ERR_HANDOFF_TAKEN: { status: 409, key: 'console.errors.handoffTaken' },
  ERR_HANDOFF_NOT_CLAIMED: { status: 409, key: 'console.errors.handoffNotClaimed' },
  ERR_HANDOFF_CLOSED: { status: 409, key: 'console.errors.handoffClosed' },
  ERR_DELETION_OPEN: { status: 409, key: 'console.errors.deletionOpen' },
  ERR_POLICY_VERSION_NOT_CURRENT: { status: 409, key: 'console.policy.versionNotCurrent' },
  ERR_LOCKED_OUT: { status: 429, key: 'console.errors.lockedOut' },
  ERR_TOO_MANY_STREAMS: { status: 429, key: 'console.errors.tooManyStreams' },
  ERR_INTERNAL: { status: 500, key: 'console.errors.internal' },
} as const;
export type ConsoleErrorCode = keyof typeof CONSOLE_ERRORS;

/** Every code a console route may answer with, case actions' included (for the docs test and OpenAPI). */
export const ALL_CONSOLE_ERROR_CODES: readonly string[] = [
  ...Object.keys(CONSOLE_ERRORS),
  ...Object.keys(CASE_ERRORS),
];

/** An expected refusal of a console route: the handler answers it with its code, status and text. */
export class ConsoleError extends Error {
  readonly status: number;
  readonly key: string;
  constructor(
    readonly code: ConsoleErrorCode,
    /** More fields for the body (`issues`, `retryAfterSeconds`). */
    readonly extra: Record<string, unknown> = {},
    /** Fills the message's {{placeholders}}. */
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'ConsoleError';
    this.status = CONSOLE_ERRORS[code].status;
    this.key = CONSOLE_ERRORS[code].key;
  }
}

/** A field-by-field validation failure (paths like `fields.national-id`). */
export interface Issue {
  path: string;
  message: string;
}

export const validationError = (issues: Issue[]) => new ConsoleError('ERR_VALIDATION', { issues });
