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
}

/** Who is acting, and in which workspace. Every service call is scoped by it. */
export interface Actor {
  user: User;
  workspace: Workspace;
  role: Role;
}
