import { hash, verify } from '@node-rs/argon2';

/** Fewer characters than this is refused: a staff account reaches beneficiaries' personal data. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum recommendation). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the account does not exist or has no password, so a wrong name takes as long
// as a wrong password and the timing does not tell which names are accounts.
let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    decoy ??= hash('decoy password that matches nothing');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false; // not a PHC string we understand: treat as a mismatch, never as a match
  }
}

/** Why a new password is refused, or undefined when it is acceptable. A locale key under `console.errors`. */
export function passwordProblem(password: string): 'console.errors.passwordTooShort' | undefined {
  return [...password].length < MIN_PASSWORD_LENGTH ? 'console.errors.passwordTooShort' : undefined;
}
