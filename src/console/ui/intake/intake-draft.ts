import type { MetaService } from '../meta';

/** The intake form as staff fill it in, before it becomes the body of `POST /api/intake`. */
export interface IntakeDraft {
  kind: 'request' | 'complaint';
  channel: string;
  receivedOn: string;
  /** The one mobile: it finds the person and answers the service form's mobile field. */
  mobile: string;
  fullName: string;
  beneficiaryId: string | null;
  serviceId: string;
  /** By field id; a name field not typed in follows the full name above. */
  fields: Record<string, string>;
  documentsSeen: string[];
  declaration: 'signedForm' | 'verbal';
  note: string;
  ticketKind: 'complaint' | 'suggestion' | 'compensation';
  categoryId: string;
  description: string;
}

/** A name field of the service's form, filled from the full name until staff type in it. */
const isNameField = (id: string) => /name/.test(id);

/** What a field of the service form shows: what staff typed, or the full name for a name field. */
export function fieldValue(draft: IntakeDraft, field: { id: string; type: string }): string {
  const typed = draft.fields[field.id];
  if (typed !== undefined) return typed;
  return field.type === 'text' && isNameField(field.id) ? draft.fullName : '';
}

/** The required documents of the service nobody ticked yet as seen. */
export function missingDocuments(draft: IntakeDraft, service: MetaService | undefined) {
  return (service?.documents ?? []).filter((d) => d.required && !draft.documentsSeen.includes(d.id));
}

/** The body of `POST /api/intake` (docs/console.md): only what applies to the kind, nothing empty. */
export function intakeBody(draft: IntakeDraft, service: MetaService | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: draft.kind, channel: draft.channel };
  if (draft.receivedOn) body.receivedOn = draft.receivedOn;
  const mobile = draft.mobile.trim();
  if (mobile) body.mobile = mobile;
  if (mobile && draft.beneficiaryId) body.beneficiaryId = draft.beneficiaryId;
  if (draft.fullName.trim()) body.fullName = draft.fullName.trim();
  if (draft.kind === 'complaint') {
    body.ticketKind = draft.ticketKind;
    if (draft.ticketKind !== 'suggestion') body.categoryId = draft.categoryId;
    body.description = draft.description;
    return body;
  }
  body.serviceId = draft.serviceId;
  const fields: Record<string, string> = {};
  // The mobile field is left out: the server takes the mobile above for it.
  for (const field of service?.fields ?? []) {
    const value = field.type === 'mobile' ? '' : fieldValue(draft, field).trim();
    if (value) fields[field.id] = value;
  }
  body.fields = fields;
  body.documentsSeen = draft.documentsSeen.filter((d) => service?.documents.some((s) => s.id === d));
  body.declaration = draft.declaration;
  if (draft.note.trim()) body.note = draft.note.trim();
  return body;
}
