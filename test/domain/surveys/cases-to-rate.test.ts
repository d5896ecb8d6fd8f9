import type { CaseSummary } from '../../../src/domain/beneficiary-facts';
import { casesToRate, isFinishedCase } from '../../../src/domain/surveys/cases-to-rate';

const summary = (reference: string, status: string, kind: CaseSummary['kind'] = 'request'): CaseSummary => ({
  reference,
  kind,
  subject: null,
  status,
  updatedAt: '2026-11-20T08:00:00.000Z',
  dueDate: null,
});

describe('casesToRate', () => {
  it('offers finished cases not rated yet, newest first as the facts list them', () => {
    const cases = [
      summary('REQ-1111-11', 'under_review'),
      summary('CMP-2222-22', 'resolved', 'complaint'),
      summary('REQ-3333-33', 'delivered'),
      summary('REQ-4444-44', 'rejected'),
      summary('DAT-5555-55', 'completed', 'deletion'),
    ];
    expect(casesToRate({ cases, surveyed: ['REQ-3333-33'] }).map((c) => c.reference)).toEqual([
      'CMP-2222-22',
      'REQ-4444-44',
      'DAT-5555-55',
    ]);
  });

  it('offers at most the limit', () => {
    const cases = ['1', '2', '3', '4', '5', '6', '7'].map((n) => summary(`REQ-${n.repeat(4)}-00`, 'closed'));
    expect(casesToRate({ cases, surveyed: [] })).toHaveLength(5);
    expect(casesToRate({ cases, surveyed: [] }, 2)).toHaveLength(2);
  });

  it.each(['submitted', 'under_review', 'needs_info', 'approved', 'open', 'assigned', 'escalated'])(
    'does not ask about a case still %s',
    (status) => {
      expect(isFinishedCase({ status })).toBe(false);
    },
  );
});
