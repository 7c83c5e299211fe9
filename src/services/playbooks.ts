import { AppError } from '../core/errors.js';
import { builtinKeys, builtinPlaybook, builtinPlaybooks } from '../core/playbooks/builtins.js';
import type { Playbook } from '../core/playbooks/types.js';
import { assertAutomatedMailCompliant } from '../core/playbooks/compliance.js';
import { validatePlaybook } from '../core/playbooks/validate.js';
import { formatInstant } from '../core/time.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import * as store from '../store/playbooks.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requirePermission } from './permissions.js';
import { settingsOf } from './workspaceRules.js';

export interface PlaybookView extends Playbook {
  id: string;
  builtin: boolean;
}

const builtinView = (p: Playbook): PlaybookView => ({ ...p, id: p.key, builtin: true });
const ownView = (s: store.StoredPlaybook): PlaybookView => ({ ...s.playbook, id: s.id, builtin: false });

/** A playbook by key (built-in or the workspace's own) or by the workspace playbook's id. */
export async function resolvePlaybook(db: Db, actor: Actor, ref: { playbookKey?: string | undefined; playbookId?: string | undefined }): Promise<PlaybookView> {
  if (ref.playbookId) {
    if (builtinKeys.includes(ref.playbookId)) return builtinView(builtinPlaybook(ref.playbookId));
    const own = await store.findPlaybookById(db, actor.workspace.id, ref.playbookId);
    if (!own) throw AppError.notFound('playbook');
    return ownView(own);
  }
  if (ref.playbookKey) {
    if (builtinKeys.includes(ref.playbookKey)) return builtinView(builtinPlaybook(ref.playbookKey));
    const own = await store.findPlaybookByKey(db, actor.workspace.id, ref.playbookKey);
    if (!own) throw AppError.notFound('playbook');
    return ownView(own);
  }
  throw AppError.invalid('playbookKey', 'give a playbookKey or a playbookId');
}

export async function listPlaybooks(deps: ServiceDeps, actor: Actor): Promise<PlaybookView[]> {
  const own = await store.listPlaybooks(deps.store.db, actor.workspace.id);
  return [...builtinPlaybooks.map((p) => builtinView(structuredClone(p))), ...own.map(ownView)];
}

export async function getPlaybook(deps: ServiceDeps, actor: Actor, idOrKey: string): Promise<PlaybookView> {
  return resolvePlaybook(deps.store.db, actor, { playbookId: idOrKey }).catch(async (error: unknown) => {
    if (error instanceof AppError && error.code === 'not-found') return resolvePlaybook(deps.store.db, actor, { playbookKey: idOrKey });
    throw error;
  });
}

function assertOwnKey(key: string): void {
  if (builtinKeys.includes(key)) throw new AppError('conflict', `"${key}" is a built-in playbook's key; choose another`, [{ path: 'key', message: 'reserved by a built-in' }]);
}

export async function createPlaybook(deps: ServiceDeps, actor: Actor, input: unknown): Promise<PlaybookView> {
  const playbook = validatePlaybook(input);
  assertOwnKey(playbook.key);
  assertAutomatedMailCompliant(playbook, settingsOf(actor.workspace));
  const nowIso = formatInstant(deps.clock());
  const stored: store.StoredPlaybook = { id: newId(), workspaceId: actor.workspace.id, playbook, createdAt: nowIso, updatedAt: nowIso };
  await deps.store.db.transaction().execute(async (trx) => {
    if (await store.findPlaybookByKey(trx, actor.workspace.id, playbook.key)) {
      throw new AppError('conflict', `a playbook with key "${playbook.key}" exists`, [{ path: 'key', message: 'already in use' }]);
    }
    await store.insertPlaybook(trx, stored);
  });
  return ownView(stored);
}

export async function updatePlaybook(deps: ServiceDeps, actor: Actor, id: string, input: unknown): Promise<PlaybookView> {
  if (builtinKeys.includes(id)) throw new AppError('forbidden', 'built-in playbooks are read-only; copy one under a new key to edit it');
  const playbook = validatePlaybook(input);
  assertOwnKey(playbook.key);
  assertAutomatedMailCompliant(playbook, settingsOf(actor.workspace));
  return deps.store.db.transaction().execute(async (trx) => {
    const existing = await store.findPlaybookById(trx, actor.workspace.id, id);
    if (!existing) throw AppError.notFound('playbook');
    const clash = await store.findPlaybookByKey(trx, actor.workspace.id, playbook.key);
    if (clash && clash.id !== id) throw new AppError('conflict', `a playbook with key "${playbook.key}" exists`, [{ path: 'key', message: 'already in use' }]);
    const stored = { ...existing, playbook, updatedAt: formatInstant(deps.clock()) };
    await store.updatePlaybook(trx, stored);
    return ownView(stored);
  });
}

export async function deletePlaybook(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'deletePlaybooks');
  if (builtinKeys.includes(id)) throw new AppError('forbidden', 'built-in playbooks cannot be deleted');
  if (!(await store.deletePlaybook(deps.store.db, actor.workspace.id, id))) throw AppError.notFound('playbook');
}
