import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  messageId: string;
  from: string;
  to: string[];
  parse(): Promise<ParsedMail>;
}

export interface SmtpAnswer {
  code: number;
  message: string;
}

/** Which stage answers: RCPT TO (a recipient refused, as for an unknown mailbox) or after DATA. */
export type AnswerStage = 'rcpt' | 'data';

export interface TestSmtpServer {
  url: string;
  messages: ReceivedMail[];
  /** Answer the next `times` messages with this code at that stage (e.g. 451 at data, 550 at rcpt). */
  failNext(answer: SmtpAnswer, times?: number, stage?: AnswerStage): void;
  /** Refuse one address at RCPT TO, every time. */
  refuse(address: string, answer: SmtpAnswer): void;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function smtpError(answer: SmtpAnswer): Error {
  return Object.assign(new Error(answer.message), { responseCode: answer.code });
}

const headerOf = (raw: string, name: string): string => {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim() ?? '';
};

/** A real SMTP server on loopback (the smtp-server package) that records every message it accepts. */
export async function startSmtpServer(options: { delayMs?: number; auth?: { user: string; pass: string } } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const pending: Array<{ answer: SmtpAnswer; stage: AnswerStage }> = [];
  const refused = new Map<string, SmtpAnswer>();
  const take = (stage: AnswerStage): SmtpAnswer | null => {
    const index = pending.findIndex((p) => p.stage === stage);
    if (index < 0) return null;
    const [next] = pending.splice(index, 1);
    return next?.answer ?? null;
  };
  const server = new SMTPServer({
    // With `auth`, the server insists on that user and password (over plain loopback), as a real relay does.
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      callback(ok ? null : Object.assign(new Error('Invalid username or password'), { responseCode: 535 }), ok ? { user: auth.username } : undefined);
    },
    logger: false,
    size: 10 * 1024 * 1024,
    // Pooled clients keep idle connections open; closing must not wait for them.
    closeTimeout: 200,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const answer = refused.get(address.address.toLowerCase()) ?? take('rcpt');
      callback(answer ? smtpError(answer) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => void (async () => {
        // A slower server widens the window between the client's DATA and our 250 (crash tests aim for it).
        if (options.delayMs) await new Promise((r) => setTimeout(r, Math.random() * (options.delayMs ?? 0)));
        const answer = take('data');
        if (answer) return callback(smtpError(answer));
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          raw, messageId: headerOf(raw, 'Message-ID'),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          parse: () => simpleParser(raw),
        });
        callback(null);
      })());
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext(answer, times = 1, stage = 'data') {
      for (let i = 0; i < times; i++) pending.push({ answer, stage });
    },
    refuse(address, answer) {
      refused.set(address.toLowerCase(), answer);
    },
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { headerOf };
