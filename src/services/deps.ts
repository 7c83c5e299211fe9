import type { SecretBox } from '../mail/secretBox.js';
import type { Store } from '../store/connect.js';
import type { User, Workspace } from '../store/accounts.js';
import type { Role } from '../core/types.js';

/** Milliseconds since the epoch; injected so that tests control time. */
export type Clock = () => number;

export interface ServiceDeps {
  store: Store;
  clock: Clock;
  /** Public base URL, used in links (iCal feed). */
  baseUrl: string;
  /** Seals stored mail passwords (SECRETS_KEY); absent, settings that carry a password are refused. */
  secrets?: SecretBox | undefined;
  /** Which hosts users may point the server at (services/outboundTargets.ts); absent: public addresses only, system DNS. */
  outbound?: OutboundPolicy | undefined;
}

/** Host name → every address it has now; injected so that tests can make a name change its answer. */
export type ResolveHost = (host: string) => Promise<string[]>;

export interface OutboundPolicy {
  /** ALLOW_PRIVATE_TARGETS: user-configured hosts may be on loopback, private or link-local addresses (a mail server on the operator's LAN). */
  allowPrivate: boolean;
  /** Default: the system resolver (dns.lookup), as the connection itself would resolve the name. */
  resolve?: ResolveHost | undefined;
}

/** Who is acting, and in which workspace. Every service call is scoped by it. */
export interface Actor {
  user: User;
  workspace: Workspace;
  role: Role;
}
