import { OpsError } from '../../src/ops/ops-error';
import { nextBackupAt, readBackupSchedule } from '../../src/ops/backup-schedule';

const riyadh = { hour: 2, minute: 30, timeZone: 'Asia/Riyadh' };

describe('nextBackupAt', () => {
  it('is tonight at 02:30 in Riyadh (UTC+3) when asked the evening before', () => {
    // 23:00 in Riyadh on 1 March.
    expect(nextBackupAt(new Date('2026-03-01T20:00:00Z'), riyadh).toISOString()).toBe(
      '2026-03-01T23:30:00.000Z',
    );
  });

  it('is the same night when asked just after midnight there, though UTC still shows the day before', () => {
    expect(nextBackupAt(new Date('2026-03-01T21:05:00Z'), riyadh).toISOString()).toBe(
      '2026-03-01T23:30:00.000Z',
    );
  });

  it('is the next night at the very moment of a run and after it', () => {
    for (const now of ['2026-03-01T23:30:00.000Z', '2026-03-01T23:30:00.001Z', '2026-03-02T09:00:00Z'])
      expect(nextBackupAt(new Date(now), riyadh).toISOString()).toBe('2026-03-02T23:30:00.000Z');
  });

  it('crosses month and year ends', () => {
    expect(nextBackupAt(new Date('2026-12-31T12:00:00Z'), riyadh).toISOString()).toBe(
      '2026-12-31T23:30:00.000Z',
    );
    expect(nextBackupAt(new Date('2027-01-31T23:45:00Z'), riyadh).toISOString()).toBe(
      '2027-02-01T23:30:00.000Z',
    );
  });

  it('follows a zone with daylight saving: 02:30 local is 00:30 UTC in summer, 01:30 in winter', () => {
    const berlin = { hour: 2, minute: 30, timeZone: 'Europe/Berlin' };
    expect(nextBackupAt(new Date('2026-07-01T12:00:00Z'), berlin).toISOString()).toBe(
      '2026-07-02T00:30:00.000Z',
    );
    expect(nextBackupAt(new Date('2026-01-10T12:00:00Z'), berlin).toISOString()).toBe(
      '2026-01-11T01:30:00.000Z',
    );
  });

  it('runs once, an hour late, on the night the clocks skip 02:30, and once on the night it repeats', () => {
    const berlin = { hour: 2, minute: 30, timeZone: 'Europe/Berlin' };
    // 29 March 2026: 02:00 → 03:00 in Berlin (01:00 UTC).
    const spring = nextBackupAt(new Date('2026-03-28T12:00:00Z'), berlin);
    expect(spring.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(nextBackupAt(spring, berlin).toISOString()).toBe('2026-03-30T00:30:00.000Z');
    // 25 October 2026: 03:00 → 02:00, so 02:30 happens twice (00:30 and 01:30 UTC): the later one, once.
    const autumn = nextBackupAt(new Date('2026-10-24T12:00:00Z'), berlin);
    expect(autumn.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(nextBackupAt(autumn, berlin).toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });

  it('honours minutes and midnight', () => {
    const utc = { hour: 0, minute: 0, timeZone: 'UTC' };
    expect(nextBackupAt(new Date('2026-05-05T23:59:59Z'), utc).toISOString()).toBe(
      '2026-05-06T00:00:00.000Z',
    );
  });
});

describe('readBackupSchedule', () => {
  it('defaults to 02:30 in Asia/Riyadh, keeping 14, also for empty values', () => {
    const expected = { hour: 2, minute: 30, timeZone: 'Asia/Riyadh', keep: 14 };
    expect(readBackupSchedule({})).toEqual(expected);
    expect(readBackupSchedule({ BACKUP_AT: '', BACKUP_TIME_ZONE: ' ', BACKUP_KEEP: '' })).toEqual(expected);
  });

  it('reads the three variables', () => {
    expect(readBackupSchedule({ BACKUP_AT: '3:05', BACKUP_TIME_ZONE: 'UTC', BACKUP_KEEP: '30' })).toEqual({
      hour: 3,
      minute: 5,
      timeZone: 'UTC',
      keep: 30,
    });
  });

  it('names every wrong variable at once, with an example of a right one', () => {
    let error: unknown;
    try {
      readBackupSchedule({ BACKUP_AT: '24:00', BACKUP_TIME_ZONE: 'Riyadh', BACKUP_KEEP: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OpsError);
    const { message } = error as OpsError;
    expect(message).toContain('BACKUP_AT=24:00 is not a time of day: write HH:MM on a 24-hour clock');
    expect(message).toContain(
      'BACKUP_TIME_ZONE=Riyadh is not a time zone: write an IANA name, e.g. Asia/Riyadh',
    );
    expect(message).toContain('BACKUP_KEEP=0 must be a whole number of archives to keep, 1 or more');
  });

  it.each(['2.30', '02:3', '12:60', 'noon', '-1:00'])('refuses BACKUP_AT=%s', (at) => {
    expect(() => readBackupSchedule({ BACKUP_AT: at })).toThrow(`BACKUP_AT=${at} is not a time of day`);
  });
});
