import { z } from 'zod';
import { StaffRole } from '../config/profile-schema';
import {
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordProblem,
} from '../console/auth/password';
import { SessionStore } from '../console/auth/session-store';
import { PgStaffAccountRepository } from '../store/console/staff-account-repository';
import type { Database } from '../store/database';

/** What `staff:create` asks for: an account to create, or (`resetPassword`) a new password for one. */
export const StaffAccountRequest = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes, starting with a letter'),
    name: z.string().trim().min(1).max(100).optional(),
    roles: z.array(StaffRole).min(1),
    categories: z.array(z.string().min(1).max(64)).max(50),
    telegramUserId: z.number().int().positive().nullable(),
    password: z.string().max(MAX_PASSWORD_LENGTH),
    resetPassword: z.boolean(),
  })
  .strict();
export type StaffAccountRequest = z.infer<typeof StaffAccountRequest>;

/** A request the operator must change (said as the CLI's options name it). */
export class StaffAccountProblem extends Error {}

const accounts = new PgStaffAccountRepository();

/** The account's display name when it exists, so the CLI asks no name for it. */
export async function existingStaffAccount(db: Database, id: string): Promise<{ name: string } | undefined> {
  const found = await accounts.get(db, id);
  return found && { name: found.displayName };
}

/**
 * Creates the account, or sets a new password on an existing one with `resetPassword` (which also
 * ends its sessions everywhere). The same rules whether the CLI opened the database itself or asked
 * the running app (src/ops/control-socket.ts). Returns the line to print.
 */
export async function saveStaffAccount(db: Database, request: StaffAccountRequest): Promise<string> {
  if (passwordProblem(request.password)) {
    throw new StaffAccountProblem(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const existing = await accounts.get(db, request.id);
  if (existing && !request.resetPassword) {
    throw new StaffAccountProblem(
      `account "${request.id}" exists already: add --reset-password to give it a new password`,
    );
  }
  const passwordHash = await hashPassword(request.password);
  if (existing) {
    await accounts.update(db, request.id, { passwordHash, active: true });
    const ended = await new SessionStore(db).revokeAll(request.id);
    return `New password set for "${request.id}" (${ended} session(s) ended).`;
  }
  if (!request.name) throw new StaffAccountProblem('--name: the staff member’s name is needed');
  const created = await accounts.create(db, {
    id: request.id,
    displayName: request.name,
    roles: request.roles,
    categories: request.categories,
    telegramUserId: request.telegramUserId,
    passwordHash,
  });
  if (!created) {
    throw new StaffAccountProblem(
      `account "${request.id}" exists already: add --reset-password to give it a new password`,
    );
  }
  return `Account "${request.id}" created with roles ${request.roles.join(', ')}. Sign in at /console/.`;
}
