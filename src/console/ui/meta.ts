import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { boot } from './boot';

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
  intakeChannels: string[];
  staff: { id: string; name: string }[];
}

let loading: Promise<Meta | null> | null = null;

/** The profile's services, categories and channels, fetched once per page; null until they arrive. */
export function useMeta(): Meta | null {
  const [meta, setMeta] = useState<Meta | null>(null);
  useEffect(() => {
    loading ??= api<Meta>('GET', '/api/meta').then((result) => (result.ok ? result.data : null));
    void loading.then(setMeta);
  }, []);
  return meta;
}
