import { createHash } from 'node:crypto';

/** JSON with keys sorted at every level, so the same data always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 of exactly what the applicant declared correct: the service, the answers and the
 * documents' checksums. Stored with the declaration so any later change to the data is detectable.
 */
export function declarationHash(data: {
  serviceId: string;
  fields: Record<string, string | number>;
  documents: Record<string, { sha256: string }>;
}): string {
  return createHash('sha256').update(canonical(data)).digest('hex');
}
