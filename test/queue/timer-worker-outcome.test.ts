import { didNothing } from '../../src/queue/timer-worker';

describe('a fired timer logs at debug when it found nothing to do', () => {
  it('tells an idle sweep or a skipped timer from one that acted', () => {
    for (const idle of [
      'drafts: 0 reminded, 0 expired',
      'purged 0 drafts, 0 documents',
      'campaign: 0 invited',
      'skipped: decided',
    ])
      expect([idle, didNothing(idle)]).toEqual([idle, true]);
    for (const acted of [
      'drafts: 1 reminded, 0 expired',
      'digest 2026-12-07',
      'escalated to manager',
      'reminded 2',
      'overdue',
    ])
      expect([acted, didNothing(acted)]).toEqual([acted, false]);
  });
});
