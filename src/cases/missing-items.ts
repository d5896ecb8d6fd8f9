import type { Service } from '../config/profile-schema';
import { localized } from '../config/localized';
import type { Lang } from '../domain/lang';
import type { MissingItems } from '../store/info-request-repository';
import { CaseError } from './rules/case-error';

/**
 * The missing items staff named, checked against the request's service: known ids only, each once, in
 * the service's order. Undefined when none were named (a reason alone, as before).
 */
export function checkMissing(
  missing: MissingItems | undefined,
  service: Service | undefined,
): MissingItems | undefined {
  if (!missing || missing.fields.length + missing.documents.length === 0) return undefined;
  const fields = new Set(missing.fields);
  const documents = new Set(missing.documents);
  const known = {
    fields: (service?.fields ?? []).map((f) => f.id),
    documents: (service?.documents ?? []).map((d) => d.id),
  };
  const unknown = [
    ...[...fields].filter((id) => !known.fields.includes(id)),
    ...[...documents].filter((id) => !known.documents.includes(id)),
  ];
  if (unknown.length > 0) throw new CaseError('ERR_UNKNOWN_MISSING_ITEM', unknown.join(', '));
  return {
    fields: known.fields.filter((id) => fields.has(id)),
    documents: known.documents.filter((id) => documents.has(id)),
  };
}

/** The missing items as the applicant reads them: one line each, in their language. */
export function missingList(service: Service, missing: MissingItems, lang: Lang): string {
  const labels = [
    ...service.fields.filter((f) => missing.fields.includes(f.id)).map((f) => f.label),
    ...service.documents.filter((d) => missing.documents.includes(d.id)).map((d) => d.label),
  ];
  return labels.map((label) => `• ${localized(label, lang)}`).join('\n');
}
