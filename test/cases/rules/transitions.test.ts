import {
  availableComplaintActions,
  checkComplaintTransition,
} from '../../../src/cases/rules/complaint-transitions';
import { parseReference, makeReference } from '../../../src/cases/rules/reference';
import {
  availableRequestActions,
  checkRequestTransition,
} from '../../../src/cases/rules/request-transitions';

describe('request lifecycle', () => {
  it('walks submitted → under review → needs info → under review → approved → delivered → closed', () => {
    const roles = ['committee'] as const;
    let status = 'submitted' as Parameters<typeof checkRequestTransition>[0];
    for (const [action, reason] of [
      ['startReview', undefined],
      ['askInfo', 'a newer income proof'],
      ['infoReceived', undefined],
      ['approve', undefined],
      ['deliver', undefined],
      ['close', undefined],
    ] as const) {
      const check = checkRequestTransition(status, action, roles, reason);
      if (!check.ok) throw new Error(`${action} from ${status}: ${check.code}`);
      status = check.to;
    }
    expect(status).toBe('closed');
  });

  it('lets only the committee side decide, and never skips review', () => {
    expect(checkRequestTransition('under_review', 'approve', ['volunteer', 'liaison'], undefined)).toEqual({
      ok: false,
      code: 'ERR_ROLE_NOT_ALLOWED',
    });
    expect(checkRequestTransition('submitted', 'approve', ['committee'], undefined)).toEqual({
      ok: false,
      code: 'ERR_TRANSITION_NOT_ALLOWED',
    });
    expect(checkRequestTransition('under_review', 'reject', ['manager'], '')).toEqual({
      ok: false,
      code: 'ERR_REASON_REQUIRED',
    });
    expect(availableRequestActions('under_review', ['committee'])).toEqual(['askInfo', 'approve', 'reject']);
    expect(availableRequestActions('under_review', ['volunteer'])).toEqual([]);
  });
});

describe('complaint lifecycle', () => {
  it('assigns, replies without changing status, escalates with a reason, resolves and closes', () => {
    expect(checkComplaintTransition('open', 'assign', ['liaison'], undefined)).toEqual({
      ok: true,
      to: 'assigned',
    });
    expect(checkComplaintTransition('assigned', 'reply', ['liaison'], 'we called the branch')).toEqual({
      ok: true,
      to: undefined,
    });
    expect(checkComplaintTransition('assigned', 'escalate', ['liaison'], 'no answer')).toEqual({
      ok: false,
      code: 'ERR_ROLE_NOT_ALLOWED',
    });
    expect(checkComplaintTransition('assigned', 'escalate', ['manager'], 'no answer')).toEqual({
      ok: true,
      to: 'escalated',
    });
    expect(checkComplaintTransition('open', 'close', ['manager'], undefined).ok).toBe(false);
    expect(availableComplaintActions('resolved', ['volunteer'], 0)).toEqual([]);
    expect(availableComplaintActions('escalated', ['manager'], 2)).toContain('escalate');
    expect(availableComplaintActions('escalated', ['manager'], 3)).not.toContain('escalate');
  });
});

describe('reference numbers', () => {
  it('are readable, carry check digits, and are read back in any typing', () => {
    const ref = makeReference('REQ', 4, () => 0.5);
    expect(ref).toMatch(/^REQ-\d{4}-\d{2}$/);
    const digits = ref.replace(/\D/g, '');
    const arabic = digits.replace(/\d/g, (d) => String.fromCharCode(0x660 + Number(d)));
    expect(parseReference(`req ${arabic}`)).toBe(ref);
    expect(parseReference(ref.replace(/-/g, ''))).toBe(ref);
    const typo = `${ref.slice(0, 4)}${(Number(ref[4]) + 1) % 10}${ref.slice(5)}`;
    expect(parseReference(typo)).toBeUndefined();
    expect(parseReference('hello')).toBeUndefined();
  });
});
