import type { Profile } from '../config/profile-schema';

/** What a file people (web chat) or staff (the console's inbox) upload may be: the file's real (sniffed) type and its size. */
export interface UploadLimits {
  maxBytes: number;
  mimeTypes: readonly string[];
}

/** The limits of a document the profile asks for when it sets none: images and PDFs up to 10 MB. */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 10 * 1024 * 1024,
  mimeTypes: ['image/jpeg', 'image/png', 'application/pdf'],
};

/**
 * The same limits as the profile's required documents: any type one of them accepts, up to the largest
 * size one of them allows (never more than 10 MB: the web chat is not a file store). A document whose
 * own limits are narrower is checked again by the flow that asks for it.
 */
export function uploadLimitsFromProfile(profile: Profile): UploadLimits {
  const documents = profile.services.flatMap((s) => s.documents);
  if (documents.length === 0) return DEFAULT_UPLOAD_LIMITS;
  return {
    maxBytes: Math.min(DEFAULT_UPLOAD_LIMITS.maxBytes, Math.max(...documents.map((d) => d.maxBytes))),
    mimeTypes: [...new Set(documents.flatMap((d) => d.mimeTypes))].sort(),
  };
}
