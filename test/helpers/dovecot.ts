import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect as tcpConnect, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export interface TestImapServer {
  host: string;
  port: number;
  user: string;
  pass: string;
  /** Delivers a raw RFC 5322 message into the user's INBOX (IMAP APPEND). */
  append(rawMessage: string): Promise<void>;
  /** The INBOX's current UIDVALIDITY. */
  uidValidity(): Promise<string>;
  /** Renumbers the INBOX: same messages, new UIDVALIDITY (and new UIDs), as after a server-side rebuild. */
  changeUidValidity(): Promise<void>;
  /** The server's log, for failure messages. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Which system users dovecot's own processes and the mail user run as. */
function accounts(): { internal: string; login: string; uid: number; gid: number } {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) {
    // Unprivileged: everything runs as us.
    const me = userInfo();
    return { internal: me.username, login: me.username, uid: me.uid, gid: me.gid };
  }
  const idOf = (name: string): { uid: number; gid: number } | null => {
    try {
      return { uid: Number(execFileSync('id', ['-u', name]).toString().trim()), gid: Number(execFileSync('id', ['-g', name]).toString().trim()) };
    } catch {
      return null;
    }
  };
  const internal = idOf('dovecot') ? 'dovecot' : 'nobody';
  const login = idOf('dovenull') ? 'dovenull' : 'nobody';
  // Dovecot refuses to open mail as root; the mailbox belongs to nobody.
  const mail = idOf('nobody') ?? { uid: 65534, gid: 65534 };
  return { internal, login, ...mail };
}

function configFor(dir: string, port: number, internal: string, login: string): string {
  return `# A throwaway IMAP server for tests.
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests try wrong passwords on purpose; no need to be slowed down like an attacker.
auth_failure_delay = 0
default_internal_user = ${internal}
default_login_user = ${login}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = ${dir}/passwd
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

/**
 * Starts Debian's dovecot on a free loopback port with its own configuration, state and mail in a
 * temporary directory: one user, a plaintext password, maildir storage, no TLS.
 */
export async function startDovecot(): Promise<TestImapServer> {
  try {
    await access(DOVECOT);
  } catch {
    throw new Error(`${DOVECOT} not found: install Debian's dovecot-imapd (apt-get install dovecot-imapd) to run the IMAP tests`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'ft-dovecot-'));
  const port = await freePort();
  const user = 'replies';
  const pass = `pw-${randomBytes(9).toString('base64url')}`;
  const { internal, login, uid, gid } = accounts();
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'mail'), { recursive: true });
  await chown(join(dir, 'mail'), uid, gid);
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${pass}:${uid}:${gid}::${dir}/mail/${user}::\n`, { mode: 0o644 });
  const conf = join(dir, 'dovecot.conf');
  await writeFile(conf, configFor(dir, port, internal, login));

  let child: ChildProcess | null = null;
  let output = '';
  const log = async (): Promise<string> => `${output}${await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '')}`;

  const launch = async (): Promise<void> => {
    // A master that died without cleaning up leaves its pid file, and the next start refuses.
    await rm(join(dir, 'run', 'master.pid'), { force: true });
    // Its own process group, so that stopping it ends the IMAP processes serving clients as well.
    const started = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    started.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null) throw new Error(`dovecot exited with ${started.exitCode}:\n${await log()}`);
      if (await accepts(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`dovecot did not accept connections on 127.0.0.1:${port} within 15 s:\n${await log()}`);
  };

  const halt = async (): Promise<void> => {
    const running: ChildProcess | null = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const signalGroup = (signal: NodeJS.Signals): void => {
      try {
        if (running.pid) process.kill(-running.pid, signal);
      } catch {
        // The group is gone already.
      }
    };
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => signalGroup('SIGKILL'), 5000);
      running.once('exit', () => { clearTimeout(force); resolve(); });
      signalGroup('SIGTERM');
    });
    signalGroup('SIGKILL');
    // The master is gone; its children close their listeners a moment later.
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (await accepts(port))) await new Promise((r) => setTimeout(r, 50));
  };

  const withClient = async <T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  const uidValidity = (): Promise<string> => withClient(async (client) => String((await client.mailboxOpen('INBOX', { readOnly: true })).uidValidity));

  await launch();
  return {
    host: '127.0.0.1', port, user, pass,
    async append(rawMessage) {
      await withClient(async (client) => {
        const appended = await client.append('INBOX', rawMessage.replace(/\r?\n/g, '\r\n'));
        if (!appended) throw new Error('APPEND failed');
      });
    },
    uidValidity,
    async changeUidValidity() {
      const before = await uidValidity();
      await halt();
      // Without its UID list and indexes dovecot renumbers the maildir under a new UIDVALIDITY.
      const inbox = join(dir, 'mail', user);
      for (const name of await readdir(inbox)) {
        if (name === 'dovecot-uidlist' || name.startsWith('dovecot.index') || name.startsWith('dovecot.list.index')) await rm(join(inbox, name), { force: true });
      }
      await launch();
      const after = await uidValidity();
      if (after === before) throw new Error(`UIDVALIDITY stayed ${before} after rebuilding the mailbox`);
    },
    log,
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
