import { formatDeadline } from '../../../src/domain/calendar/format-date';

// Expected strings are what Node 20 with full ICU prints; they double as a check that the runtime has
// full ICU (small-icu would fall back to Gregorian and English month names).
describe('formatDeadline', () => {
  it('shows the DOMAIN.md deadline 2025-04-21 as 23 Shawwal 1446 in Arabic, with Latin digits', () => {
    expect(formatDeadline('2025-04-21', 'ar')).toEqual({
      hijri: 'الاثنين، 23 شوال 1446 هـ',
      gregorian: 'الاثنين، 21 أبريل 2025',
    });
  });

  it('shows the same deadline in English', () => {
    expect(formatDeadline('2025-04-21', 'en')).toEqual({
      hijri: 'Monday, Shawwal 23, 1446 AH',
      gregorian: 'Monday, 21 April 2025',
    });
  });

  it('uses the Umm al-Qura calendar: 1 Ramadan and Eid al-Fitr 1446 fall where Saudi Arabia observed them', () => {
    expect(formatDeadline('2025-03-01', 'ar').hijri).toBe('السبت، 1 رمضان 1446 هـ');
    expect(formatDeadline('2025-03-30', 'en').hijri).toBe('Sunday, Shawwal 1, 1446 AH');
    expect(formatDeadline('2025-09-23', 'ar')).toEqual({
      hijri: 'الثلاثاء، 1 ربيع الآخر 1447 هـ',
      gregorian: 'الثلاثاء، 23 سبتمبر 2025',
    });
  });

  it('never prints Arabic-Indic digits, which plain ar-SA would', () => {
    const { hijri, gregorian } = formatDeadline('2026-02-22', 'ar');
    expect(`${hijri} ${gregorian}`).not.toMatch(/[\u0660-\u0669]/);
    expect(gregorian).toBe('الأحد، 22 فبراير 2026');
  });

  it('shows a calendar day as that day whatever the time zone', () => {
    for (const zone of ['Asia/Riyadh', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      expect(formatDeadline('2025-04-21', 'en', zone).gregorian).toBe('Monday, 21 April 2025');
    }
  });

  it('shows a timestamp as its local day in the given zone (Riyadh by default)', () => {
    // 22:00 UTC on Sunday is already Monday in Riyadh.
    expect(formatDeadline('2025-04-20T22:00:00Z', 'en').gregorian).toBe('Monday, 21 April 2025');
    expect(formatDeadline('2025-04-20T22:00:00Z', 'en', 'UTC')).toEqual({
      hijri: 'Sunday, Shawwal 22, 1446 AH',
      gregorian: 'Sunday, 20 April 2025',
    });
  });

  it('throws for text that is not a date, since deadlines come from our own calendar', () => {
    for (const bad of ['', 'tomorrow', '2025-02-30', '2025-4-21', '21/04/2025', '٢٠٢٥-٠٤-٢١']) {
      expect(() => formatDeadline(bad, 'ar')).toThrow(RangeError);
    }
  });
});
