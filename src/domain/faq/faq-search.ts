import { normaliseForMatching } from '../text/arabic-normalise';
import { lightStem, STOPWORDS } from '../text/arabic-stopwords';
import { nearlySame } from '../text/nearly-same';

/** Anything searchable: an FAQ entry or a service, with its texts in every language. */
export interface SearchDocument {
  id: string;
  /** Title texts (question, service name): matches here weigh most. */
  titles: string[];
  /** Extra words people use, any language. */
  keywords: string[];
  /** Body texts (answer, description): matches here weigh least. */
  bodies: string[];
}

export interface SearchHit {
  id: string;
  score: number;
}

function terms(text: string): string[] {
  return normaliseForMatching(text)
    .split(' ')
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map(lightStem);
}

/**
 * Free-text search over the profile's FAQ and services, tolerant of Arabic spelling variants
 * (hamza, taa marbuta, alef maqsura, diacritics, digits) and one-letter typos. Pure; fast enough
 * for a profile's few hundred entries without an index.
 */
export class FaqSearch {
  private readonly docs: { id: string; fields: { terms: Set<string>; weight: number }[] }[];

  constructor(documents: readonly SearchDocument[]) {
    this.docs = documents.map((d) => ({
      id: d.id,
      fields: [
        { terms: new Set(d.titles.flatMap(terms)), weight: 3 },
        { terms: new Set(d.keywords.flatMap(terms)), weight: 3 },
        { terms: new Set(d.bodies.flatMap(terms)), weight: 1 },
      ],
    }));
  }

  /** Best matches first; empty when nothing shares a meaningful word with the query. */
  search(query: string, limit = 5): SearchHit[] {
    const q = [...new Set(terms(query))];
    if (q.length === 0) return [];
    const hits: SearchHit[] = [];
    for (const doc of this.docs) {
      let score = 0;
      let matched = 0;
      for (const term of q) {
        let best = 0;
        for (const field of doc.fields) {
          if (field.weight <= best) continue;
          if (field.terms.has(term) || [...field.terms].some((t) => nearlySame(t, term))) best = field.weight;
        }
        if (best > 0) matched++;
        score += best;
      }
      // At least half the meaningful words must match, so one shared common word is not an answer.
      if (matched > 0 && matched * 2 >= q.length) hits.push({ id: doc.id, score: score / q.length });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
