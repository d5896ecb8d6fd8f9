import { formatTimeOfDay } from '../../../src/domain/calendar/format-time';

describe('formatTimeOfDay', () => {
  const opening = new Date('2026-11-22T05:00:00Z'); // 08:00 in Riyadh

  it('writes the Riyadh wall-clock time with Latin digits in Arabic', () => {
    expect(formatTimeOfDay(opening, 'ar')).toBe('8:00 ص');
    expect(formatTimeOfDay(new Date('2026-11-22T13:30:00Z'), 'ar')).toBe('4:30 م');
  });

  it('writes it in Arabic-Indic digits when the profile chooses them, and never in English', () => {
    expect(formatTimeOfDay(opening, 'ar', 'Asia/Riyadh', 'arabic-indic')).toBe('٨:٠٠ ص');
    expect(formatTimeOfDay(opening, 'en', 'Asia/Riyadh', 'arabic-indic')).toBe('8:00 am');
  });

  it('writes it in twelve-hour form in English', () => {
    expect(formatTimeOfDay(opening, 'en')).toBe('8:00 am');
  });

  it('uses the zone it is given', () => {
    expect(formatTimeOfDay(opening, 'en', 'UTC')).toBe('5:00 am');
  });
});
