/**
 * Custom fields (issue 16 item 2): owners and admins define a workspace's fields on contacts and
 * deals; everyone reads them. The values themselves are services/customFieldValues.ts.
 */
import { AppError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import {
  CUSTOM_FIELDS_PER_ENTITY_MAX, type CreateCustomField, type CustomFieldEntity, type CustomFieldView, type UpdateCustomField,
} from '../shared/customFields.js';
import * as store from '../store/customFields.js';
import { newId } from '../store/ids.js';
import type { Actor, ServiceDeps } from './deps.js';
import { requirePermission } from './permissions.js';

export const presentCustomField = (f: store.StoredCustomField): CustomFieldView => ({
  id: f.id, entity: f.entity, key: f.key, label: f.label, type: f.type, options: f.options, position: f.position, createdAt: f.createdAt,
});

export async function listCustomFields(deps: ServiceDeps, actor: Actor, entity?: CustomFieldEntity): Promise<CustomFieldView[]> {
  return (await store.listCustomFields(deps.store.db, actor.workspace.id, entity)).map(presentCustomField);
}

async function requireCustomField(deps: ServiceDeps, actor: Actor, id: string): Promise<store.StoredCustomField> {
  const found = await store.findCustomField(deps.store.db, actor.workspace.id, id);
  if (!found) throw AppError.notFound('custom field');
  return found;
}

export async function createCustomField(deps: ServiceDeps, actor: Actor, input: CreateCustomField): Promise<CustomFieldView> {
  requirePermission(actor, 'manageWorkspace');
  const now = deps.clock();
  return deps.store.db.transaction().execute(async (trx) => {
    const existing = await store.listCustomFields(trx, actor.workspace.id, input.entity);
    if (existing.some((f) => f.key === input.key)) {
      throw new AppError('conflict', `there is already a ${input.entity} field with the key "${input.key}"`, [{ path: 'key', message: 'already used by another field' }]);
    }
    if (existing.length >= CUSTOM_FIELDS_PER_ENTITY_MAX) {
      throw AppError.invalid('key', `a workspace can have at most ${CUSTOM_FIELDS_PER_ENTITY_MAX} custom fields on ${input.entity}s`);
    }
    const lastPosition = existing.reduce((max, f) => Math.max(max, f.position), -1);
    const field: store.StoredCustomField = {
      id: newId(now), workspaceId: actor.workspace.id, entity: input.entity, key: input.key, label: input.label, type: input.type,
      options: input.options, position: input.position ?? lastPosition + 1, createdAt: formatInstant(now),
    };
    await store.insertCustomField(trx, field);
    return presentCustomField(field);
  });
}

export async function updateCustomField(deps: ServiceDeps, actor: Actor, id: string, patch: UpdateCustomField): Promise<CustomFieldView> {
  requirePermission(actor, 'manageWorkspace');
  const field = await requireCustomField(deps, actor, id);
  if (patch.options !== undefined && field.type !== 'choice' && field.type !== 'choices' && patch.options.length > 0) {
    throw AppError.invalid('options', 'only a choice field has options');
  }
  if (patch.options !== undefined && (field.type === 'choice' || field.type === 'choices') && patch.options.length === 0) {
    throw AppError.invalid('options', 'add at least one option');
  }
  await store.updateCustomField(deps.store.db, actor.workspace.id, id, patch);
  return presentCustomField(await requireCustomField(deps, actor, id));
}

/** Removes the field and its value on every contact or deal. */
export async function deleteCustomField(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manageWorkspace');
  const deleted = await deps.store.db.transaction().execute((trx) => store.deleteCustomField(trx, actor.workspace.id, id));
  if (!deleted) throw AppError.notFound('custom field');
}
