import { MATCHING_FOLDS } from '../domain/text/arabic-normalise';

/**
 * SQL that folds a text column as `normaliseForMatching` folds the words searched for (hamza forms,
 * ta marbuta/ha, alef maqsura/ya, tashkeel, tatweel, digits, punctuation), from the normaliser's own
 * tables, so «نوره» meets «نورة» in the database as it does in the bot's FAQ search. `p` adds a query
 * parameter and returns its placeholder; the tables are added once, on first use.
 */
export function matchingFold(p: (value: unknown) => string): (expression: string) => string {
  let params: { removed: string; from: string; to: string; punctuation: string } | undefined;
  return (expression) => {
    params ??= {
      removed: `${p(MATCHING_FOLDS.removed)}::text`,
      from: `${p(MATCHING_FOLDS.from)}::text`,
      to: `${p(MATCHING_FOLDS.to)}::text`,
      punctuation: `${p(MATCHING_FOLDS.punctuation)}::text`,
    };
    const { removed, from, to, punctuation } = params;
    const bare = `translate(regexp_replace(lower(${expression}), ${removed}, '', 'g'), ${from}, ${to})`;
    return `btrim(regexp_replace(regexp_replace(${bare}, ${punctuation}, ' ', 'g'), '\\s+', ' ', 'g'))`;
  };
}
