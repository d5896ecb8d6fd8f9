import type { Issue } from '../http/request-refusals';

export type PlatformErrorCode =
  'ERR_VALIDATION' | 'ERR_UNAUTHORIZED' | 'ERR_NOT_FOUND' | 'ERR_ASSOCIATION_EXISTS' | 'ERR_HOST_TAKEN';

const STATUS: Record<PlatformErrorCode, number> = {
  ERR_VALIDATION: 400,
  ERR_UNAUTHORIZED: 401,
  ERR_NOT_FOUND: 404,
  ERR_ASSOCIATION_EXISTS: 409,
  ERR_HOST_TAKEN: 409,
};

/** What the platform's operator API answers instead of doing something: a status, a code, the field at fault. */
export class PlatformRefusal extends Error {
  readonly statusCode: number;
  readonly issues: Issue[];

  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    path?: string,
    issues?: Issue[],
  ) {
    super(message);
    this.name = 'PlatformRefusal';
    this.statusCode = STATUS[code];
    this.issues = issues ?? (path ? [{ path, message }] : []);
  }

  get body(): { error: PlatformErrorCode; message: string; issues?: Issue[] } {
    return {
      error: this.code,
      message: this.message,
      ...(this.issues.length > 0 ? { issues: this.issues } : {}),
    };
  }
}
