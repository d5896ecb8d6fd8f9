import { randomInt } from 'node:crypto';
import { StaffRole } from '../../src/config/profile-schema';
import { CaseError } from '../../src/cases/rules/case-error';
import { COMPLAINT_RULES, type ComplaintAction } from '../../src/cases/rules/complaint-transitions';
import { REQUEST_RULES, type RequestAction } from '../../src/cases/rules/request-transitions';
import type { Actor, CaseActions } from '../../src/cases/case-actions';
import { encodeButton } from '../../src/staff-bot/callback-data';
import type { Database } from '../../src/store/database';

/**
 * Every path by which a staff action on a case can be taken, for the authorisation walk
 * (test/security/staff-authorisation.int.test.ts): the walk takes each path as every role that may
 * not use it (and as someone with no role at all) and expects a refusal that changes nothing; then
 * once as a role that may, and expects the action done, so a path that refuses everyone fails too.
 *
 * This is the shared list. It covers `CaseActions` (which the Telegram console, the web console and
 * the API all call) and the beneficiary bot's Telegram webhook (which must never act on a case). The
 * web console's and the staff bot's own route walks add their paths here with `addStaffPaths`, each
 * with the fixtures it needs in `world.fixtures`, so one walk covers every path.
 */
export interface StaffPathWorld {
  db: Database;
  caseActions: CaseActions;
  /** POSTs an update to the beneficiary bot's webhook, with its secret; resolves with the HTTP status. */
  telegramWebhook?: (update: object) => Promise<number>;
  /** Whatever else a path needs (a console app, a signed-in session, a staff bot…), by name. */
  fixtures: Map<string, unknown>;
}

/** Who tries: a staff member with these roles, or (roles empty) anyone at all. */
export type Attempter = Actor;

export interface StaffPath {
  /** Where the action comes from: `case-actions`, `telegram-webhook`, and the console's own. */
  via: string;
  name: string;
  /** Roles that may take it; every other role, and no role, must be refused. Empty: no one may. */
  allowed: readonly StaffRole[];
  /** Makes a case the action applies to; returns its reference. */
  prepare(world: StaffPathWorld): Promise<string>;
  /** Tries the action as `who`. */
  attempt(world: StaffPathWorld, reference: string, who: Attempter): Promise<'refused' | 'done'>;
  /** What a refusal must leave as it was (status, events…). */
  state(world: StaffPathWorld, reference: string): Promise<unknown>;
}

const reference = (prefix: 'REQ' | 'CMP') => `${prefix}-${randomInt(1000, 999_999_999)}-${randomInt(10, 99)}`;

/** A service request in `status`, as the chat stores one. */
export async function requestIn(db: Database, status: string): Promise<string> {
  const ref = reference('REQ');
  await db.query(
    `INSERT INTO service_requests (reference, service_id, category_id, status, fields, channel, declaration,
       completed_at, due_date)
     VALUES ($1, 'food-basket', 'families', $2, '{}'::jsonb, 'webchat', '{"hash": "x"}'::jsonb, now(), '2099-01-01')`,
    [ref, status],
  );
  return ref;
}

/** A complaint in `status`. */
export async function complaintIn(db: Database, status: string): Promise<string> {
  const ref = reference('CMP');
  await db.query(
    `INSERT INTO complaints (reference, kind, category_id, description, routed_to, status, channel, due_date)
     VALUES ($1, 'complaint', 'delay', 'late', 'follow-up-committee', $2, 'webchat', '2099-01-01')`,
    [ref, status],
  );
  return ref;
}

/** A case's status and the events recorded on it: a refusal must leave both as they were. */
export async function caseState(db: Database, ref: string): Promise<unknown> {
  const table = ref.startsWith('REQ') ? 'service_requests' : 'complaints';
  const status = await db.query(`SELECT status FROM ${table} WHERE reference = $1`, [ref]);
  const events = await db.query(
    `SELECT type, actor FROM events WHERE subject_id = $1 AND type NOT LIKE 'staff.refused%' ORDER BY id`,
    [ref],
  );
  return { status: status.rows, events: events.rows };
}

async function refusedBy(action: Promise<unknown>): Promise<'refused' | 'done'> {
  try {
    await action;
    return 'done';
  } catch (err) {
    if (err instanceof CaseError && (err.code === 'ERR_ROLE_NOT_ALLOWED' || err.code === 'ERR_NOT_STAFF'))
      return 'refused';
    throw err;
  }
}

/** Each request and complaint action through `CaseActions`, from a status it applies to, with a reason. */
function caseActionPaths(): StaffPath[] {
  const requests = (Object.keys(REQUEST_RULES) as RequestAction[]).map((action): StaffPath => ({
    via: 'case-actions',
    name: `request ${action}`,
    allowed: REQUEST_RULES[action].roles,
    prepare: (world) => requestIn(world.db, REQUEST_RULES[action].from[0]!),
    attempt: (world, ref, who) => refusedBy(world.caseActions.request(ref, action, who, 'a reason')),
    state: (world, ref) => caseState(world.db, ref),
  }));
  const complaints = (Object.keys(COMPLAINT_RULES) as ComplaintAction[]).map((action): StaffPath => ({
    via: 'case-actions',
    name: `complaint ${action}`,
    allowed: COMPLAINT_RULES[action].roles,
    prepare: (world) => complaintIn(world.db, COMPLAINT_RULES[action].from[0]!),
    attempt: (world, ref, who) => refusedBy(world.caseActions.complaint(ref, action, who, 'a reason')),
    state: (world, ref) => caseState(world.db, ref),
  }));
  return [...requests, ...complaints];
}

/**
 * The staff bot's buttons and commands, sent to the beneficiary bot's webhook by anyone: that
 * bot takes no staff action at all (its updates only ever become the person's own messages).
 */
function telegramWebhookPaths(): StaffPath[] {
  let updateId = 900_000;
  const press = (world: StaffPathWorld, data: string, from: number) => {
    if (!world.telegramWebhook) throw new Error('this path needs world.telegramWebhook');
    return world.telegramWebhook({
      update_id: ++updateId,
      callback_query: {
        id: `forged-${updateId}`,
        from: { id: from, is_bot: false, first_name: 'x' },
        chat_instance: `ci${from}`,
        data,
        message: { message_id: 1, date: 1, chat: { id: from, type: 'private' }, text: '' },
      },
    });
  };
  const say = (world: StaffPathWorld, text: string, from: number) => {
    if (!world.telegramWebhook) throw new Error('this path needs world.telegramWebhook');
    return world.telegramWebhook({
      update_id: ++updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from, type: 'private' },
        from: { id: from, is_bot: false, first_name: 'x' },
        text,
      },
    });
  };
  /** A person's Telegram id: not staff, whatever roles the walk pretends to. */
  const telegramUser = (who: Attempter) =>
    5_500_000 + ([...who.id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 100_000);
  const outcome = async (world: StaffPathWorld, ref: string, before: unknown, status: number) => {
    if (status !== 200) return 'refused' as const;
    return JSON.stringify(await caseState(world.db, ref)) === JSON.stringify(before)
      ? ('refused' as const)
      : ('done' as const);
  };
  const buttons: StaffPath[] = [
    ...(Object.keys(REQUEST_RULES) as RequestAction[]).map((action) => ({
      kind: 'request' as const,
      action,
      from: REQUEST_RULES[action].from[0]!,
    })),
    ...(Object.keys(COMPLAINT_RULES) as ComplaintAction[]).map((action) => ({
      kind: 'complaint' as const,
      action,
      from: COMPLAINT_RULES[action].from[0]!,
    })),
  ].map(({ kind, action, from }): StaffPath => ({
    via: 'telegram-webhook',
    name: `button ${kind} ${action}`,
    allowed: [],
    prepare: (world) => (kind === 'request' ? requestIn(world.db, from) : complaintIn(world.db, from)),
    attempt: async (world, ref, who) => {
      const before = await caseState(world.db, ref);
      const data = encodeButton({ type: kind, action, reference: ref } as Parameters<typeof encodeButton>[0]);
      return outcome(world, ref, before, await press(world, data, telegramUser(who)));
    },
    state: (world, ref) => caseState(world.db, ref),
  }));
  const commands: StaffPath[] = ['/approve', '/reject', '/close', '/claim', '/ack'].map((command) => ({
    via: 'telegram-webhook',
    name: `command ${command}`,
    allowed: [],
    prepare: (world) => requestIn(world.db, 'under_review'),
    attempt: async (world, ref, who) => {
      const before = await caseState(world.db, ref);
      return outcome(world, ref, before, await say(world, `${command} ${ref} because`, telegramUser(who)));
    },
    state: (world, ref) => caseState(world.db, ref),
  }));
  return [...buttons, ...commands];
}

export const STAFF_PATHS: StaffPath[] = [...caseActionPaths(), ...telegramWebhookPaths()];

/** Adds paths to the walk (the web console's routes, the staff bot's buttons and commands…). */
export function addStaffPaths(...paths: StaffPath[]): void {
  STAFF_PATHS.push(...paths);
}

/** The roles that may not take a path, plus no role at all: who the walk tries it as. */
export function intruders(path: StaffPath): Attempter[] {
  const others = StaffRole.options.filter((role) => !path.allowed.includes(role));
  return [{ id: 'nobody', roles: [] }, ...others.map((role) => ({ id: `intruder-${role}`, roles: [role] }))];
}
