import ar from '../../locales/ar.json';
import en from '../../locales/en.json';

/**
 * What a profile gets when it leaves these lists out. The ids are settings (routing and reports use
 * them); the names are texts, so they live in `locales/` under `profileDefaults` like every other text.
 */
type Group = keyof typeof ar.profileDefaults;

function named<G extends Group>(group: G, id: keyof (typeof ar.profileDefaults)[G] & string) {
  const text = (lang: Pick<typeof ar, 'profileDefaults'>) =>
    (lang.profileDefaults[group] as Record<string, string>)[id]!;
  return { ar: text(ar), en: text(en) };
}

const category = <G extends Group>(group: G, id: keyof (typeof ar.profileDefaults)[G] & string) => ({
  id,
  name: named(group, id),
});

export const DEFAULT_SURVEY_QUESTIONS = () => [
  { id: 'overall', type: 'rating' as const, text: named('survey', 'overall'), required: true },
  { id: 'speed', type: 'rating' as const, text: named('survey', 'speed'), required: false },
  { id: 'recommend', type: 'yesNo' as const, text: named('survey', 'recommend'), required: false },
  { id: 'comment', type: 'text' as const, text: named('survey', 'comment'), required: false },
];

export const DEFAULT_COMPLAINT_CATEGORIES = () => [
  category('complaintCategories', 'service-quality'),
  category('complaintCategories', 'delay'),
  category('complaintCategories', 'staff-conduct'),
  category('complaintCategories', 'other'),
];

export const DEFAULT_FIELD_HELP_KINDS = () => [
  category('fieldHelpKinds', 'health'),
  category('fieldHelpKinds', 'lost'),
  category('fieldHelpKinds', 'guidance'),
];

export const DEFAULT_REJECTION_REASONS = () => [
  category('rejectionReasons', 'not-eligible'),
  category('rejectionReasons', 'incomplete'),
  category('rejectionReasons', 'duplicate'),
];
