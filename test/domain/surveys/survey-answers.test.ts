import { isLaterWord, isSkipWord, parseRating } from '../../../src/domain/surveys/survey-answers';

describe('parseRating', () => {
  it.each([
    ['٤', 4],
    ['4', 4],
    ['۵', 5],
    ['4/5', 4],
    ['٤ من ٥', 4],
    ['3 out of 5', 3],
    ['٥ نجوم', 5],
    ['2 stars', 2],
    ['⭐⭐⭐⭐', 4],
    ['⭐️⭐️⭐️', 3],
    ['🌟', 1],
    ['ممتاز', 5],
    ['ممتازة!', 5],
    ['جيد جداً', 4],
    ['جيّد', 3],
    ['مقبول', 2],
    ['سيّء', 1],
    ['ضعيف', 1],
    ['Excellent!', 5],
    ['very good', 4],
    ['poor', 1],
  ])('reads %j as %d', (text, rating) => {
    expect(parseRating(text)).toBe(rating);
  });

  it.each(['', '0', '6', '10', '4.5', '⭐⭐⭐⭐⭐⭐', '⭐ جيد', 'hello', 'رائع جدا جدا', '5 apples'])(
    'does not read %j as a rating',
    (text) => {
      expect(parseRating(text)).toBeUndefined();
    },
  );
});

describe('skip and later words', () => {
  it.each(['تخطي', 'تخطّى', 'لا يوجد', 'Skip', 'no comment'])('%j skips a question', (text) => {
    expect(isSkipWord(text)).toBe(true);
    expect(isLaterWord(text)).toBe(false);
  });

  it.each(['لاحقًا', 'لاحقاً', 'بعدين', 'Later', 'not now'])('%j leaves the survey for later', (text) => {
    expect(isLaterWord(text)).toBe(true);
    expect(isSkipWord(text)).toBe(false);
  });

  it('does not take an ordinary comment for either', () => {
    expect(isSkipWord('الخدمة ممتازة')).toBe(false);
    expect(isLaterWord('الخدمة ممتازة')).toBe(false);
  });
});
