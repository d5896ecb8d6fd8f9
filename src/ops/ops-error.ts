/**
 * An operations command cannot do what was asked, for a reason the operator can fix: the message says
 * what is wrong, `fix` what to do about it. The CLI prints both and exits with status 2.
 */
export class OpsError extends Error {
  override readonly name = 'OpsError';

  constructor(
    readonly code: `ERR_${string}`,
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}
