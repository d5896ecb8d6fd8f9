import type { Logger } from 'pino';
import { StaffRole, type Profile } from '../config/profile-schema';
import type { SqlExecutor } from '../store/database';
import { PgStaffMemberRepository } from '../store/staff-member-repository';

/** A staff member as the console knows them. */
export interface StaffMember {
  id: string;
  name: string;
  roles: StaffRole[];
  /** Beneficiary categories served; none means all of them. */
  categories: string[];
  telegramUserId?: number;
}

const accounts = new PgStaffMemberRepository();
const ROLES = new Set<string>(StaffRole.options);

/**
 * Who is staff: the profile's `staff` list, plus accounts an administrator adds at run time in the web
 * console (`staff_accounts`, when that table exists), which win over the profile for the same id. Read
 * at most every `cacheMs`, so a member added or deactivated in the console counts within seconds.
 */
export class StaffRoster {
  private cached: { at: number; members: StaffMember[] } | undefined;
  private warned = false;

  constructor(
    private readonly deps: {
      profile: Profile;
      db: SqlExecutor;
      logger: Pick<Logger, 'warn'>;
      cacheMs?: number;
    },
  ) {}

  async all(): Promise<StaffMember[]> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < (this.deps.cacheMs ?? 10_000)) return this.cached.members;
    const fromProfile: StaffMember[] = this.deps.profile.staff.map((s) => ({
      id: s.id,
      name: s.name,
      roles: [...s.roles],
      categories: [...s.categories],
      telegramUserId: s.telegramUserId,
    }));
    const byId = new Map(fromProfile.map((m) => [m.id, m]));
    for (const account of await this.accounts()) {
      const listed = byId.get(account.id);
      byId.set(account.id, { ...account, telegramUserId: account.telegramUserId ?? listed?.telegramUserId });
    }
    const members = [...byId.values()];
    this.cached = { at: now, members };
    return members;
  }

  async byTelegramUser(userId: number): Promise<StaffMember | undefined> {
    return (await this.all()).find((m) => m.telegramUserId === userId);
  }

  async byId(staffId: string): Promise<StaffMember | undefined> {
    return (await this.all()).find((m) => m.id === staffId);
  }

  /** The display name of a staff id (or the id itself when unknown, e.g. a role queue). */
  async nameOf(staffId: string | null): Promise<string | null> {
    if (!staffId) return null;
    return (await this.byId(staffId))?.name ?? staffId;
  }

  /**
   * Who a case of `categoryId` goes to: the liaison officers serving it (the policy's officer per
   * category), else the volunteers serving it, else nobody in particular (the whole group sees it).
   */
  async forCategory(categoryId: string | null): Promise<StaffMember[]> {
    const members = await this.all();
    const serves = (m: StaffMember) =>
      categoryId === null || m.categories.length === 0 || m.categories.includes(categoryId);
    for (const role of ['liaison', 'volunteer'] as const) {
      const found = members.filter((m) => m.roles.includes(role) && serves(m));
      if (found.length > 0) return found;
    }
    return [];
  }

  /** Forgets the cache (after an administrator changes accounts, and in tests). */
  refresh(): void {
    this.cached = undefined;
  }

  /** Active web-console accounts (with their Telegram user id, if set); none when the table is not there. */
  private async accounts(): Promise<StaffMember[]> {
    try {
      return (await accounts.activeAccounts(this.deps.db)).map((a) => ({
        ...a,
        roles: a.roles.filter((role): role is StaffRole => ROLES.has(role)),
      }));
    } catch (err) {
      // The accounts table belongs to the web console; without it, the profile alone says who is staff.
      if (!this.warned)
        this.deps.logger.warn({ err }, 'staff accounts unreadable; using the profile staff only');
      this.warned = true;
      return [];
    }
  }
}
