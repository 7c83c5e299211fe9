/**
 * Which network addresses Followthrough may connect to on a user's say-so (a mailbox's SMTP/IMAP
 * host, later a webhook URL): public ones only, unless the operator allows private targets
 * (ALLOW_PRIVATE_TARGETS). Otherwise any member could make the server probe its own machine, its
 * LAN or the cloud's metadata service (169.254.169.254) — a server-side request forgery.
 *
 * Pure: the classification is ipaddr.js's (the library Fastify's proxy-addr trusts), not range
 * arithmetic of our own. Resolving names and connecting is services/outboundTargets.ts.
 */
import ipaddr from 'ipaddr.js';

/**
 * IPv4-compatible IPv6 (::a.b.c.d, deprecated by RFC 4291) carries an IPv4 address that ipaddr.js
 * files under `unicast`; nothing public is reachable that way, so it is refused with the rest.
 */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * The words a refused host is answered with, wherever it was given (a form field, a connection);
 * `what` names the thing behind it ("mail server", later "webhook").
 */
export function privateTargetRefusal(what: string): string {
  return `this ${what} is on a private network address (this machine, the local network or the cloud's internal services); `
    + `Followthrough connects only to ${what}s on public addresses. If yours really is on your own network, `
    + 'whoever runs Followthrough can allow that by setting ALLOW_PRIVATE_TARGETS=true';
}

/**
 * The address a host string spells, if it is an IP literal in any spelling the system resolver
 * would also accept: dotted, shortened (127.1), one number (2130706433), octal (0177.0.0.1), hex
 * (0x7f000001, 0x7f.1), IPv6 with or without brackets and a zone (fe80::1%eth0). Null for a name.
 */
export function addressOfLiteral(host: string): string | null {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare)) return null;
  const parsed = ipaddr.parse(bare);
  return parsed instanceof ipaddr.IPv6 ? parsed.toRFC5952String().replace(/%.*$/, '') : parsed.toString();
}

/**
 * Why an address is not public — ipaddr.js's name for its range (`loopback`, `private`,
 * `linkLocal`, `uniqueLocal`, `carrierGradeNat`, `unspecified`, `multicast`, `broadcast`,
 * `reserved` …) — or null when it is an ordinary public unicast address. An IPv4-mapped IPv6
 * address (::ffff:127.0.0.1) is judged by the IPv4 address inside it; anything that is not an
 * address at all is refused.
 */
export function nonPublicRange(address: string): string | null {
  const literal = addressOfLiteral(address);
  if (literal === null) return 'not an address';
  const parsed = ipaddr.parse(literal);
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress()) return nonPublicRange(parsed.toIPv4Address().toString());
  const range = parsed.range();
  if (range !== 'unicast') return range;
  return parsed instanceof ipaddr.IPv6 && parsed.match(IPV4_COMPATIBLE) ? 'ipv4Compatible' : null;
}

/** Whether Followthrough may connect to this address under the operator's choice. */
export function mayConnectTo(address: string, allowPrivate: boolean): boolean {
  return allowPrivate || nonPublicRange(address) === null;
}
