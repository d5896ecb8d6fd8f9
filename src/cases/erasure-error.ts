/** Why a deletion request cannot be carried out as asked; each code says what to check. */
export const ERASURE_ERRORS = {
  ERR_DATA_REQUEST_NOT_FOUND: 'no data request has this reference',
  ERR_NOT_A_DELETION_REQUEST: 'the data request is not a deletion request',
  ERR_DATA_REQUEST_REFUSED: 'the deletion request was refused and cannot be carried out',
} as const;
export type ErasureErrorCode = keyof typeof ERASURE_ERRORS;

/** An expected failure of {@link eraseBeneficiary}: the job reports it instead of retrying. */
export class ErasureError extends Error {
  override readonly name = 'ErasureError';

  constructor(
    readonly code: ErasureErrorCode,
    readonly reference: string,
  ) {
    super(`${code}: ${ERASURE_ERRORS[code]} (${reference})`);
  }
}
