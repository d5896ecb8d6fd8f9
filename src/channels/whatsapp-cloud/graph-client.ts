/** Where the Graph API is and who we are on it (`WHATSAPP_CLOUD_*`, docs/channels/whatsapp-cloud.md). */
export interface GraphApiConfig {
  /** `https://graph.facebook.com`, or a local stand-in in tests. */
  baseUrl: string;
  /** `v21.0`. */
  version: string;
  phoneNumberId: string;
  /** A System User's permanent token with `whatsapp_business_messaging`. */
  accessToken: string;
  /** How long one call may take before it counts as failed (retryable). Default 30 s. */
  timeoutMs?: number;
}

/** What the Graph API answered with an error body, or a transport failure (`httpStatus` 0). */
export class GraphApiError extends Error {
  constructor(
    readonly httpStatus: number,
    /** Meta's error code (131047, 130429, 190…); 0 for a transport failure. */
    readonly code: number,
    message: string,
    readonly details?: string,
    readonly subcode?: number,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }
}

/** A media object as `GET /{media-id}` describes it. */
export interface MediaInfo {
  url: string;
  mimeType?: string;
  sizeBytes?: number;
}

type ErrorBody = {
  error?: { message?: string; code?: number; error_subcode?: number; error_data?: { details?: string } };
};

/**
 * The few Graph API calls the Cloud channel makes, over `fetch`: send a message, upload a file, describe
 * and download a file. Every failure is a {@link GraphApiError} carrying Meta's code, which
 * `classifyGraphError` maps to retry, template or give up.
 */
export class GraphClient {
  private readonly root: string;

  constructor(private readonly config: GraphApiConfig) {
    this.root = `${config.baseUrl.replace(/\/+$/, '')}/${config.version}`;
  }

  /** `POST /{phone-number-id}/messages`; returns the message id (`wamid.…`). */
  async sendMessage(body: Record<string, unknown>): Promise<string> {
    const answer = await this.call<{ messages?: { id?: string }[] }>(
      `${this.root}/${this.config.phoneNumberId}/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...body }),
      },
    );
    const id = answer.messages?.[0]?.id;
    if (!id) throw new GraphApiError(200, 0, 'the Graph API accepted a message without giving its id');
    return id;
  }

  /** `POST /{phone-number-id}/media` (multipart); returns the media id to send by. */
  async uploadMedia(bytes: Buffer, mimeType: string, fileName: string): Promise<string> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', mimeType);
    form.set('file', new Blob([bytes], { type: mimeType }), fileName);
    const answer = await this.call<{ id?: string }>(`${this.root}/${this.config.phoneNumberId}/media`, {
      method: 'POST',
      body: form,
    });
    if (!answer.id) throw new GraphApiError(200, 0, 'the Graph API stored a file without giving its id');
    return answer.id;
  }

  /** `GET /{media-id}`: where a file a person sent can be downloaded, its type and size. */
  async mediaInfo(mediaId: string): Promise<MediaInfo> {
    const answer = await this.call<{ url?: string; mime_type?: string; file_size?: number | string }>(
      `${this.root}/${encodeURIComponent(mediaId)}`,
      { method: 'GET' },
    );
    if (!answer.url) throw new GraphApiError(200, 0, `no download URL for media ${mediaId}`);
    const size = Number(answer.file_size);
    return {
      url: answer.url,
      ...(answer.mime_type ? { mimeType: answer.mime_type } : {}),
      ...(Number.isFinite(size) && size > 0 ? { sizeBytes: size } : {}),
    };
  }

  /** Downloads a media URL (it needs the token too); refuses more than `maxBytes`. */
  async download(url: string, maxBytes: number): Promise<Buffer | 'too-large'> {
    const response = await this.fetch(url, { method: 'GET' });
    if (!response.ok) throw await this.errorOf(response);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      return 'too-large';
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += (chunk as Uint8Array).length;
      if (size > maxBytes) return 'too-large';
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks);
  }

  private async call<T>(url: string, init: RequestInit): Promise<T> {
    const response = await this.fetch(url, init);
    if (!response.ok) throw await this.errorOf(response);
    return (await response.json()) as T;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: `Bearer ${this.config.accessToken}`,
        },
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new GraphApiError(
        0,
        0,
        `the Graph API could not be reached: ${(err as Error).message}${cause ? ` (${cause})` : ''}`,
      );
    }
  }

  private async errorOf(response: Response): Promise<GraphApiError> {
    const text = await response.text().catch(() => '');
    let body: ErrorBody = {};
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    const error = body.error ?? {};
    return new GraphApiError(
      response.status,
      error.code ?? 0,
      error.message ?? `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
      error.error_data?.details,
      error.error_subcode,
    );
  }
}
