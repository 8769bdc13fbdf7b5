// Where a webhook may point. Flack runs inside someone's network: a hook URL that reaches the loopback interface,
// a private network or the cloud's metadata service (169.254.169.254) would let any admin read what only the
// server can reach. So the host is resolved and every address checked, when the hook is saved and again at each
// send (DNS answers change), and the connection goes to the address that was checked (a rebinding DNS server
// cannot answer a public address to the check and a private one to the connect).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { WebhookTargets } from '../../core/ports.js';

const blocked = new BlockList();
const blocked6 = new BlockList(); // apart: a BlockList matches IPv4 addresses against IPv4-mapped IPv6 ranges
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 connects to the local host
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT (RFC 6598)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64 of (possibly private) IPv4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blocked6.addSubnet(net, bits, 'ipv6');
}

/** Why an address may not be a webhook target, or null when it may. */
export function refusedAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 6) {
    const mapped = mappedIpv4(address);
    if (mapped) return refusedAddress(mapped) && `${address} maps ${mapped}, a private address`;
    return blocked6.check(address, 'ipv6') ? `${address} is a loopback, private, link-local or multicast address` : null;
  }
  return blocked.check(address, 'ipv4') ? `${address} is a loopback, private, link-local or multicast address` : null;
}

/** The IPv4 address an IPv4-mapped IPv6 address (::ffff:a.b.c.d, also written ::ffff:7f00:1) stands for. */
function mappedIpv4(address: string): string | null {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export interface Target {
  url: URL;
  /** The checked address to connect to. */
  address: string;
  family: 4 | 6;
}

export class TargetRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TargetRefused';
  }
}

export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;
const systemResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The URL's checked address, or TargetRefused: only http and https, no credentials in the URL, and (unless
 * `allowPrivate`, WEBHOOK_ALLOW_PRIVATE) every address the host resolves to must be public: one private answer
 * among public ones is refused too, since a later lookup may pick it.
 */
export async function checkTarget(raw: string, allowPrivate: boolean, resolve: Resolve = systemResolve): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefused('only http and https URLs');
  if (url.username || url.password) throw new TargetRefused('no user name or password in the URL');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  } catch {
    throw new TargetRefused(`${host} does not resolve`);
  }
  if (!addresses.length) throw new TargetRefused(`${host} does not resolve`);
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const why = refusedAddress(address);
      if (why) throw new TargetRefused(`${why} (set WEBHOOK_ALLOW_PRIVATE=true to allow private targets)`);
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** The core's check of a hook's URL when it is saved. */
export const webhookTargets: WebhookTargets = {
  refusal: (url, allowPrivate) =>
    checkTarget(url, allowPrivate).then(
      () => null,
      (error: unknown) => {
        if (error instanceof TargetRefused) return error.reason;
        throw error;
      },
    ),
};
