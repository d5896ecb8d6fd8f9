import net from 'node:net';

/**
 * A TCP relay between the app and a server (PostgreSQL, Redis) that the test can cut: `cut(ms)`
 * resets every open connection and turns new ones away for `ms`, as a network failure or a server
 * behind a failing load balancer would. The app is given the relay's port instead of the server's.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private cutUntil = 0;
  port = 0;
  cuts = 0;
  connections = 0;

  constructor(
    /** Where connections go; may be changed before `listen` (a server started after the relay). */
    public target: { host: string; port: number },
    readonly name: string,
  ) {}

  async listen(): Promise<number> {
    const server = net.createServer((client) => this.relay(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Resets every connection and refuses new ones for `ms`. */
  async cut(ms: number): Promise<void> {
    this.cuts++;
    this.cutUntil = Date.now() + ms;
    for (const socket of this.sockets) socket.resetAndDestroy();
    await new Promise((r) => setTimeout(r, ms));
  }

  /** Resets the open connections once (a server restart seen from the app), new ones pass. */
  dropAll(): void {
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private relay(client: net.Socket): void {
    if (Date.now() < this.cutUntil) {
      client.resetAndDestroy();
      return;
    }
    this.connections++;
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        // One side gone: the other goes too (a half-open relay would hide the failure from the app).
        (socket === client ? upstream : client).destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
