import type { FastifyInstance } from 'fastify';
import { webhookSecretMatches } from '../../telegram/webhook-secret';
import { CloudWebhookBody } from './cloud-webhook-payload';
import { SIGNATURE_HEADER, signatureMatches } from './webhook-signature';
import { NotReceivingError } from './not-receiving-error';
import type { WhatsAppCloudChannel } from './whatsapp-cloud-channel';

/**
 * The Cloud API's webhook at `WHATSAPP_CLOUD_WEBHOOK_PATH` (docs/channels/whatsapp-cloud.md):
 * - `GET`: Meta's verification handshake. `hub.mode=subscribe` with our verify token (compared in
 *   constant time) is answered with `hub.challenge` as plain text; anything else 403.
 * - `POST`: a delivery, accepted only with a valid `X-Hub-Signature-256` of its raw bytes (else 401, and
 *   nothing is read); 400 with the field path for a body that is not a WhatsApp delivery; 200 once every
 *   message in it was accepted and every status recorded; 503 while the channel is not receiving and 5xx
 *   when the store fails, so Meta delivers it again (repeats are dropped by message id).
 */
export async function cloudWebhookRoutes(
  app: FastifyInstance,
  opts: { channel: WhatsAppCloudChannel },
): Promise<void> {
  const { channel } = opts;
  const { path, appSecret, verifyToken } = channel.webhook;

  // The signature covers the raw bytes: this plugin's JSON is read from a buffer, by us, after the check.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get(path, async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const challenge = query['hub.challenge'];
    if (
      query['hub.mode'] !== 'subscribe' ||
      typeof challenge !== 'string' ||
      !webhookSecretMatches(query['hub.verify_token'], verifyToken)
    ) {
      req.log.warn('WhatsApp webhook verification with a wrong mode or verify token');
      return reply.code(403).send({ error: 'ERR_FORBIDDEN', message: 'wrong hub.mode or hub.verify_token' });
    }
    return reply.code(200).type('text/plain').send(challenge);
  });

  app.post(path, { bodyLimit: 3 * 1024 * 1024 }, async (req, reply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!signatureMatches(raw, req.headers[SIGNATURE_HEADER], appSecret)) {
      req.log.warn('WhatsApp webhook delivery with a missing or wrong signature: refused');
      return reply.code(401).send({
        error: 'ERR_SIGNATURE',
        message: 'missing or wrong X-Hub-Signature-256 for this app secret',
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply
        .code(400)
        .send({ error: 'ERR_VALIDATION', issues: [{ path: '(body)', message: 'not JSON' }] });
    }
    const body = CloudWebhookBody.safeParse(json);
    if (!body.success) {
      return reply.code(400).send({
        error: 'ERR_VALIDATION',
        issues: body.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
      });
    }
    try {
      await channel.handleDelivery(body.data);
    } catch (error) {
      if (!(error instanceof NotReceivingError)) throw error;
      return reply.code(503).send({ error: error.code, message: error.message });
    }
    return reply.code(200).send();
  });
}
