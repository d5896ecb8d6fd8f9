import type { PgEventLog } from '../../store/event-log';
import type { Database } from '../../store/database';
import type { PgStaffAccountRepository } from '../../store/console/staff-account-repository';
import { PgSetupTokenRepository } from '../../store/console/setup-token-repository';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from '../auth/password';
import { newLetterToken, tokenHash } from '../auth/tokens';
import { ConsoleError } from '../http/console-errors';

/** How long a printed setup link works (a restart prints a new one while no administrator exists). */
export const SETUP_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** The path of the setup page; the token follows `#`, so it never reaches a request log or a proxy. */
export const SETUP_PATH = '/console/setup';

/**
 * The first administrator, created in the browser (issue #21): while the installation has no active
 * administrator, each start issues a one-time token and prints the setup link; whoever opens it names the
 * administrator and their password. The token is kept as its hash, works once, and every token is
 * forgotten as soon as an administrator exists, however they were created.
 */
export class FirstRunSetup {
  private readonly tokens = new PgSetupTokenRepository();

  constructor(
    private readonly deps: {
      db: Database;
      accounts: PgStaffAccountRepository;
      events: PgEventLog;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Whether the installation still waits for its first administrator. */
  async needed(): Promise<boolean> {
    return (await this.deps.accounts.activeAdmins(this.deps.db)).length === 0;
  }

  /** A new setup token while no administrator exists (the link's `#` part); undefined once one does. */
  async issue(): Promise<string | undefined> {
    return this.deps.db.transaction(async (tx) => {
      if ((await this.deps.accounts.activeAdmins(tx)).length > 0) {
        await this.tokens.clear(tx);
        return undefined;
      }
      const token = newLetterToken();
      const now = this.now();
      await this.tokens.issue(tx, {
        hash: tokenHash(token),
        now,
        expiresAt: new Date(now.getTime() + SETUP_LINK_TTL_MS),
      });
      return token;
    });
  }

  /**
   * Creates the first administrator with `token`. Refused when the token is unknown or expired
   * (ERR_SETUP_TOKEN), when an administrator exists already (ERR_SETUP_DONE), for a short password, or
   * when the id belongs to another account.
   */
  async createAdministrator(input: {
    token: string;
    staffId: string;
    name: string;
    password: string;
  }): Promise<void> {
    if (passwordProblem(input.password)) {
      throw new ConsoleError('ERR_WEAK_PASSWORD', {}, { min: MIN_PASSWORD_LENGTH });
    }
    const passwordHash = await hashPassword(input.password);
    await this.deps.db.transaction(async (tx) => {
      const live = await this.tokens.lockAndCheck(tx, tokenHash(input.token), this.now());
      if ((await this.deps.accounts.activeAdmins(tx)).length > 0) throw new ConsoleError('ERR_SETUP_DONE');
      if (!live) throw new ConsoleError('ERR_SETUP_TOKEN');
      const created = await this.deps.accounts.create(tx, {
        id: input.staffId,
        displayName: input.name,
        roles: ['admin'],
        categories: [],
        telegramUserId: null,
        passwordHash,
      });
      if (!created) throw new ConsoleError('ERR_STAFF_EXISTS');
      await this.tokens.clear(tx);
      await this.deps.events.append(tx, {
        actor: 'system:setup',
        subjectType: 'staff_account',
        subjectId: input.staffId,
        type: 'staff.created',
        data: { roles: ['admin'], categories: [], via: 'setupLink' },
        at: this.now(),
      });
    });
  }
}
