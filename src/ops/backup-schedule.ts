import { OpsError } from './ops-error';

/** When the nightly backup runs (docker-compose.yml's `backup` service; docs/OPERATIONS.md). */
export interface BackupSchedule {
  /** The wall-clock time in `timeZone`, 0-23 and 0-59. */
  hour: number;
  minute: number;
  /** An IANA zone such as Asia/Riyadh: the association's night, wherever the server's clock is set. */
  timeZone: string;
  /** How many of the newest archives are kept; older ones are deleted after each good backup. */
  keep: number;
}

export const BACKUP_DEFAULTS = { at: '02:30', timeZone: 'Asia/Riyadh', keep: 14 } as const;

/**
 * BACKUP_AT, BACKUP_TIME_ZONE and BACKUP_KEEP from `env` (empty counts as unset, as in .env files).
 * Every wrong one is named at once, with the fix, so the service stops instead of never backing up.
 */
export function readBackupSchedule(env: Record<string, string | undefined>): BackupSchedule {
  const value = (name: string, fallback: string | number): string => env[name]?.trim() || String(fallback);
  const problems: string[] = [];

  const at = value('BACKUP_AT', BACKUP_DEFAULTS.at);
  const time = /^(\d{1,2}):(\d{2})$/.exec(at);
  const hour = Number(time?.[1]);
  const minute = Number(time?.[2]);
  if (!time || hour > 23 || minute > 59) {
    problems.push(`BACKUP_AT=${at} is not a time of day: write HH:MM on a 24-hour clock, e.g. 02:30`);
  }

  const timeZone = value('BACKUP_TIME_ZONE', BACKUP_DEFAULTS.timeZone);
  if (!isTimeZone(timeZone)) {
    problems.push(`BACKUP_TIME_ZONE=${timeZone} is not a time zone: write an IANA name, e.g. Asia/Riyadh`);
  }

  const rawKeep = value('BACKUP_KEEP', BACKUP_DEFAULTS.keep);
  const keep = Number(rawKeep);
  if (!/^\d{1,4}$/.test(rawKeep) || keep < 1) {
    problems.push(`BACKUP_KEEP=${rawKeep} must be a whole number of archives to keep, 1 or more, e.g. 14`);
  }

  if (problems.length > 0) {
    throw new OpsError(
      'ERR_BACKUP_SCHEDULE',
      problems.join('; '),
      'correct these in .env and start it again',
    );
  }
  return { hour, minute, timeZone, keep };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The first moment strictly after `now` when the clock in `schedule.timeZone` shows hour:minute. On a
 * day a daylight-saving change skips that time the backup runs an hour later; on a day it repeats, once (the later).
 */
export function nextBackupAt(
  now: Date,
  schedule: Pick<BackupSchedule, 'hour' | 'minute' | 'timeZone'>,
): Date {
  const today = wallClock(now.getTime(), schedule.timeZone);
  // Today's time may be past; tomorrow's always comes within 25 hours (the third day is for safety).
  for (let day = 0; day < 3; day++) {
    const when = instantOf(
      Date.UTC(today.year, today.month - 1, today.day + day, schedule.hour, schedule.minute),
      schedule.timeZone,
    );
    if (when > now.getTime()) return new Date(when);
  }
  throw new Error(`no ${schedule.hour}:${schedule.minute} in ${schedule.timeZone} within three days`);
}

/** The wall-clock reading in `timeZone` at `instant`, as if it were UTC (milliseconds). */
function wallClockMs(instant: number, timeZone: string): number {
  const t = wallClock(instant, timeZone);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

function wallClock(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** The instant at which `timeZone`'s clock reads `wall` (a wall-clock time written as UTC milliseconds). */
function instantOf(wall: number, timeZone: string): number {
  const whole = (ms: number): number => Math.floor(ms / 1000) * 1000;
  // The zone's offset at a first guess, then at the instant that gives: settles around a DST change.
  const first = wall - (wallClockMs(wall, timeZone) - whole(wall));
  return wall - (wallClockMs(first, timeZone) - whole(first));
}
