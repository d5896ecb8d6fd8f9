import { createHash, randomInt } from 'node:crypto';
import { GraphError, invalidParameter } from './graph-error';

export interface StoredMedia {
  bytes: Buffer;
  mimeType: string;
  filename?: string;
}

/** Meta's upload limits by media kind (sticker: animated; a static one is 100 KB). */
export const MEDIA_SIZE_LIMITS = {
  image: 5 * 1024 * 1024,
  document: 100 * 1024 * 1024,
  audio: 16 * 1024 * 1024,
  video: 16 * 1024 * 1024,
  sticker: 500 * 1024,
} as const;

export type MediaKind = keyof typeof MEDIA_SIZE_LIMITS;

/** The kind Meta files a MIME type under (webp images are stickers). */
export function mediaKind(mimeType: string): MediaKind {
  if (mimeType === 'image/webp') return 'sticker';
  if (mimeType === 'image/jpeg' || mimeType === 'image/png') return 'image';
  if (mimeType.startsWith('audio/')) return 'audio';
  if (mimeType.startsWith('video/')) return 'video';
  return 'document';
}

/** Uploaded and delivered media, by Meta-like numeric id. */
export class MediaStore {
  readonly files = new Map<string, StoredMedia>();

  add(media: StoredMedia): string {
    // Meta media ids are long decimal strings.
    const id = `${randomInt(1e6, 1e7)}${randomInt(1e8, 1e9)}`;
    this.files.set(id, media);
    return id;
  }

  get(id: string): StoredMedia | undefined {
    return this.files.get(id);
  }

  /** `GET /{version}/{media-id}`: where to download it and what it is. */
  info(id: string, baseUrl: string): Record<string, unknown> | undefined {
    const media = this.files.get(id);
    if (!media) return undefined;
    return {
      messaging_product: 'whatsapp',
      url: `${baseUrl}/media-download/${id}`,
      mime_type: media.mimeType,
      sha256: sha256(media.bytes),
      file_size: media.bytes.length,
      id,
    };
  }

  /**
   * `POST /{phone-number-id}/media`, multipart/form-data with `messaging_product=whatsapp`, `type=<mime>`
   * and `file`: stores the file and returns its id, or throws Meta's refusal.
   */
  async upload(body: Buffer, contentType: string): Promise<string> {
    if (!contentType.startsWith('multipart/form-data'))
      throw invalidParameter('Media upload must be multipart/form-data');
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw invalidParameter('Media upload body is not valid multipart/form-data');
    }
    if (form.get('messaging_product') !== 'whatsapp')
      throw invalidParameter("Param messaging_product must be 'whatsapp'");
    const file = form.get('file');
    if (file === null || typeof file === 'string') throw invalidParameter('Param file must be a file');
    const type = form.get('type');
    const mimeType = typeof type === 'string' && type !== '' ? type : file.type;
    if (!mimeType) throw invalidParameter('Param type is required (the MIME type of the file)');
    const bytes = Buffer.from(await file.arrayBuffer());
    if (bytes.length === 0) throw invalidParameter('Param file must not be empty');
    const kind = mediaKind(mimeType);
    if (bytes.length > MEDIA_SIZE_LIMITS[kind])
      throw new GraphError(
        400,
        131053,
        '(#131053) Media upload error',
        `${kind} file size ${bytes.length} bytes is over the ${MEDIA_SIZE_LIMITS[kind]} byte limit`,
      );
    return this.add({
      bytes,
      mimeType,
      ...(file.name && file.name !== 'blob' ? { filename: file.name } : {}),
    });
  }
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
