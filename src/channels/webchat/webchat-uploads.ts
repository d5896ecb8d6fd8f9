import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DocumentStore } from '../../documents/document-store';
import { sniffMimeType } from '../../documents/sniff-mime';
import type { WebChatFloodGuard } from './webchat-flood-guard';
import type { UploadLimits } from '../../documents/upload-limits';
import type { WebChatChannel } from './webchat-channel';
import { badRequest, floodLimited, rateLimited, sendError, SessionParams } from './webchat-http';

const UploadHeaders = z.object({
  /** The file's name, percent-encoded (`encodeURIComponent`) so Arabic names survive HTTP headers. */
  'x-file-name': z
    .string()
    .max(1500)
    .transform((raw, ctx) => {
      try {
        const name = decodeURIComponent(raw).slice(0, 500);
        if (!name.includes('\u0000')) return name;
        ctx.addIssue({ code: 'custom', message: 'the file name holds a NUL character' });
        return z.NEVER;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not percent-encoded (use encodeURIComponent)' });
        return z.NEVER;
      }
    })
    .optional(),
  /** Like a message's `clientMessageId`: resending the same upload after a network error does not duplicate. */
  'x-client-message-id': z.string().min(1).max(100).optional(),
});
const DocumentParams = SessionParams.extend({
  ref: z.string().regex(/^[a-f0-9]{64}$/, 'not a document ref'),
});

/**
 * `POST /webchat/api/sessions/:sessionId/uploads` (the raw bytes as the body, any content type) and
 * `GET …/documents/:ref` (a document the bot sent this session). The declared type is never trusted:
 * the first bytes decide, checked against the allow-list before anything is stored.
 */
export async function webChatUploads(
  app: FastifyInstance,
  opts: {
    channel: WebChatChannel;
    documents?: DocumentStore;
    limits: UploadLimits;
    limiter: WebChatFloodGuard;
  },
): Promise<void> {
  const { channel, documents, limits } = opts;
  const maxMb = Math.round((limits.maxBytes / (1024 * 1024)) * 10) / 10;

  // In this plugin only: any body is a file, kept as bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.maxBytes }, (_req, body, done) =>
    done(null, body),
  );
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413)
      return sendError(reply, 'ERR_UPLOAD_TOO_LARGE', `the file is larger than ${maxMb} MB`, {
        maxBytes: limits.maxBytes,
      });
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415)
      return sendError(reply, 'ERR_UPLOAD_TYPE', 'send the file with its content-type', {
        allowed: limits.mimeTypes,
      });
    throw err;
  });

  app.post(
    '/webchat/api/sessions/:sessionId/uploads',
    {
      bodyLimit: limits.maxBytes,
      // Counted before the body is read: a flood of files costs a header each, not their bytes.
      onRequest: async (req, reply) => {
        const params = SessionParams.safeParse(req.params);
        if (params.success) return rateLimited(reply, opts.limiter, params.data.sessionId);
      },
    },
    async (req, reply) => {
      const params = SessionParams.safeParse(req.params);
      if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
      const headers = UploadHeaders.safeParse(req.headers);
      if (!headers.success) return reply.code(400).send(badRequest(headers.error.issues));
      if (!documents) return sendError(reply, 'ERR_UPLOADS_DISABLED', 'this web chat takes no files');
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (bytes.length === 0) {
        return reply.code(400).send({
          error: 'ERR_VALIDATION',
          issues: [{ path: '(body)', message: 'the file is empty' }],
        });
      }
      const mimeType = sniffMimeType(bytes);
      if (!limits.mimeTypes.includes(mimeType)) {
        return sendError(reply, 'ERR_UPLOAD_TYPE', `files of type ${mimeType} are not accepted`, {
          allowed: limits.mimeTypes,
        });
      }

      const { sessionId } = params.data;
      const fileName = headers.data['x-file-name'];
      const givenId = headers.data['x-client-message-id'];
      // A resend of an upload already taken in (a retry after a network error) stores nothing again.
      if (givenId !== undefined && (await channel.hasVisitorMessage(sessionId, givenId))) {
        return reply.code(202).send({
          status: 'duplicate',
          file: { fileName: fileName ?? null, mimeType, sizeBytes: bytes.length },
        });
      }
      // The same bytes this session sent before are not stored twice: the message points to the first copy
      // (a sealed store writes each upload under a new name, so it cannot tell by itself).
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const earlier = await channel.sentFile(sessionId, sha256);
      const stored = earlier
        ? { ref: earlier.ref, mimeType, sizeBytes: bytes.length }
        : await documents.put(bytes, { fileName, declaredMimeType: req.headers['content-type'] });
      /** A file stored for this upload that no message took in is removed at once, not left on disk. */
      const discard = async () => {
        if (earlier || (await channel.fileInUse(stored.ref))) return;
        await documents.delete(stored.ref);
      };
      const clientMessageId = givenId ?? `upload-${randomBytes(9).toString('base64url')}`;
      let result: Awaited<ReturnType<typeof channel.inbound>>;
      try {
        result = await channel.inbound({
          channel: 'webchat',
          channelMessageId: `${sessionId}-${clientMessageId}`,
          sender: { channelUserId: sessionId },
          text: '',
          media: [
            {
              kind: stored.mimeType.startsWith('image/') ? 'image' : 'document',
              mimeType: stored.mimeType,
              sizeBytes: stored.sizeBytes,
              fileName,
              ref: stored.ref,
              sha256,
            },
          ],
          receivedAt: new Date(),
        });
      } catch (err) {
        await discard().catch((e: unknown) =>
          req.log.warn({ err: e }, 'web chat upload: removing the file failed'),
        );
        throw err;
      }
      if (result.status !== 'accepted') await discard();
      if (result.status === 'rejected') {
        return reply.code(400).send({
          error: 'ERR_VALIDATION',
          issues: result.issues.map((m) => ({ path: '(message)', message: m })),
        });
      }
      if (result.status === 'limited') return floodLimited(reply, result.retryAfterMs);
      return reply.code(202).send({
        status: result.status,
        file: { fileName: fileName ?? null, mimeType: stored.mimeType, sizeBytes: stored.sizeBytes },
      });
    },
  );

  app.get('/webchat/api/sessions/:sessionId/documents/:ref', async (req, reply) => {
    const params = DocumentParams.safeParse(req.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
    const sent = documents && (await channel.sentDocument(params.data.sessionId, params.data.ref));
    if (!documents || !sent)
      return sendError(reply, 'ERR_NOT_FOUND', 'no such document in this conversation');
    const bytes = await documents.get(sent.ref);
    return reply
      .header('content-type', sent.mimeType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(sent.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .send(bytes);
  });
}
