/** What is known of a stored file. `ref` is opaque; `sha256` is the hex checksum of the bytes. */
export interface StoredDocument {
  ref: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  fileName?: string;
}

/**
 * Documents live outside database rows (the rows keep the ref and checksum). Implementations:
 * `FsDocumentStore` (a folder under DATA_DIR). The declared type of an upload is never trusted:
 * `put` sniffs the bytes and records what they really are.
 */
export interface DocumentStore {
  put(bytes: Buffer, meta: { fileName?: string; declaredMimeType?: string }): Promise<StoredDocument>;
  get(ref: string): Promise<Buffer>;
  /** Removes the bytes (deletion requests, retention); a missing ref is not an error. */
  delete(ref: string): Promise<void>;
}
