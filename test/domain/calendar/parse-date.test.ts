import { parseDate } from '../../../src/domain/calendar/parse-date';
import { monthByName } from '../../../src/domain/calendar/month-names';
import { normaliseForMatching } from '../../../src/domain/text/arabic-normalise';

type Expected = readonly [text: string, iso: string, calendar: 'hijri' | 'gregorian'];

function expectDates(samples: readonly Expected[]): void {
  for (const [text, iso, calendar] of samples) {
    expect([text, parseDate(text)]).toEqual([text, { iso, calendar }]);
  }
}

function expectRefused(texts: readonly string[]): void {
  for (const text of texts) expect([text, parseDate(text)]).toEqual([text, undefined]);
}

/** Each spelling, as a person types it, names month `month` of `calendar`. */
function expectMonths(calendar: 'hijri' | 'gregorian', months: ReadonlyArray<readonly string[]>): void {
  months.forEach((spellings, index) => {
    for (const spelling of spellings) {
      expect([spelling, monthByName(normaliseForMatching(spelling))]).toEqual([
        spelling,
        { calendar, month: index + 1 },
      ]);
    }
  });
}

describe('parseDate with numbers only', () => {
  it('still reads numeric Gregorian and Hijri dates in any digit script', () => {
    expectDates([
      ['2025-04-21', '2025-04-21', 'gregorian'],
      ['21/4/2025', '2025-04-21', 'gregorian'],
      ['1446-10-23', '2025-04-21', 'hijri'],
      ['23/10/1446 هـ', '2025-04-21', 'hijri'],
      ['١٤٤٧/١٢/٠١', '2026-05-18', 'hijri'],
      ['۲۱/۴/۲۰۲۵', '2025-04-21', 'gregorian'],
    ]);
    expectRefused(['31/4/2025', '30/9/1446', '21/4', 'غدًا', '']);
  });
});

describe('parseDate with a Hijri month name', () => {
  it('reads Arabic month names, with or without هـ, in any digit script', () => {
    expectDates([
      ['٢ شوال ١٤٤٦', '2025-03-31', 'hijri'],
      ['2 شوال 1446هـ', '2025-03-31', 'hijri'],
      ['2 شوال 1446 ه', '2025-03-31', 'hijri'],
      ['١٥ رمضان ١٤٤٥ هـ', '2024-03-25', 'hijri'],
      ['٣ ذو الحجة ١٤٤٥', '2024-06-09', 'hijri'],
      ['۳ ذي الحجه ۱۴۴۵', '2024-06-09', 'hijri'],
      ['١ ذو الحجة ١٤٤٧ هجري', '2026-05-18', 'hijri'],
      ['٢٣ من شهر شوال لعام ١٤٤٦', '2025-04-21', 'hijri'],
      ['٢٣شوال١٤٤٦', '2025-04-21', 'hijri'],
    ]);
  });

  it('reads English month names, with or without AH, a comma or an ordinal', () => {
    expectDates([
      ['2 Shawwal 1446', '2025-03-31', 'hijri'],
      ['2nd Shawwal 1446 AH', '2025-03-31', 'hijri'],
      ['Shawwal 2, 1446', '2025-03-31', 'hijri'],
      ['15 Ramadhan 1445', '2024-03-25', 'hijri'],
      ['3 Dhu al-Hijjah 1445', '2024-06-09', 'hijri'],
      ["3 Dhu'l-Hijjah 1445", '2024-06-09', 'hijri'],
      ['the 3rd of Dhul Hijjah 1445', '2024-06-09', 'hijri'],
    ]);
  });

  it('knows every Hijri month in its Arabic and English spellings', () => {
    expectMonths('hijri', [
      ['محرم', 'المحرّم', 'Muharram'],
      ['صفر', 'Safar'],
      ['ربيع الأول', 'ربيع الاول', 'ربيع أول', 'Rabi al-Awwal', "Rabi' al-Awwal", 'Rabi ul Awwal', 'Rabi I'],
      [
        'ربيع الآخر',
        'ربيع الثاني',
        'ربيع ثاني',
        'Rabi al-Thani',
        'Rabi al-Akhir',
        "Rabi' al-Akhir",
        'Rabi II',
      ],
      [
        'جمادى الأولى',
        'جمادى الاولى',
        'جماد اول',
        'جمادى الأول',
        'Jumada al-Ula',
        'Jumada al-Awwal',
        'Jumada I',
      ],
      ['جمادى الآخرة', 'جمادى الثانية', 'جماد ثاني', 'Jumada al-Akhirah', 'Jumada al-Thani', 'Jumada II'],
      ['رجب', 'Rajab'],
      ['شعبان', 'Shaban', "Sha'ban", 'Sha’ban'],
      ['رمضان', 'Ramadan', 'Ramadhan'],
      ['شوال', 'شوّال', 'Shawwal', 'Shawal'],
      ['ذو القعدة', 'ذي القعدة', 'ذوالقعدة', 'Dhu al-Qadah', "Dhu al-Qi'dah", 'Dhul Qidah', "Dhu'l-Qa'dah"],
      ['ذو الحجة', 'ذي الحجة', 'Dhu al-Hijjah', 'Dhul Hijjah', "Dhu'l-Hijjah", 'Zul Hijjah'],
    ]);
  });

  it('refuses a day the Hijri month does not have, and a Gregorian year', () => {
    // Ramadan 1446 had 29 days (Eid al-Fitr was 30 March 2025), Muharram 1446 too.
    expectRefused(['30 رمضان 1446', '30 Muharram 1446', '31 شوال 1446', '0 شوال 1446']);
    expectRefused(['2 شوال 2025', '2 Shawwal 2025', '2 شوال 1446 م', '2 Shawwal 1446 AD']);
  });
});

describe('parseDate with a Gregorian month name', () => {
  it('reads Arabic and Levantine month names, with or without م', () => {
    expectDates([
      ['15 مارس 2025', '2025-03-15', 'gregorian'],
      ['١٥ مارس ٢٠٢٥', '2025-03-15', 'gregorian'],
      ['١٥ آذار ٢٠٢٥م', '2025-03-15', 'gregorian'],
      ['21 أبريل 2025 م', '2025-04-21', 'gregorian'],
      ['١ كانون الثاني ٢٠٢٦', '2026-01-01', 'gregorian'],
      ['٢٢ تشرين الثاني ٢٠٢٦ ميلادي', '2026-11-22', 'gregorian'],
    ]);
  });

  it('reads English month names day first or month first, with the ordinal, "the", "of" and a comma', () => {
    expectDates([
      ['15 March 2025', '2025-03-15', 'gregorian'],
      ['March 15, 2025', '2025-03-15', 'gregorian'],
      ['march 15 2025', '2025-03-15', 'gregorian'],
      ['1st of May 2025', '2025-05-01', 'gregorian'],
      ['the 1st of May, 2025', '2025-05-01', 'gregorian'],
      ['May 1st, 2025 AD', '2025-05-01', 'gregorian'],
      ['22 Nov 2026', '2026-11-22', 'gregorian'],
      ['Sept. 3, 2025', '2025-09-03', 'gregorian'],
    ]);
  });

  it('knows every Gregorian month in its Arabic, Levantine and English spellings', () => {
    expectMonths('gregorian', [
      ['يناير', 'كانون الثاني', 'January', 'Jan'],
      ['فبراير', 'شباط', 'February', 'Feb'],
      ['مارس', 'آذار', 'March', 'Mar'],
      ['ابريل', 'أبريل', 'إبريل', 'نيسان', 'April', 'Apr'],
      ['مايو', 'أيار', 'May'],
      ['يونيو', 'يونيه', 'حزيران', 'June', 'Jun'],
      ['يوليو', 'يوليه', 'تموز', 'July', 'Jul'],
      ['اغسطس', 'أغسطس', 'آب', 'August', 'Aug'],
      ['سبتمبر', 'أيلول', 'September', 'Sep', 'Sept'],
      ['اكتوبر', 'أكتوبر', 'تشرين الأول', 'October', 'Oct'],
      ['نوفمبر', 'تشرين الثاني', 'November', 'Nov'],
      ['ديسمبر', 'كانون الأول', 'December', 'Dec'],
    ]);
  });

  it('refuses 31 April, 29 February outside a leap year, and a Hijri year', () => {
    expectRefused(['31 April 2025', '31 أبريل 2025', '29 February 2025', '29 فبراير 2025']);
    expect(parseDate('29 February 2024')).toEqual({ iso: '2024-02-29', calendar: 'gregorian' });
    expectRefused(['15 مارس 1446', '15 March 1446', '15 مارس 2025 هـ', '15 March 2025 AH']);
  });
});

describe('parseDate refuses a named date it cannot read whole', () => {
  it('needs one day and one year, the month in one piece, and no other words', () => {
    expectRefused([
      'شوال',
      '2 شوال',
      'March 2025',
      '15 March',
      '2 3 شوال 1446',
      'ربيع 15 الأول 1446',
      'يوم الأحد 2 شوال 1446',
      '2025 March 15',
      '15 Marchh 2025',
    ]);
  });
});
