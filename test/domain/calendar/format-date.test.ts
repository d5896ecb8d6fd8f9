import { formatDeadline } from '../../../src/domain/calendar/format-date';

// Expected strings are what Node 20 with full ICU prints; they double as a check that the runtime has
// full ICU (small-icu would fall back to Gregorian and English month names).
describe('formatDeadline', () => {
  it('shows the DOMAIN.md deadline 2025-04-21 as 23 Shawwal 1446 in Arabic, the weekday once, Latin digits by default', () => {
    const { hijri, gregorian } = formatDeadline('2025-04-21', 'ar');
    expect({ hijri, gregorian }).toEqual({ hijri: 'الاثنين 23 شوال 1446هـ', gregorian: '21 أبريل 2025م' });
    // As a letter writes it: «الاثنين 23 شوال 1446هـ الموافق 21 أبريل 2025م», the weekday named once.
    expect(`${hijri} الموافق ${gregorian}`.match(/الاثنين/g)).toHaveLength(1);
  });

  it('writes Arabic dates in Arabic-Indic digits when the profile chooses them', () => {
    expect(formatDeadline('2027-01-01', 'ar', 'Asia/Riyadh', 'arabic-indic')).toEqual({
      hijri: 'الجمعة ٢٣ رجب ١٤٤٨هـ',
      gregorian: '١ يناير ٢٠٢٧م',
    });
    expect(formatDeadline('2027-01-01', 'ar', 'Asia/Riyadh', 'latin').gregorian).toBe('1 يناير 2027م');
    expect(formatDeadline('2027-01-01', 'en', 'Asia/Riyadh', 'arabic-indic').gregorian).toBe(
      '1 January 2027',
    );
  });

  it('shows the same deadline in English', () => {
    expect(formatDeadline('2025-04-21', 'en')).toEqual({
      hijri: 'Monday, Shawwal 23, 1446 AH',
      gregorian: '21 April 2025',
    });
  });

  it('uses the Umm al-Qura calendar: 1 Ramadan and Eid al-Fitr 1446 fall where Saudi Arabia observed them', () => {
    expect(formatDeadline('2025-03-01', 'ar').hijri).toBe('السبت 1 رمضان 1446هـ');
    expect(formatDeadline('2025-03-30', 'en').hijri).toBe('Sunday, Shawwal 1, 1446 AH');
    expect(formatDeadline('2025-09-23', 'ar')).toEqual({
      hijri: 'الثلاثاء 1 ربيع الآخر 1447هـ',
      gregorian: '23 سبتمبر 2025م',
    });
  });

  it('never prints Arabic-Indic digits in the Latin style, which plain ar-SA would', () => {
    const { hijri, gregorian } = formatDeadline('2026-02-22', 'ar');
    expect(`${hijri} ${gregorian}`).not.toMatch(/[\u0660-\u0669]/);
    expect(gregorian).toBe('22 فبراير 2026م');
  });

  it('shows a calendar day as that day whatever the time zone', () => {
    for (const zone of ['Asia/Riyadh', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      expect(formatDeadline('2025-04-21', 'en', zone).gregorian).toBe('21 April 2025');
    }
  });

  it('shows a timestamp as its local day in the given zone (Riyadh by default)', () => {
    // 22:00 UTC on Sunday is already Monday in Riyadh.
    expect(formatDeadline('2025-04-20T22:00:00Z', 'en').hijri).toBe('Monday, Shawwal 23, 1446 AH');
    expect(formatDeadline('2025-04-20T22:00:00Z', 'en', 'UTC')).toEqual({
      hijri: 'Sunday, Shawwal 22, 1446 AH',
      gregorian: '20 April 2025',
    });
  });

  it('throws for text that is not a date, since deadlines come from our own calendar', () => {
    for (const bad of ['', 'tomorrow', '2025-02-30', '2025-4-21', '21/04/2025', '٢٠٢٥-٠٤-٢١']) {
      expect(() => formatDeadline(bad, 'ar')).toThrow(RangeError);
    }
  });
});
