import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { AppError, type FieldError } from '../core/errors.js';
import { formatInstant } from '../core/time.js';
import { displayFrom } from '../mail/senders.js';
import type { MailSettingsView, PutMailSettings } from '../shared/mailSettings.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import * as store from '../store/mailSettings.js';
import { WORKSPACE_SCOPE, type StoredMailSettings } from '../store/mailSettings.js';
import type { Actor, ServiceDeps } from './deps.js';
import { outboundTarget, refusedHost } from './outboundTargets.js';
import { requirePermission } from './permissions.js';

export type MailScope = 'workspace' | 'me';

export function scopeKey(actor: Actor, scope: MailScope): string {
  return scope === 'workspace' ? WORKSPACE_SCOPE : actor.user.id;
}

function present(s: StoredMailSettings, scope: MailScope): MailSettingsView {
  return {
    scope, fromAddress: s.fromAddress, fromName: s.fromName,
    smtp: { host: s.smtp.host, port: s.smtp.port, security: s.smtp.security, user: s.smtp.user, passwordSet: s.smtp.sealedPassword !== null },
    imap: s.imap ? { host: s.imap.host, port: s.imap.port, security: s.imap.security, user: s.imap.user, passwordSet: s.imap.sealedPassword !== null } : null,
    hourlyCap: s.hourlyCap, dailyCap: s.dailyCap, updatedAt: s.updatedAt,
  };
}

/** The mailbox a user's automated mail goes out through: their own, else the workspace's. */
export async function mailboxFor(db: Db, workspaceId: string, userId: string | null): Promise<StoredMailSettings | null> {
  const own = userId ? await store.findMailSettings(db, workspaceId, userId) : null;
  return own ?? store.findMailSettings(db, workspaceId, WORKSPACE_SCOPE);
}

export async function getMailSettings(deps: ServiceDeps, actor: Actor, serverHasSmtp: boolean) {
  const db = deps.store.db;
  const workspace = await store.findMailSettings(db, actor.workspace.id, WORKSPACE_SCOPE);
  const me = await store.findMailSettings(db, actor.workspace.id, actor.user.id);
  const effective = me ? 'me' : workspace ? 'workspace' : serverHasSmtp ? 'server' : 'none';
  return {
    workspace: workspace ? present(workspace, 'workspace') : null,
    me: me ? present(me, 'me') : null,
    effective, canStorePasswords: deps.secrets !== undefined,
  } as const;
}

function sealContext(id: string, server: 'smtp' | 'imap'): string {
  return `mail_settings:${id}:${server}`;
}

/**
 * A password left out is kept — unless the host or user changed, because sending the old password
 * to a new server would hand it to whoever runs that server.
 */
function nextSealedPassword(
  deps: ServiceDeps, id: string, server: 'smtp' | 'imap', given: string | null | undefined,
  before: { host: string; user: string | null; sealedPassword: string | null } | null | undefined, after: { host: string; user: string | null },
  errors: FieldError[],
): string | null {
  if (given === null) return null;
  if (given === undefined) {
    if (!before?.sealedPassword) return null;
    if (before.host !== after.host || before.user !== after.user) {
      errors.push({ path: `${server}.password`, message: 'enter the password again when the host or user changes' });
      return null;
    }
    return before.sealedPassword;
  }
  if (!deps.secrets) {
    errors.push({ path: `${server}.password`, message: 'this server cannot store passwords: set SECRETS_KEY (32+ characters) in its environment and restart' });
    return null;
  }
  return deps.secrets.seal(given, sealContext(id, server));
}

export async function putMailSettings(deps: ServiceDeps, actor: Actor, scope: MailScope, input: PutMailSettings): Promise<MailSettingsView> {
  if (scope === 'workspace') requirePermission(actor, 'manageWorkspace');
  const errors: FieldError[] = [];
  if (input.hourlyCap > input.dailyCap) errors.push({ path: 'hourlyCap', message: 'must not be more than dailyCap' });
  const db = deps.store.db;
  const key = scopeKey(actor, scope);
  const before = await store.findMailSettings(db, actor.workspace.id, key);
  const id = before?.id ?? newId();
  const now = formatInstant(deps.clock());
  const settings: StoredMailSettings = {
    id, workspaceId: actor.workspace.id, scope: key, fromAddress: input.fromAddress, fromName: input.fromName,
    smtp: {
      host: input.smtp.host, port: input.smtp.port, security: input.smtp.security, user: input.smtp.user,
      sealedPassword: nextSealedPassword(deps, id, 'smtp', input.smtp.password, before?.smtp, input.smtp, errors),
    },
    imap: input.imap ? {
      host: input.imap.host, port: input.imap.port, security: input.imap.security, user: input.imap.user,
      sealedPassword: nextSealedPassword(deps, id, 'imap', input.imap.password, before?.imap, input.imap, errors),
    } : null,
    hourlyCap: input.hourlyCap, dailyCap: input.dailyCap, createdAt: before?.createdAt ?? now, updatedAt: now,
  };
  if (settings.imap && !settings.imap.sealedPassword && !errors.some((e) => e.path === 'imap.password')) {
    errors.push({ path: 'imap.password', message: 'is required to read replies' });
  }
  for (const [path, host] of [['smtp.host', settings.smtp.host], ['imap.host', settings.imap?.host]] as const) {
    const refused = host === undefined ? null : await refusedHost(deps, host);
    if (refused) errors.push({ path, message: refused });
  }
  if (errors.length > 0) throw new AppError('invalid', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  await store.saveMailSettings(db, settings);
  return present(settings, scope);
}

export async function deleteMailSettings(deps: ServiceDeps, actor: Actor, scope: MailScope): Promise<void> {
  if (scope === 'workspace') requirePermission(actor, 'manageWorkspace');
  if (!(await store.deleteMailSettings(deps.store.db, actor.workspace.id, scopeKey(actor, scope)))) throw AppError.notFound('mail settings');
}

function openPassword(deps: ServiceDeps, settings: StoredMailSettings, server: 'smtp' | 'imap', sealed: string | null): string | null {
  if (!sealed) return null;
  if (!deps.secrets) throw new Error(`mail settings ${settings.id} have a stored ${server} password but SECRETS_KEY is not set`);
  return deps.secrets.open(sealed, sealContext(settings.id, server));
}

/**
 * The nodemailer options for a stored mailbox, its password opened only here, just before use. The
 * host is checked and pinned now (services/outboundTargets): throws OutboundRefused.
 */
export async function smtpTransportOptions(deps: ServiceDeps, settings: StoredMailSettings): Promise<SMTPTransport.Options> {
  const target = await outboundTarget(deps, settings.smtp.host);
  const pass = openPassword(deps, settings, 'smtp', settings.smtp.sealedPassword);
  return {
    host: target.host, ...(target.servername ? { tls: { servername: target.servername } } : {}),
    port: settings.smtp.port, secure: settings.smtp.security === 'tls',
    requireTLS: settings.smtp.security === 'starttls', ignoreTLS: settings.smtp.security === 'none',
    ...(settings.smtp.user ? { auth: { user: settings.smtp.user, pass: pass ?? '' } } : {}),
  };
}

export function imapCredentials(deps: ServiceDeps, settings: StoredMailSettings): { host: string; port: number; secure: boolean; user: string; pass: string } | null {
  if (!settings.imap) return null;
  const pass = openPassword(deps, settings, 'imap', settings.imap.sealedPassword);
  if (pass === null) return null;
  return { host: settings.imap.host, port: settings.imap.port, secure: settings.imap.security === 'tls', user: settings.imap.user ?? settings.fromAddress, pass };
}

export function fromHeader(settings: StoredMailSettings): string {
  return displayFrom(settings.fromName, settings.fromAddress);
}
