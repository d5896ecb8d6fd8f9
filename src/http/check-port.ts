import net from 'node:net';
import { StartupError } from '../config/startup-error';

/**
 * Binds `host:port` for an instant and lets it go: start-up checks the HTTP port first, so a port in use
 * stops it in a second rather than after the database, Redis and the channels have started. Throws what
 * {@link listenError} makes of the failure. Port 0 (any free port) needs no check.
 */
export async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const server = net.createServer();
  const failed = await new Promise<Error | undefined>((resolve) => {
    server.once('error', resolve);
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
  if (failed) throw listenError(failed, host, port);
}

/**
 * What the operator should do about a failed `listen` on HTTP_HOST:HTTP_PORT; any other error as it is.
 * Used by the early check and by the real listen (the port may be taken in between).
 */
export function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host}:${port} (HTTP_HOST=${host}, HTTP_PORT=${port})`;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      'ERR_PORT_IN_USE',
      `${where} is already in use (EADDRINUSE): is another Tawasul running? Stop it, or choose another ` +
        'port with HTTP_PORT',
      { cause: error },
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new StartupError(
      'ERR_HTTP_HOST',
      `cannot listen on ${where}: the host is not an address of this machine (${code}); set HTTP_HOST to ` +
        '127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces)',
      { cause: error },
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      'ERR_PORT_PRIVILEGED',
      `cannot listen on ${where}: ports below 1024 need privileges (EACCES); choose HTTP_PORT 1024 or ` +
        'above and put a reverse proxy in front',
      { cause: error },
    );
  }
  return error;
}
