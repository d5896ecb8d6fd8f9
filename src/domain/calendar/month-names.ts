/*
 * Month names people write in dates, Hijri (Umm al-Qura) and Gregorian, Arabic and English. Each name is
 * written in normalised form (normaliseForMatching: hamza seats folded to ا, ة → ه, ى → ي, lower case)
 * and compared with its spaces and apostrophes removed, so «ذو الحجة», «ذوالحجه», "Dhu al-Hijjah" and
 * "Dhu'l Hijjah" each need one entry per spelling, not per way of spacing it.
 */

export type Calendar = 'gregorian' | 'hijri';

type MonthTable = ReadonlyArray<readonly string[]>;

/** A month of a calendar, 1 to 12. */
export type NamedMonth = { calendar: Calendar; month: number };

/** Muharram … Dhu al-Hijjah, in order. */
const HIJRI_MONTHS: MonthTable = [
  ['محرم', 'المحرم', 'muharram', 'muharam', 'moharram'],
  ['صفر', 'safar', 'safer'],
  [
    ...['ربيع الاول', 'ربيع اول', 'ربيع الاولي'],
    ...['rabi al awwal', 'rabi ul awwal', 'rabi al awal', 'rabi ul awal', 'rabia al awwal', 'rabiul awwal'],
    'rabi i',
  ],
  [
    ...['ربيع الاخر', 'ربيع اخر', 'ربيع الثاني', 'ربيع ثاني'],
    ...['rabi al thani', 'rabi ul thani', 'rabi al thany', 'rabi al akhir', 'rabi ul akhir', 'rabi al akhar'],
    ...['rabia al thani', 'rabiul thani', 'rabiul akhir', 'rabi ii'],
  ],
  [
    ...['جمادي الاولي', 'جمادي الاول', 'جمادي اول', 'جماد اول', 'جماد الاول'],
    ...['jumada al ula', 'jumada al oola', 'jumada al awwal', 'jumada ul ula', 'jumadal ula', 'jumada i'],
    ...['jamadi al awwal', 'jumada al ola'],
  ],
  [
    ...[
      'جمادي الاخره',
      'جمادي الاخر',
      'جمادي الثانيه',
      'جمادي الثاني',
      'جمادي ثاني',
      'جماد ثاني',
      'جماد اخر',
    ],
    ...['jumada al akhirah', 'jumada al akhira', 'jumada al akhir', 'jumada al thani', 'jumada al thaniyah'],
    ...[
      'jumada ul akhira',
      'jumadal akhira',
      'jumadal thani',
      'jumada ii',
      'jamadi al thani',
      'jamadi al akhir',
    ],
  ],
  ['رجب', 'rajab'],
  ['شعبان', 'shaban', 'shaaban', 'shabaan'],
  ['رمضان', 'ramadan', 'ramadhan', 'ramazan', 'ramzan'],
  ['شوال', 'shawwal', 'shawal', 'shauwal'],
  [
    ...['ذو القعده', 'ذي القعده', 'ذو القعد', 'ذي القعد'],
    ...['dhu al qadah', 'dhu al qidah', 'dhul qadah', 'dhul qidah', 'dhu al qaadah', 'dhul qaadah'],
    ...['dhu al qada', 'dhul qada', 'dhu al qiddah', 'zul qadah', 'zul qidah', 'thul qadah', 'zulqada'],
  ],
  [
    ...['ذو الحجه', 'ذي الحجه'],
    ...['dhu al hijjah', 'dhul hijjah', 'dhu al hijja', 'dhul hijja', 'dhu al hijah', 'dhul hijah'],
    ...['zul hijjah', 'zul hijja', 'thul hijjah', 'zulhijja'],
  ],
];

/** January … December: Egyptian/Gulf names, the Levantine Syriac names, English with abbreviations. */
const GREGORIAN_MONTHS: MonthTable = [
  ['يناير', 'كانون الثاني', 'january', 'jan'],
  ['فبراير', 'شباط', 'february', 'feb'],
  ['مارس', 'اذار', 'march', 'mar'],
  ['ابريل', 'نيسان', 'april', 'apr'],
  ['مايو', 'ايار', 'may'],
  ['يونيو', 'يونيه', 'حزيران', 'june', 'jun'],
  ['يوليو', 'يوليه', 'تموز', 'july', 'jul'],
  ['اغسطس', 'اب', 'august', 'aug'],
  ['سبتمبر', 'ايلول', 'september', 'sep', 'sept'],
  ['اكتوبر', 'تشرين الاول', 'october', 'oct'],
  ['نوفمبر', 'تشرين الثاني', 'november', 'nov'],
  ['ديسمبر', 'كانون الاول', 'december', 'dec'],
];

/** A month name with spaces and apostrophes taken out, the form both sides are compared in. */
function monthKey(words: string): string {
  return words.replace(/[\s\p{Lm}'’`]/gu, '');
}

function byKey(calendar: Calendar, table: MonthTable): Array<[string, NamedMonth]> {
  return table.flatMap((names, index) =>
    names.map((name) => [monthKey(name), { calendar, month: index + 1 }] as [string, NamedMonth]),
  );
}

const MONTHS: ReadonlyMap<string, NamedMonth> = new Map([
  ...byKey('hijri', HIJRI_MONTHS),
  ...byKey('gregorian', GREGORIAN_MONTHS),
]);

/**
 * The month a name means, and its calendar: `monthByName('شوال')` is Hijri month 10, `monthByName('Mar')`
 * Gregorian month 3. Takes normalised words (spaces between them are ignored); undefined for anything else.
 */
export function monthByName(normalisedWords: string): NamedMonth | undefined {
  return MONTHS.get(monthKey(normalisedWords));
}
