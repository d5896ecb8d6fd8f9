import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentStore, StoredDocument } from './document-store';
import { makePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../security/private-files';
import { sniffMimeType } from './sniff-mime';

const REF = /^[a-f0-9]{64}$/;

/**
 * Documents in a folder, named by their SHA-256 (so the same file sent twice is stored once).
 * Writes go to a temporary name first, then rename: a crash never leaves half a file under its ref.
 */
export class FsDocumentStore implements DocumentStore {
  constructor(private readonly root: string) {}

  /** The folder (and any file already in it) is made its owner's only: documents hold personal data. */
  private privateRoot: Promise<void> | undefined;

  private ensureRoot(): Promise<void> {
    this.privateRoot ??= mkdir(this.root, { recursive: true, mode: PRIVATE_DIR_MODE }).then(() =>
      makePrivate(this.root),
    );
    return this.privateRoot;
  }

  async put(bytes: Buffer, meta: { fileName?: string; declaredMimeType?: string }): Promise<StoredDocument> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = this.pathOf(sha256);
    await this.ensureRoot();
    await mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, bytes, { mode: PRIVATE_FILE_MODE });
    await rename(temp, file);
    return {
      ref: sha256,
      sha256,
      sizeBytes: bytes.length,
      mimeType: sniffMimeType(bytes),
      fileName: meta.fileName,
    };
  }

  async get(ref: string): Promise<Buffer> {
    return readFile(this.pathOf(ref));
  }

  async delete(ref: string): Promise<void> {
    await rm(this.pathOf(ref), { force: true });
  }

  /** Every ref stored (maintenance: key rotation walks them). */
  async *refs(): AsyncGenerator<string> {
    const shards = await readdir(this.root).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    for (const shard of shards.sort()) {
      if (!/^[a-f0-9]{2}$/.test(shard)) continue;
      for (const name of (await readdir(path.join(this.root, shard))).sort()) {
        if (REF.test(name) && name.startsWith(shard)) yield name;
      }
    }
  }

  /**
   * Replaces the bytes kept under `ref`, atomically (temporary file, then rename). Key rotation re-seals a
   * document in place: its ref, which rows point to, stays the same.
   */
  async replace(ref: string, bytes: Buffer): Promise<void> {
    const file = this.pathOf(ref);
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, bytes, { mode: PRIVATE_FILE_MODE });
    await rename(temp, file);
  }

  private pathOf(ref: string): string {
    if (!REF.test(ref)) throw new Error(`not a document reference: ${ref.slice(0, 80)}`);
    return path.join(this.root, ref.slice(0, 2), ref);
  }
}
