import type { FieldCipher } from '../security/field-cipher';
import type { DocumentStore, StoredDocument } from './document-store';
import { sniffMimeType } from './sniff-mime';
import { createHash } from 'node:crypto';

/**
 * Documents sealed at rest: the bytes on disk are AES-256-GCM ciphertext; refs, checksums and
 * sniffed types describe the plain file, so the rest of the system never sees the difference.
 */
export class EncryptedDocumentStore implements DocumentStore {
  constructor(
    private readonly inner: DocumentStore,
    private readonly cipher: FieldCipher,
  ) {}

  async put(bytes: Buffer, meta: { fileName?: string; declaredMimeType?: string }): Promise<StoredDocument> {
    const stored = await this.inner.put(this.cipher.sealBytes(bytes), meta);
    // The inner store named and typed the ciphertext: describe the plain file instead.
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { ...stored, sha256, sizeBytes: bytes.length, mimeType: sniffMimeType(bytes) };
  }

  async get(ref: string): Promise<Buffer> {
    return this.cipher.openBytes(await this.inner.get(ref));
  }

  async delete(ref: string): Promise<void> {
    await this.inner.delete(ref);
  }
}
