import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** Asked every few seconds by a load balancer, an orchestrator or Prometheus. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);
const isProbe = (request: FastifyRequest) => PROBES.has(request.url.split('?')[0] ?? '');

/**
 * Fastify's request lines ("incoming request", "request completed") at info, except for health probes and
 * metrics scrapes: those are logged at debug, or two info lines every few seconds bury everything else.
 * A probe that errors is still logged as Fastify does.
 */
export class ProbeQuietLogController extends LogController {
  override incomingRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (!isProbe(request)) return super.incomingRequest(request, reply, metadata);
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (error || !isProbe(request)) return super.requestCompleted(error, request, reply, metadata);
    if (!this.isLogDisabled(request))
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
