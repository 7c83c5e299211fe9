import type { Role } from '../core/types.js';
import type { User, Workspace } from '../services/accounts.js';

/** Only what a client may see: never the password hash or the iCal secret. */
export const presentUser = (user: User, role: Role) => ({
  id: user.id, email: user.email, name: user.name, timeZone: user.timeZone, workFrom: user.workFrom, workTo: user.workTo,
  workDays: user.workDays, role, createdAt: user.createdAt, active: !user.deactivatedAt,
});

export const presentWorkspace = (w: Workspace) => ({ id: w.id, name: w.name, timeZone: w.timeZone, createdAt: w.createdAt });
