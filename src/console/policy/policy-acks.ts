import type { Profile } from '../../config/profile-schema';
import type { Database } from '../../store/database';
import { PgEventLog } from '../../store/event-log';
import { PgPolicyAckRepository } from '../../store/policy-ack-repository';
import { ConsoleError } from '../http/console-errors';

/**
 * Staff acknowledging the profile's current policy in the web console: the same record as the Telegram
 * `/ack` (`staff_policy_acks`), so either place counts in both, and the same audit event
 * (`staff.policyAcknowledged`, here with `via: 'console'`). Acknowledgements are never withdrawn, so
 * the ones seen are remembered; one not seen yet is read again each time (it may come from Telegram).
 */
export class PolicyAcks {
  private readonly acks = new PgPolicyAckRepository();
  private readonly events = new PgEventLog();
  private readonly known = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly profile: Profile,
    private readonly now: () => Date,
  ) {}

  get version(): string {
    return this.profile.policy.version;
  }

  async acknowledgedAt(staffId: string): Promise<Date | null> {
    const at = await this.acks.acknowledgedAt(this.db, staffId, this.version);
    if (at) this.known.add(this.key(staffId));
    return at;
  }

  async hasAcknowledged(staffId: string): Promise<boolean> {
    return this.known.has(this.key(staffId)) || (await this.acknowledgedAt(staffId)) !== null;
  }

  /** Records that `staffId` read and accepts `version`, which must be the current one (else 409). */
  async acknowledge(staffId: string, version: string): Promise<Date> {
    if (version !== this.version)
      throw new ConsoleError('ERR_POLICY_VERSION_NOT_CURRENT', { current: this.version });
    const at = this.now();
    const recorded = await this.db.transaction(async (tx) => {
      const ack = await this.acks.acknowledge(tx, { staffId, version, at });
      if (ack.fresh) {
        await this.events.append(tx, {
          actor: `staff:${staffId}`,
          subjectType: 'staff',
          subjectId: staffId,
          type: 'staff.policyAcknowledged',
          data: { version, via: 'console' },
          at,
        });
      }
      return ack.acknowledgedAt;
    });
    this.known.add(this.key(staffId));
    return recorded;
  }

  private key(staffId: string): string {
    return `${staffId}\u0000${this.version}`;
  }
}
