/**
 * Whether a database error says a transaction lost a race with another, not that its data was wrong:
 * a deadlock (40P01), a serialization failure (40001) or a lock that could not be had (55P03). The same
 * work can succeed if it is done again, so it must not be answered as a fault of the message.
 */
export function lostRace(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === '40P01' || code === '40001' || code === '55P03';
}
