import { randomBytes } from 'node:crypto';

/**
 * A Graph API error as Meta answers it: the HTTP status and the `{ error: { … } }` body. The adapter
 * must act on `code` (and `details`), not on the HTTP status: Meta's own advice, and why the stand-in
 * answers most refusals with 400 whatever the cause.
 */
export class GraphError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
    readonly details?: string,
    readonly subcode?: number,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      error: {
        message: this.message,
        type: 'OAuthException',
        code: this.code,
        ...(this.subcode === undefined ? {} : { error_subcode: this.subcode }),
        ...(this.details === undefined
          ? {}
          : { error_data: { messaging_product: 'whatsapp', details: this.details } }),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    };
  }
}

/** Code 100, the answer to any malformed parameter; `details` names the parameter and the rule. */
export function invalidParameter(details: string): GraphError {
  return new GraphError(400, 100, '(#100) Invalid parameter', details);
}

export function invalidToken(): GraphError {
  return new GraphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
}

/** Graph's answer to an id it does not know (a media id, a phone number id). */
export function unknownObject(method: 'get' | 'post', id: string): GraphError {
  return new GraphError(
    400,
    100,
    `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing ` +
      'permissions, or does not support this operation.',
    undefined,
    33,
  );
}

export function rateLimitHit(): GraphError {
  return new GraphError(
    400,
    130429,
    '(#130429) Rate limit hit',
    'Message failed to send because there were too many messages sent from this phone number in a short ' +
      'period of time',
  );
}

/** A failure set up with `failNext`: Meta's shape, with the test's own status, code and wording. */
export function plannedFailure(error: {
  httpStatus: number;
  code: number;
  message?: string;
  subcode?: number;
  details?: string;
}): GraphError {
  return new GraphError(
    error.httpStatus,
    error.code,
    error.message ?? `(#${error.code}) Planned failure`,
    error.details ?? `Planned failure ${error.code}`,
    error.subcode,
  );
}
