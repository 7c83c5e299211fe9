/**
 * The one place a user-configured host (a mailbox's SMTP or IMAP server; webhooks later) is judged
 * before the server connects to it (API.md "Outbound connections", issue 12 finding 1). core's
 * outboundAddress says which addresses are public; this resolves names and pins the connection.
 *
 * Checked twice: when the host is saved (a form error naming the field) and again on every
 * connection, because a name can answer with a public address at save time and 127.0.0.1 a
 * minute later (DNS rebinding). So the connection goes to the very address that was checked, and
 * the name travels separately for TLS (SNI and the certificate check).
 */
import { lookup } from 'node:dns/promises';
import { addressOfLiteral, mayConnectTo, privateTargetRefusal } from '../core/outboundAddress.js';
import type { ResolveHost, ServiceDeps } from './deps.js';

/** Every address the system resolver gives for a name, as a connection by that name would use. */
export const systemResolver: ResolveHost = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** All these read of the service deps: the operator's choice and the resolver. */
type OutboundDeps = Pick<ServiceDeps, 'outbound'>;

/** Where a connection goes: `host` is the checked address to dial, `servername` the name TLS presents and verifies. */
export interface OutboundTarget {
  host: string;
  servername?: string | undefined;
}

/** A user-configured host the server will not connect to; the message is in words, and holds nothing the host said. */
export class OutboundRefused extends Error {
  constructor(message: string, readonly reason: 'private' | 'unresolvable') {
    super(message);
    this.name = 'OutboundRefused';
  }
}

async function addressesOf(deps: OutboundDeps, host: string): Promise<{ literal: boolean; addresses: string[] }> {
  const literal = addressOfLiteral(host);
  if (literal !== null) return { literal: true, addresses: [literal] };
  const addresses = await (deps.outbound?.resolve ?? systemResolver)(host.trim());
  // Dialled as checked: in the one spelling a socket reads as an address, never as a name to look up again.
  return { literal: false, addresses: addresses.map((address) => addressOfLiteral(address) ?? address) };
}

/**
 * When a host is saved: why it is refused, in words for the form, or null. A name that does not
 * resolve now is let through (a typo shows at the test mail; a DNS hiccup must not block saving):
 * it is checked again when connecting.
 */
export async function refusedHost(deps: OutboundDeps, host: string, what = 'mail server'): Promise<string | null> {
  if (deps.outbound?.allowPrivate) return null;
  let addresses: string[];
  try {
    ({ addresses } = await addressesOf(deps, host));
  } catch {
    return null;
  }
  return addresses.every((address) => mayConnectTo(address, false)) ? null : privateTargetRefusal(what);
}

/**
 * When connecting: resolve now, check every address, and answer the checked address to dial (with
 * the name for TLS). Throws OutboundRefused. With ALLOW_PRIVATE_TARGETS the host is dialled as given.
 */
export async function outboundTarget(deps: OutboundDeps, host: string, what = 'mail server'): Promise<OutboundTarget> {
  if (deps.outbound?.allowPrivate) return { host };
  let resolved: { literal: boolean; addresses: string[] };
  try {
    resolved = await addressesOf(deps, host);
  } catch {
    resolved = { literal: false, addresses: [] };
  }
  const [first] = resolved.addresses;
  if (first === undefined) throw new OutboundRefused(`could not connect to the ${what}: its name does not resolve to an address; check the host`, 'unresolvable');
  // Every address, not just the first: the connection could otherwise be steered to another one.
  if (!resolved.addresses.every((address) => mayConnectTo(address, false))) throw new OutboundRefused(privateTargetRefusal(what), 'private');
  return { host: first, ...(resolved.literal ? {} : { servername: host.trim() }) };
}
