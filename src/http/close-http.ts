import type { FastifyInstance } from 'fastify';

/**
 * Closes the HTTP server for a graceful stop: no new connection is taken, requests under way finish,
 * and keep-alive connections are closed as soon as they are idle. Node's `server.close()` closes only
 * the connections idle at that instant; one that finishes its request a moment later would be kept
 * open by the client (Fastify's keep-alive is 72 s) and hold the stop until the process is killed.
 * After `graceMs` whatever is still open is closed, so a slow client cannot hold it either.
 */
export async function closeHttp(app: FastifyInstance, graceMs = 5_000): Promise<void> {
  const idle = setInterval(() => app.server.closeIdleConnections(), 50);
  const cutoff = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearInterval(idle);
    clearTimeout(cutoff);
  }
}
