import { loadProfile } from '../../../src/config/load-profile';
import { CaseTimers } from '../../../src/cases/rules/case-timers';
import { timerJobId } from '../../../src/cases/rules/timer-job';
import {
  canMoveVolunteer,
  VOLUNTEER_DECISIONS,
  VOLUNTEER_NOTICES,
} from '../../../src/cases/rules/volunteer-transitions';
import { DEMO_PROFILE_PATH } from '../../support/flow-driver';

const timers = new CaseTimers(loadProfile(DEMO_PROFILE_PATH));

describe('a deletion request’s timers', () => {
  it('fire on the due date itself at opening time, even on a Friday or in Eid (the law counts calendar days)', () => {
    // Friday 10 April 2026: the office is closed, the deadline is not.
    expect(timers.dataRequestOpened('DAT-4821-27', '2026-04-10')).toEqual([
      {
        job: { kind: 'dataDeletionDue', reference: 'DAT-4821-27' },
        fireAt: new Date('2026-04-10T05:00:00Z'),
      },
    ]);
    // 20 March 2026 is in the demo's Eid al-Fitr holiday.
    expect(timers.dataRequestOpened('DAT-4821-27', '2026-03-20')[0]?.fireAt).toEqual(
      new Date('2026-03-20T05:00:00Z'),
    );
  });

  it('look for the notice a minute after it was queued, then every five minutes, each check its own job', () => {
    const now = new Date('2026-04-09T05:00:00Z');
    const [first] = timers.erasureCheck('DAT-4821-27', 1, now);
    const [third] = timers.erasureCheck('DAT-4821-27', 3, now);
    expect(first?.fireAt).toEqual(new Date('2026-04-09T05:01:00Z'));
    expect(third?.fireAt).toEqual(new Date('2026-04-09T05:05:00Z'));
    expect([timerJobId(first!.job), timerJobId(third!.job)]).toEqual([
      'deletion-DAT-4821-27-erase-1',
      'deletion-DAT-4821-27-erase-3',
    ]);
  });

  it('is cancelled when the request is refused or carried out early', () => {
    expect(timers.dataRequestClosed('DAT-4821-27')).toEqual([
      { job: { kind: 'dataDeletionDue', reference: 'DAT-4821-27' } },
    ]);
  });
});

describe('a volunteer sign-up’s statuses', () => {
  it('go new → contacted → accepted | declined, accepted or declined straight from new, and end there', () => {
    const allowed = (['new', 'contacted', 'accepted', 'declined'] as const).flatMap((from) =>
      VOLUNTEER_DECISIONS.filter((to) => canMoveVolunteer(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual([
      'new→contacted',
      'new→accepted',
      'new→declined',
      'contacted→accepted',
      'contacted→declined',
    ]);
  });

  it('tell the person when accepted or declined, not when contacted', () => {
    expect(VOLUNTEER_NOTICES).toEqual({
      contacted: undefined,
      accepted: 'queues.volunteer.accepted',
      declined: 'queues.volunteer.declined',
    });
  });
});
