import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { TelegramError, type Telegram } from 'telegraf';
import type { DocumentStore, StoredDocument } from '../documents/document-store';
import { redactToken } from './telegram-errors';

export type FetchedFile = { stored: StoredDocument } | { tooLarge: true; sizeBytes?: number };

export interface TelegramFilesOptions {
  telegram: Telegram;
  token: string;
  /** The Bot API root, ending in `/`. */
  apiRoot: string;
  documents: DocumentStore;
  maxBytes: number;
  timeoutMs?: number;
}

/**
 * Fetches a file a person sent (`getFile`, then `<apiRoot>/file/bot<token>/<file_path>`) into the
 * document store. The size is checked three times: the size Telegram reports, the download's
 * Content-Length, and the bytes actually read, so an oversized file is never held in memory whole.
 * A self-hosted Bot API server in `--local` mode answers with a path on its own disk instead: that
 * path is read directly (it must be mounted where Tawasul runs).
 */
export class TelegramFiles {
  constructor(private readonly options: TelegramFilesOptions) {}

  async fetch(fileId: string, meta: { fileName?: string; declaredMimeType?: string }): Promise<FetchedFile> {
    const { maxBytes } = this.options;
    let file;
    try {
      file = await this.options.telegram.getFile(fileId);
    } catch (error) {
      // The official server refuses getFile above 20 MB.
      if (error instanceof TelegramError && /too big/i.test(error.description)) return { tooLarge: true };
      throw error;
    }
    if (file.file_size !== undefined && file.file_size > maxBytes)
      return { tooLarge: true, sizeBytes: file.file_size };
    if (!file.file_path) throw new Error('telegram getFile answered without a file_path');

    const bytes = path.isAbsolute(file.file_path)
      ? await this.readLocal(file.file_path)
      : await this.download(file.file_path);
    if (bytes === 'too-large') return { tooLarge: true, sizeBytes: file.file_size };
    return { stored: await this.options.documents.put(bytes, meta) };
  }

  private async readLocal(filePath: string): Promise<Buffer | 'too-large'> {
    const { size } = await stat(filePath);
    return size > this.options.maxBytes ? 'too-large' : readFile(filePath);
  }

  private async download(filePath: string): Promise<Buffer | 'too-large'> {
    const { apiRoot, token, maxBytes } = this.options;
    const url = new URL(`./file/bot${token}/${filePath}`, apiRoot);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) });
    } catch (error) {
      // fetch's message can carry the URL, and with it the token.
      throw new Error(redactToken(`telegram file download failed: ${(error as Error).message}`), {
        cause: (error as Error).name,
      });
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`telegram file download failed: HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > maxBytes) {
      await response.body.cancel();
      return 'too-large';
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return 'too-large';
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  }
}
