import { randomBytes } from 'node:crypto';
import { Profile } from '../config/profile-schema';
import { FieldCipher } from '../security/field-cipher';
import { DEFAULT_ASSOCIATION_ID } from '../store/association-database';
import {
  PgAssociationRepository,
  type AssociationRow,
  type AssociationStatus,
  type PlatformEvent,
} from '../store/association-repository';
import type { Database } from '../store/database';
import {
  AssociationChannels,
  channelSummary,
  type AssociationChanges,
  type NewAssociation,
} from './association-setup';
import { PlatformRefusal } from './platform-refusal';

export type { AssociationStatus } from '../store/association-repository';

/** An association as the platform runs it: its profile, channels and key, opened with the platform's key. */
export interface HostedAssociation {
  id: string;
  name: string;
  status: AssociationStatus;
  hosts: string[];
  /** Undefined for `default` without a profile of its own: the installation's PROFILE_PATH. */
  profile: Profile | undefined;
  channels: AssociationChannels;
  /** Seals its people's data; undefined for `default` without a key of its own (the installation's). */
  cipher: FieldCipher | undefined;
  /** Changes when the operator changes it: a running association is restarted on a newer one. */
  version: string;
}

/** What the operator may see of an association: no token, no key, nothing of its people. */
export interface AssociationSummary {
  id: string;
  name: string;
  status: AssociationStatus;
  hosts: string[];
  channels: Record<string, unknown>;
  createdAt: string;
}

/**
 * The platform's associations (the `associations` table, read and written by the database's owner): each
 * one's host names, profile, channels and encryption key. Tokens and keys are sealed with the platform's
 * own key (`ENCRYPTION_KEY`), so a copy of the table opens nothing without it. Every change is written
 * to the platform's audit log (`platform_events`) in the same transaction.
 */
export class AssociationRegistry {
  readonly #rows = new PgAssociationRepository();

  constructor(
    private readonly db: Database,
    private readonly platformCipher: FieldCipher,
  ) {}

  /**
   * Every association with its profile, channels and key, to run it; one that cannot be opened (a row
   * written by hand, a key sealed with another platform key) is listed apart with why, and the others run.
   */
  async hosted(): Promise<{ hosted: HostedAssociation[]; unreadable: { id: string; error: string }[] }> {
    const hosted: HostedAssociation[] = [];
    const unreadable: { id: string; error: string }[] = [];
    for (const row of await this.#rows.all(this.db)) {
      try {
        hosted.push(this.open(row));
      } catch (error) {
        unreadable.push({ id: row.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { hosted, unreadable };
  }

  async summaries(): Promise<AssociationSummary[]> {
    return (await this.#rows.all(this.db)).map((row) => ({
      id: row.id,
      name: row.name,
      status: row.status,
      hosts: row.hosts,
      channels: row.channels,
      createdAt: row.created_at.toISOString(),
    }));
  }

  /** Creates an association with a key of its own; refuses an id or a host name already taken. */
  async create(input: NewAssociation, actor: string): Promise<AssociationSummary> {
    const key = randomBytes(32);
    await this.db.transaction(async (tx) => {
      const clash = await this.#rows.lockAndFindClash(tx, input.id, input.hosts);
      if (clash?.host) {
        throw new PlatformRefusal(
          'ERR_HOST_TAKEN',
          `the host name ${clash.host} already serves the association ${clash.id}`,
          'body.hosts',
        );
      }
      if (clash) {
        throw new PlatformRefusal(
          'ERR_ASSOCIATION_EXISTS',
          `the association ${input.id} exists already`,
          'body.id',
        );
      }
      await this.#rows.insert(tx, {
        id: input.id,
        name: input.name,
        hosts: input.hosts,
        profile: input.profile,
        channels: channelSummary(input.channels),
        secrets: this.platformCipher.seal(JSON.stringify(input.channels)),
        key: this.platformCipher.seal(key.toString('base64')),
      });
      await this.#rows.addEvent(tx, {
        actor,
        action: 'association.created',
        associationId: input.id,
        detail: { name: input.name, hosts: input.hosts, channels: channelSummary(input.channels) },
      });
    });
    return this.summary(input.id);
  }

  /**
   * Changes an association's name, host names, profile or channels; every platform process restarts it
   * on the new ones at its next reading. Refuses a host name another association holds.
   */
  async update(id: string, changes: AssociationChanges, actor: string): Promise<AssociationSummary> {
    await this.db.transaction(async (tx) => {
      const clash = changes.hosts && (await this.#rows.lockAndFindHostElsewhere(tx, id, changes.hosts));
      if (clash) {
        throw new PlatformRefusal(
          'ERR_HOST_TAKEN',
          `the host name ${clash.host} already serves the association ${clash.id}`,
          'body.hosts',
        );
      }
      const found = await this.#rows.update(tx, id, {
        name: changes.name,
        hosts: changes.hosts,
        profile: changes.profile,
        ...(changes.channels && {
          channels: channelSummary(changes.channels),
          secrets: this.platformCipher.seal(JSON.stringify(changes.channels)),
        }),
      });
      if (!found) throw new PlatformRefusal('ERR_NOT_FOUND', `there is no association ${id}`, 'params.id');
      await this.#rows.addEvent(tx, {
        actor,
        action: 'association.changed',
        associationId: id,
        // What changed, without the profile's text or any token.
        detail: {
          changed: Object.keys(changes).filter((key) => changes[key as keyof AssociationChanges]),
          ...(changes.hosts && { hosts: changes.hosts }),
          ...(changes.channels && { channels: channelSummary(changes.channels) }),
        },
      });
    });
    return this.summary(id);
  }

  private async summary(id: string): Promise<AssociationSummary> {
    const found = (await this.summaries()).find((summary) => summary.id === id);
    if (!found) throw new Error(`the association ${id} vanished after it was written`);
    return found;
  }

  /** Suspends or resumes an association: every platform process stops or starts serving it. */
  async setStatus(id: string, status: AssociationStatus, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { found, changed } = await this.#rows.setStatus(tx, id, status);
      if (!found) throw new PlatformRefusal('ERR_NOT_FOUND', `there is no association ${id}`, 'params.id');
      if (changed) {
        const action = status === 'suspended' ? 'association.suspended' : 'association.resumed';
        await this.#rows.addEvent(tx, { actor, action, associationId: id, detail: {} });
      }
    });
  }

  /** The operator's audit log, newest first. */
  events(limit = 100): Promise<PlatformEvent[]> {
    return this.#rows.events(this.db, limit);
  }

  private open(row: AssociationRow): HostedAssociation {
    const profile = row.profile === null ? undefined : Profile.parse(row.profile);
    const channels =
      row.secrets === null
        ? AssociationChannels.parse({})
        : AssociationChannels.parse(JSON.parse(this.platformCipher.open(row.secrets)));
    const cipher =
      row.key === null
        ? undefined
        : new FieldCipher(Buffer.from(this.platformCipher.open(row.key), 'base64'));
    if (row.id !== DEFAULT_ASSOCIATION_ID && (!profile || !cipher)) {
      throw new Error(`the association ${row.id} has no profile or key: it was not created by the platform`);
    }
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      hosts: row.hosts,
      profile,
      channels,
      cipher,
      version: row.updated_at.toISOString(),
    };
  }
}
