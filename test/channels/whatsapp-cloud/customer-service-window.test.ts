import { reopenDue, windowOpen } from '../../../src/channels/whatsapp-cloud/customer-service-window';

const at = (iso: string) => new Date(iso);
const now = at('2026-05-10T12:00:00Z');

describe('the 24-hour customer-service window', () => {
  it('is open within 24 hours of the last message, less a margin, and never without one', () => {
    expect(windowOpen({}, now)).toBe(false);
    expect(windowOpen({ lastInboundAt: at('2026-05-09T12:30:00Z') }, now)).toBe(true);
    expect(windowOpen({ lastInboundAt: at('2026-05-09T12:05:00Z') }, now)).toBe(false);
    expect(windowOpen({ lastInboundAt: at('2026-05-09T11:59:00Z') }, now)).toBe(false);
  });

  it('is closed when Meta said so after the last message, and open again once the person writes', () => {
    const lastInboundAt = at('2026-05-10T08:00:00Z');
    expect(windowOpen({ lastInboundAt, windowClosedAt: at('2026-05-10T09:00:00Z') }, now)).toBe(false);
    expect(windowOpen({ lastInboundAt, windowClosedAt: at('2026-05-10T07:00:00Z') }, now)).toBe(true);
  });

  it('sends the re-open template at most once a day, or again once the person wrote after it', () => {
    expect(reopenDue({}, now)).toBe(true);
    expect(reopenDue({ reopenAskedAt: at('2026-05-10T02:00:00Z') }, now)).toBe(false);
    expect(reopenDue({ reopenAskedAt: at('2026-05-09T11:00:00Z') }, now)).toBe(true);
    expect(
      reopenDue(
        { reopenAskedAt: at('2026-05-10T02:00:00Z'), lastInboundAt: at('2026-05-10T03:00:00Z') },
        now,
      ),
    ).toBe(true);
  });
});
