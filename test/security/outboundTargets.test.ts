import { describe, expect, it } from 'vitest';
import { addressOfLiteral, mayConnectTo, nonPublicRange } from '../../src/core/outboundAddress.js';
import { connectionFailureOf } from '../../src/mail/connectionFailure.js';
import { classifySmtpError } from '../../src/mail/smtp.js';
import type { ResolveHost } from '../../src/services/deps.js';
import { OutboundRefused, outboundTarget, refusedHost } from '../../src/services/outboundTargets.js';

/** Every spelling the system resolver reads as an address, and the range it lands in. */
const REFUSED: Array<[spelling: string, range: string]> = [
  ['127.0.0.1', 'loopback'],
  ['127.1', 'loopback'],
  ['2130706433', 'loopback'],
  ['0177.0.0.1', 'loopback'],
  ['0x7f000001', 'loopback'],
  ['0x7f.1', 'loopback'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.254', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'linkLocal'],
  ['100.64.0.1', 'carrierGradeNat'],
  ['0.0.0.0', 'unspecified'],
  ['0', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['192.0.2.10', 'reserved'],
  ['::1', 'loopback'],
  ['[::1]', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'linkLocal'],
  ['fe80::1%eth0', 'linkLocal'],
  ['fc00::1', 'uniqueLocal'],
  ['fd12:3456:789a::1', 'uniqueLocal'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'linkLocal'],
  ['::ffff:10.0.0.1', 'private'],
  ['::7f00:1', 'ipv4Compatible'],
  ['ff02::1', 'multicast'],
];

const ALLOWED = ['93.184.216.34', '2606:2800:220:1::1', '::ffff:93.184.216.34', '8.8.8.8', '172.32.0.1'];

describe('issue 12 finding 1: SSRF through mail settings — which addresses are private', () => {
  it.each(REFUSED)('%s is refused (%s)', (spelling, range) => {
    expect(nonPublicRange(spelling)).toBe(range);
    expect(mayConnectTo(spelling, false)).toBe(false);
    // ALLOW_PRIVATE_TARGETS=true lets it through.
    expect(mayConnectTo(spelling, true)).toBe(true);
  });

  it.each(ALLOWED)('%s is public and allowed', (address) => {
    expect(nonPublicRange(address)).toBeNull();
    expect(mayConnectTo(address, false)).toBe(true);
  });

  it('reads the odd spellings as the address the system resolver would dial', () => {
    expect(['127.1', '2130706433', '0177.0.0.1', '0x7f000001', '0x7f.1'].map(addressOfLiteral)).toEqual(Array(5).fill('127.0.0.1'));
    expect(addressOfLiteral('[::ffff:127.0.0.1]')).toBe('::ffff:7f00:1');
    expect(addressOfLiteral('mail.example.com')).toBeNull();
    expect(nonPublicRange('mail.example.com')).toBe('not an address');
  });
});

describe('issue 12 finding 1: SSRF through mail settings — resolving and pinning a host', () => {
  const names: Record<string, string[]> = {
    'mail.example.com': ['93.184.216.34'],
    'dual.example.com': ['2606:2800:220:1::1', '93.184.216.34'],
    'mixed.example.com': ['93.184.216.34', '10.0.0.5'],
    'metadata.example.com': ['169.254.169.254'],
    'odd.example.com': ['2130706433'],
  };
  const resolve: ResolveHost = async (host) => {
    const found = names[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };
  const refusing = { outbound: { allowPrivate: false, resolve } };

  it('connects to the address it checked, and keeps the name for TLS', async () => {
    expect(await outboundTarget(refusing, 'mail.example.com')).toEqual({ host: '93.184.216.34', servername: 'mail.example.com' });
    expect(await outboundTarget(refusing, 'dual.example.com')).toEqual({ host: '2606:2800:220:1::1', servername: 'dual.example.com' });
    // An address is dialled as given, in its plain spelling, with no name to present.
    expect(await outboundTarget(refusing, '93.184.216.34')).toEqual({ host: '93.184.216.34' });
    expect(await outboundTarget(refusing, '0x5db8d822')).toEqual({ host: '93.184.216.34' });
  });

  it.each(['127.0.0.1', '2130706433', '[::1]', 'metadata.example.com', 'mixed.example.com', 'odd.example.com'])('refuses %s on save and on connect', async (host) => {
    expect(await refusedHost(refusing, host)).toMatch(/^this mail server is on a private network address/);
    await expect(outboundTarget(refusing, host)).rejects.toThrow(OutboundRefused);
    await expect(outboundTarget(refusing, host)).rejects.toMatchObject({ reason: 'private', message: expect.stringMatching(/ALLOW_PRIVATE_TARGETS=true/) });
  });

  it('refuses a name the system resolves to loopback (localhost), with the real resolver', async () => {
    const real = { outbound: { allowPrivate: false } };
    expect(await refusedHost(real, 'localhost')).toMatch(/private network address/);
    await expect(outboundTarget(real, 'localhost')).rejects.toMatchObject({ reason: 'private' });
    // No policy at all is the production default: refused.
    await expect(outboundTarget({}, '127.0.0.1')).rejects.toMatchObject({ reason: 'private' });
  });

  it('lets a name that does not resolve be saved, but does not connect to it', async () => {
    expect(await refusedHost(refusing, 'typo.example.com')).toBeNull();
    await expect(outboundTarget(refusing, 'typo.example.com')).rejects.toMatchObject({ reason: 'unresolvable', message: expect.not.stringMatching(/ENOTFOUND/) });
  });

  it('with ALLOW_PRIVATE_TARGETS=true dials the host as configured', async () => {
    const allowing = { outbound: { allowPrivate: true, resolve } };
    expect(await refusedHost(allowing, '127.0.0.1')).toBeNull();
    expect(await outboundTarget(allowing, 'localhost')).toEqual({ host: 'localhost' });
  });
});

describe('issue 12 finding 1: SSRF through mail settings — failures are told in our words', () => {
  // The shapes nodemailer gives (recorded against a real SSH banner, a closed port and so on).
  const failures: Array<[label: string, error: object, category: string]> = [
    ['an SSH banner', { code: 'EPROTOCOL', command: 'CONN', response: 'SSH-2.0-OpenSSH_9.6', message: 'Invalid greeting. response=SSH-2.0-OpenSSH_9.6: SSH-2.0-OpenSSH_9.6' }, 'protocol'],
    ['a closed port', { code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'connect'],
    ['TLS to a plain service', { code: 'ESOCKET', command: 'CONN', message: 'error:0A00010B:SSL routines:ssl3_get_record:wrong version number' }, 'tls'],
    ['a silent service', { code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' }, 'protocol'],
    ['another protocol answering EHLO', { code: 'EPROTOCOL', command: 'HELO', responseCode: 500, response: '500 EHLO not understood (FTP)', message: 'Invalid HELO. response=500 EHLO not understood (FTP)' }, 'protocol'],
    ['a refused login', { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 5.7.8 Authentication failed for olivia', message: 'Invalid login: 535 5.7.8 Authentication failed' }, 'auth'],
    ['a failed STARTTLS', { code: 'ETLS', command: 'STARTTLS', message: 'Error upgrading connection with STARTTLS: self-signed certificate' }, 'tls'],
    ['an unknown name', { code: 'EDNS', command: 'CONN', message: 'getaddrinfo ENOTFOUND mail.internal' }, 'connect'],
  ];

  it.each(failures)('%s becomes "%s", retried, with nothing the other side or the system said', (_label, error, category) => {
    expect(connectionFailureOf(error)).toBe(category);
    const outcome = classifySmtpError(error);
    expect(outcome).toMatchObject({ kind: 'retry', failure: category });
    const text = JSON.stringify(outcome);
    for (const leak of ['SSH', 'ECONNREFUSED', '127.0.0.1', 'FTP', 'olivia', 'ENOTFOUND', 'mail.internal', 'ssl3_get_record']) expect(text).not.toContain(leak);
  });

  it('keeps what a mail server said about the message itself (a bounce reason)', () => {
    expect(connectionFailureOf({ command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 user unknown' })).toBeNull();
    expect(classifySmtpError({ command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 user unknown' })).toEqual({ kind: 'rejected', error: '550 5.1.1 user unknown', code: 550 });
  });
});
