import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { boot, label } from './boot';

/** A profile text: Arabic always, English when the profile gives it. */
export interface Named {
  ar: string;
  en?: string;
}

/** A profile text in the page's language (Arabic when the profile has no English). */
export function named(text: Named | null | undefined): string {
  if (!text) return '';
  return boot.lang === 'en' ? (text.en ?? text.ar) : text.ar;
}

/** A field of a service's form, as the profile declares it (src/config/profile-schema.ts). */
export interface ServiceField {
  id: string;
  type: 'text' | 'number' | 'choice' | 'date' | 'nationalId' | 'mobile' | 'city';
  label: Named;
  required: boolean;
  hint?: Named;
  /** A choice field's options. */
  options?: ({ id: string; label: Named } | Named)[];
}

export interface MetaService {
  id: string;
  name: Named;
  category: string;
  fields: ServiceField[];
  documents: { id: string; label: Named; required: boolean }[];
}

/** What `GET /api/meta` tells the pages to draw forms and filters. */
export interface Meta {
  association: Named;
  timeZone: string;
  today: string;
  services: MetaService[];
  categories: { id: string; name: Named }[];
  complaintCategories: { id: string; name: Named }[];
  rejectionReasons: { id: string; name: Named }[];
  channels: string[];
  intakeChannels: string[];
  statuses: { request: string[]; complaint: string[] };
  staff: { id: string; name: string }[];
}

let loaded: Promise<Meta | null> | null = null;

/** The meta data, fetched once per page however many components ask; null until it has come. */
export function useMeta(): Meta | null {
  const [meta, setMeta] = useState<Meta | null>(null);
  useEffect(() => {
    loaded ??= api<Meta>('GET', '/api/meta').then((r) => (r.ok ? r.data : null));
    void loaded.then(setMeta);
  }, []);
  return meta;
}

/** Names of what the meta data lists, by id; the id itself when the profile no longer has it. */
export function metaNames(meta: Meta) {
  const service = (id: string | null) => meta.services.find((s) => s.id === id);
  const staffName = (id: string | null) => meta.staff.find((s) => s.id === id)?.name ?? id ?? '';
  return {
    service,
    serviceName: (id: string | null) => named(service(id)?.name) || (id ?? ''),
    categoryName: (id: string | null) =>
      named([...meta.categories, ...meta.complaintCategories].find((c) => c.id === id)?.name) || (id ?? ''),
    staffName,
    /** Who did something: a staff member by name, or the system's actors (`bot`, `clock`…) by label. */
    actorName: (actor: string) => {
      const [kind, ...rest] = actor.split(':');
      return kind === 'staff' ? staffName(rest.join(':')) : label('actors', kind ?? actor);
    },
    documentLabel: (serviceId: string | null, documentId: string) =>
      named(service(serviceId)?.documents.find((d) => d.id === documentId)?.label) || documentId,
    fieldLabel: (serviceId: string | null, fieldId: string) =>
      named(service(serviceId)?.fields.find((f) => f.id === fieldId)?.label) || fieldId,
  };
}

export type MetaNames = ReturnType<typeof metaNames>;
