import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { boot, label } from './boot';

/** A name the profile gives in both languages (English may be missing). */
export interface Named {
  ar: string;
  en?: string;
}

export interface MetaField {
  id: string;
  label: Named;
  type: string;
  options?: { id: string; label: Named }[];
}

export interface MetaService {
  id: string;
  name: Named;
  category: string;
  fields: MetaField[];
  documents: { id: string; label: Named; required: boolean }[];
}

/** `GET /api/meta`: what the pages need to draw forms and filters (src/console/http/meta-routes.ts). */
export interface Meta {
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

/** A profile name in the page's language (Arabic when it has no English). */
export function named(text: Named | null | undefined): string {
  if (!text) return '';
  return boot.lang === 'en' ? (text.en ?? text.ar) : text.ar;
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
