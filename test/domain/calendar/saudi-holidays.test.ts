import {
  saudiHolidays,
  umAlQuraToGregorian,
  type SaudiHolidayRules,
} from '../../../src/domain/calendar/saudi-holidays';
import { holidayYearToReview } from '../../../src/domain/calendar/holiday-review';
import { WorkingCalendar } from '../../../src/domain/calendar/working-calendar';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * 1 Shawwal (Eid al-Fitr) and 10 Dhu al-Hijjah (Eid al-Adha), 1438–1452 AH.
 *
 * 1438–1447: the dates Saudi Arabia announced (Supreme Court / Saudi Press Agency), e.g. Eid al-Fitr
 * 1438 on Sunday 25 June 2017 and Eid al-Adha 1438 on Friday 1 September 2017, Eid al-Fitr 1439 on
 * Friday 15 June 2018 and Eid al-Adha 1439 on Tuesday 21 August 2018 (Supreme Court announcements
 * reported by SPA and Arab News at the time), Eid al-Fitr
 * 1441 on Sunday 24 May 2020 ("Saturday will be the last day of … Ramadan and Eid el-Fitr will take
 * place on Sunday", SPA, quoted by younewsng.com/2020/05/23/saudi-declares-sunday-eid-el-fitri),
 * Eid al-Adha 1441 on Friday 31 July 2020 (Supreme Court statement, thebaghdadpost.com story 48947),
 * Eid al-Fitr 1444 on Friday 21 April 2023 (MHRSD private-sector holiday from that day,
 * theeducationisthub.com), Eid al-Fitr 1445 on 10 April 2024, Eid al-Adha 1445 on 16 June 2024, Eid
 * al-Adha 1446 on Friday 6 June 2025 (Supreme Court, reported by sharjahdaily.com). In these years the
 * announcements agreed with the Umm al-Qura table.
 * 1448–1452: the Umm al-Qura calendar's table (King Abdulaziz City for Science and Technology,
 * ummulqura.org.sa), not yet announced.
 *
 * Announced dates can differ by a day from the Umm al-Qura table, because the month starts when the
 * crescent is sighted: that is why a holiday listed in the profile or the console replaces the computed
 * one it overlaps (tested below), and why someone reviews each year's table.
 */
const EIDS: readonly [hijriYear: number, fitr: string, adha: string][] = [
  [1438, '2017-06-25', '2017-09-01'],
  [1439, '2018-06-15', '2018-08-21'],
  [1440, '2019-06-04', '2019-08-11'],
  [1441, '2020-05-24', '2020-07-31'],
  [1442, '2021-05-13', '2021-07-20'],
  [1443, '2022-05-02', '2022-07-09'],
  [1444, '2023-04-21', '2023-06-28'],
  [1445, '2024-04-10', '2024-06-16'],
  [1446, '2025-03-30', '2025-06-06'],
  [1447, '2026-03-20', '2026-05-27'],
  [1448, '2027-03-09', '2027-05-16'],
  [1449, '2028-02-26', '2028-05-05'],
  [1450, '2029-02-14', '2029-04-24'],
  [1451, '2030-02-04', '2030-04-13'],
  [1452, '2031-01-24', '2031-04-02'],
];

const LABOUR_LAW: SaudiHolidayRules = {
  enabled: true,
  eidAlFitr: { from: 'after-29-ramadan', days: 4 },
  eidAlAdha: { from: '9-dhu-al-hijjah', days: 4 },
  skip: [],
};
const EID_DAYS: SaudiHolidayRules = {
  enabled: true,
  eidAlFitr: { from: '1-shawwal', days: 1 },
  eidAlAdha: { from: '10-dhu-al-hijjah', days: 1 },
  skip: [],
};

describe('Umm al-Qura dates', () => {
  it.each(EIDS)('%i AH: Eid al-Fitr on %s, Eid al-Adha on %s', (year, fitr, adha) => {
    expect(iso(umAlQuraToGregorian(year, 10, 1))).toBe(fitr);
    expect(iso(umAlQuraToGregorian(year, 12, 10))).toBe(adha);
    const gregorian = Number(fitr.slice(0, 4));
    const computed = saudiHolidays(gregorian, EID_DAYS).filter((h) => h.id !== 'foundingDay');
    expect(computed.map((h) => [h.id, h.from])).toContainEqual(['eidAlFitr', fitr]);
    expect(computed.map((h) => [h.id, h.from])).toContainEqual(['eidAlAdha', adha]);
  });

  it('refuses a day the calendar does not have (30 Ramadan 1440 AH: Ramadan had 29 days)', () => {
    expect(() => umAlQuraToGregorian(1440, 9, 30)).toThrow(/not a day of the Umm al-Qura calendar/);
  });
});

describe('saudiHolidays', () => {
  it('follows the Labour Law by default: four days from the day after 29 Ramadan and from Arafah', () => {
    // MHRSD, 2020: the private sector's Eid al-Fitr holiday from 23 to 26 May (29 Ramadan 1441 was 22 May).
    expect(saudiHolidays(2020, LABOUR_LAW)).toEqual([
      { id: 'eidAlFitr', year: 2020, from: '2020-05-23', to: '2020-05-26' },
      { id: 'eidAlAdha', year: 2020, from: '2020-07-30', to: '2020-08-02' },
      // Founding Day was first kept in 2022.
      { id: 'nationalDay', year: 2020, from: '2020-09-23', to: '2020-09-23' },
    ]);
  });

  it('gives the shipped profiles’ 2026 holidays from their rules (six days each)', () => {
    const shipped: SaudiHolidayRules = {
      enabled: true,
      eidAlFitr: { from: 'after-29-ramadan', days: 6 },
      eidAlAdha: { from: '8-dhu-al-hijjah', days: 6 },
      skip: [],
    };
    expect(saudiHolidays(2026, shipped).map((h) => [h.id, h.from, h.to])).toEqual([
      ['foundingDay', '2026-02-22', '2026-02-22'],
      ['eidAlFitr', '2026-03-19', '2026-03-24'],
      ['eidAlAdha', '2026-05-25', '2026-05-30'],
      ['nationalDay', '2026-09-23', '2026-09-23'],
    ]);
  });

  it('finds both Eids al-Fitr of a Gregorian year that has two (2000: 8 January and 27 December)', () => {
    expect(
      saudiHolidays(2000, EID_DAYS)
        .filter((h) => h.id === 'eidAlFitr')
        .map((h) => h.from),
    ).toEqual(['2000-01-08', '2000-12-27']);
  });

  it('leaves out a holiday skipped for one year only, and everything when turned off', () => {
    const skip: SaudiHolidayRules = { ...LABOUR_LAW, skip: [{ holiday: 'nationalDay', year: 2027 }] };
    expect(saudiHolidays(2027, skip).map((h) => h.id)).toEqual(['foundingDay', 'eidAlFitr', 'eidAlAdha']);
    expect(saudiHolidays(2028, skip).map((h) => h.id)).toContain('nationalDay');
    expect(saudiHolidays(2027, { ...LABOUR_LAW, enabled: false })).toEqual([]);
  });
});

describe('WorkingCalendar with computed holidays', () => {
  const base = {
    timeZone: 'Asia/Riyadh',
    weekend: ['friday', 'saturday'] as const,
    workingHours: { start: '08:00', end: '16:00' },
  };
  // Thursday 24 February 2028, noon in Riyadh. Eid al-Fitr 1449 under the Labour Law rule: Saturday
  // 26 February (the day after 29 Ramadan, 25 February) to Tuesday 29 February.
  const completed = new Date('2028-02-24T09:00:00Z');

  it('skips a computed Eid in 2028 when counting a deadline across it', () => {
    const plain = new WorkingCalendar({ ...base, holidays: [] });
    expect(plain.addWorkingDays(completed, 3)).toBe('2028-02-29');
    const saudi = new WorkingCalendar({ ...base, holidays: [], saudiHolidays: LABOUR_LAW });
    // Sun 27 – Tue 29 are Eid; Wed 1 and Thu 2 March, then Sunday 5 March.
    expect(saudi.addWorkingDays(completed, 3)).toBe('2028-03-05');
    expect(saudi.isWorkingDay('2028-09-24')).toBe(true);
    expect(saudi.isWorkingDay('2030-02-05')).toBe(false);
  });

  it('lets a listed holiday replace the computed one it overlaps (an Eid announced on other days)', () => {
    const holidays = [{ from: '2028-02-27', to: '2028-02-28' }];
    const announced = new WorkingCalendar({ ...base, holidays, saudiHolidays: LABOUR_LAW });
    expect(announced.isWorkingDay('2028-02-29')).toBe(true);
    expect(announced.addWorkingDays(completed, 3)).toBe('2028-03-02');
    expect(
      announced
        .computedHolidays(2028, 2028)
        .filter((h) => h.replaced)
        .map((h) => h.id),
    ).toEqual(['eidAlFitr']);
  });

  it('counts an Eid that starts in December into January', () => {
    // 2033 has two: 1454 AH on 3 January, 1455 AH on 23 December; fifteen days off run to 6 January 2034.
    const long: SaudiHolidayRules = { ...LABOUR_LAW, eidAlFitr: { from: '1-shawwal', days: 15 } };
    expect(
      saudiHolidays(2033, long)
        .filter((h) => h.id === 'eidAlFitr')
        .at(-1),
    ).toMatchObject({
      from: '2033-12-23',
      to: '2034-01-06',
    });
    // Monday 2 January 2034.
    expect(
      new WorkingCalendar({ ...base, holidays: [], saudiHolidays: long }).isWorkingDay('2034-01-02'),
    ).toBe(false);
    expect(new WorkingCalendar({ ...base, holidays: [] }).isWorkingDay('2034-01-02')).toBe(true);
  });
});

describe('holidayYearToReview', () => {
  it('asks for the coming year from 1 December, and for any year begun unreviewed', () => {
    expect(holidayYearToReview('2026-11-30', 2026)).toBeUndefined();
    expect(holidayYearToReview('2026-12-01', 2026)).toBe(2027);
    expect(holidayYearToReview('2026-12-01', 2027)).toBeUndefined();
    expect(holidayYearToReview('2027-03-01', 2026)).toBe(2027);
    expect(holidayYearToReview('2027-03-01', 2025)).toBe(2026);
    expect(holidayYearToReview('2026-06-01', undefined)).toBe(2026);
    expect(holidayYearToReview('2026-12-31', undefined)).toBe(2027);
  });
});
