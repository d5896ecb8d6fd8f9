import { editDistance, nearestKey } from '../../../src/domain/text/nearest-key';

describe('nearestKey', () => {
  const keys = ['decisionWorkingDays', 'reminderWorkingDaysBefore', 'complaintWorkingDays', 'onInfoRequest'];

  it('finds the key a typo was meant to be: a letter dropped, added, changed, or the case wrong', () => {
    expect(nearestKey('decisionWorkingDay', keys)).toBe('decisionWorkingDays');
    expect(nearestKey('complaintWorkingDayss', keys)).toBe('complaintWorkingDays');
    expect(nearestKey('onInfoReqest', keys)).toBe('onInfoRequest');
    expect(nearestKey('oninforequest', keys)).toBe('onInfoRequest');
    expect(nearestKey('deadlinez', ['deadlines', 'digest', 'calendar'])).toBe('deadlines');
  });

  it('suggests nothing when no key is close, rather than a misleading guess', () => {
    expect(nearestKey('holidays', keys)).toBeUndefined();
    expect(nearestKey('zzzzzzzz', ['start', 'end'])).toBeUndefined();
    expect(nearestKey('anything', [])).toBeUndefined();
  });

  it('allows more edits in a longer key: one per four letters, at least two', () => {
    expect(nearestKey('maxLenght', ['maxLength', 'label'])).toBe('maxLength');
    expect(nearestKey('ab', ['xy'])).toBe('xy');
    expect(nearestKey('abc', ['xyz'])).toBeUndefined();
  });

  it('counts letters added, dropped or changed', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
