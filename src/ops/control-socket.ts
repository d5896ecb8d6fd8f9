import { chmodSync, existsSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Database } from '../store/database';
import {
  existingStaffAccount,
  saveStaffAccount,
  StaffAccountProblem,
  StaffAccountRequest,
} from './staff-accounts';

/**
 * The running app's control socket: a Unix socket in the data folder, open to its owner only (the
 * folder is 0700, the socket 0600). With the embedded database, PGlite allows one process per data
 * folder, so `npm run staff:create` cannot open it while the app runs; it asks the app through this
 * socket instead. Nothing here listens on the network, and whoever can reach the socket could read the
 * database files beside it anyway.
 */
export const controlSocketPath = (dataDir: string): string =>
  path.join(path.resolve(dataDir), 'control.sock');

const MAX_BODY_BYTES = 16 * 1024;
/** A Unix socket's path is at most 107 bytes on Linux and 103 on macOS. */
const MAX_SOCKET_PATH_BYTES = 100;

/** Serves `GET /staff-accounts/<id>` and `POST /staff-accounts` on the socket until `close`. */
export async function startControlSocket(o: {
  dataDir: string;
  db: Database;
  logger: Logger;
}): Promise<{ close(): Promise<void> }> {
  const socket = controlSocketPath(o.dataDir);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH_BYTES) {
    o.logger.warn(
      { socket },
      'no control socket: the data folder path is too long for one; staff:create needs the app stopped',
    );
    return { close: async () => undefined };
  }
  // A socket file left by a process that died: this process holds the data folder's lock now.
  rmSync(socket, { force: true });
  const server = http.createServer((req, res) => {
    void answer(req, o).then(
      ({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      },
      (err: unknown) => {
        o.logger.error({ err }, 'control socket request failed');
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'the app failed; its log says why' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  chmodSync(socket, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          if (existsSync(socket)) rmSync(socket, { force: true });
          resolve();
        });
      }),
  };
}

type Answer = { status: number; body: Record<string, unknown> };

async function answer(req: http.IncomingMessage, o: { db: Database; logger: Logger }): Promise<Answer> {
  const url = req.url ?? '';
  const lookup = /^\/staff-accounts\/([a-z][a-z0-9-]{0,63})$/.exec(url);
  if (req.method === 'GET' && lookup) {
    const found = await existingStaffAccount(o.db, lookup[1]!);
    return { status: 200, body: { exists: found !== undefined, ...(found ? { name: found.name } : {}) } };
  }
  if (req.method !== 'POST' || url !== '/staff-accounts') {
    return { status: 404, body: { error: `no such command: ${req.method} ${url}` } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(req));
  } catch (error) {
    return { status: 400, body: { error: `the request is not JSON: ${(error as Error).message}` } };
  }
  const request = StaffAccountRequest.safeParse(parsed);
  if (!request.success) {
    const fields = request.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    return { status: 400, body: { error: fields.join('; ') } };
  }
  try {
    const message = await saveStaffAccount(o.db, request.data);
    o.logger.info(
      { staffId: request.data.id, reset: request.data.resetPassword },
      'staff account saved by staff:create',
    );
    return { status: 200, body: { message } };
  } catch (error) {
    if (error instanceof StaffAccountProblem) return { status: 409, body: { error: error.message } };
    throw error;
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The client side: one request to the running app's socket. Throws ENOENT/ECONNREFUSED when none runs. */
export function askRunningApp(
  dataDir: string,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: controlSocketPath(dataDir), method, path: url }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
