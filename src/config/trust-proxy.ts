import { isIP } from 'node:net';
import { invalid, type Invalid } from './env-parsers';

/**
 * Which reverse proxies in front of Tawasul may say who the client is (X-Forwarded-For): none (`false`),
 * the nearest `n` hops, or the proxies at these addresses or networks. Never "everyone": then the
 * leftmost X-Forwarded-For address, which the client writes itself, would count as the client, and the
 * sign-in lock-out, which counts addresses, could be escaped by sending a new one each time.
 */
export type TrustProxy = false | number | readonly string[];

/** Names `proxy-addr` (Fastify's) knows for whole ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 10;

const HOW =
  'give the number of reverse proxies in front of Tawasul (e.g. HTTP_TRUST_PROXY=1 for one nginx or load ' +
  'balancer) or their addresses, comma-separated (e.g. HTTP_TRUST_PROXY=10.0.0.5 or 10.0.0.0/24,loopback); ' +
  'false when clients connect directly';

function isAddressOrNetwork(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** HTTP_TRUST_PROXY: `false`/`0`/`no`, a hop count, or a list of addresses/CIDRs; `true` is refused. */
export function parseTrustProxy(raw: string): TrustProxy | Invalid {
  const value = raw.trim().toLowerCase();
  if (value === 'false' || value === 'no' || value === '0') return false;
  if (value === 'true' || value === 'yes') {
    return invalid(
      `no longer takes true (it trusted any address the client wrote in X-Forwarded-For); ${HOW}`,
    );
  }
  if (/^\d{1,9}$/.test(value)) {
    const hops = Number(value);
    return hops <= MAX_HOPS ? hops : invalid(`counts at most ${MAX_HOPS} proxies; ${HOW}`);
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const wrong = entries.filter((entry) => !isAddressOrNetwork(entry));
  if (entries.length === 0 || wrong.length > 0) {
    return invalid(`${wrong.length > 0 ? `is not an address or network: ${wrong.join(', ')}; ` : ''}${HOW}`);
  }
  return entries;
}

/**
 * The `trustProxy` option for Fastify. A hop count becomes a function of the hop's position: Fastify
 * itself takes a bare number to trust nobody, and `true` would trust every hop. Hop 0 is the peer of the
 * connection, so with 1 hop req.ip is the rightmost X-Forwarded-For address, the one the proxy appended.
 */
export function fastifyTrustProxy(
  trust: TrustProxy | undefined,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (trust === undefined || trust === false || trust === 0) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return [...trust];
}
