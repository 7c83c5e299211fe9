import { describe, expect, it } from 'vitest';
import { autoReplyReason } from './autoReply.js';
import { excerptOf, parseInboundMail } from './inboundMail.js';

const headers = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));

describe('autoReplyReason', () => {
  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'Re: hello'],
    [{ 'auto-submitted': 'auto-generated' }, 'Re: hello'],
    [{ 'x-autoreply': 'yes' }, 'Re: hello'],
    [{ 'x-autorespond': 'Thanks' }, 'Re: hello'],
    [{ precedence: 'auto_reply' }, 'Re: hello'],
    [{ precedence: 'bulk' }, 'Re: hello'],
    [{ precedence: 'Junk' }, 'Re: hello'],
    [{ 'content-type': 'multipart/report; report-type=delivery-status' }, 'Undelivered'],
    [{}, 'Out of Office: Re: hello'],
    [{}, 'Automatic reply: hello'],
    [{}, 'Abwesenheitsnotiz: hello'],
    [{}, 'Réponse automatique : hello'],
  ])('%o with subject "%s" is machine-written', (h, subject) => {
    expect(autoReplyReason(headers(h), subject)).not.toBeNull();
  });

  it.each([
    [{ 'auto-submitted': 'no' }, 'Re: hello'],
    [{ precedence: 'first-class' }, 'Re: hello'],
    [{}, 'Re: out of office supplies for the new team'],
    [{}, 'Re: Your month-end close'],
  ])('%o with subject "%s" was written by a person', (h, subject) => {
    expect(autoReplyReason(headers(h), subject)).toBeNull();
  });
});

describe('parseInboundMail', () => {
  it('reads the threading headers newest first, the sender lower-cased, and keeps only the new words', async () => {
    const raw = Buffer.from([
      'From: "Pat" <Pat@Example.COM>', 'Subject: Re: hi', 'Message-ID: <reply@example.com>', 'In-Reply-To: <b@us>',
      'References: <a@us> <b@us>', 'Date: Mon, 02 Mar 2026 17:00:00 +0000', '', 'Sounds good.', '', 'On Mon, 2 Mar 2026, Olivia wrote:', '> Hi Pat', '',
    ].join('\r\n'));
    expect(await parseInboundMail(raw)).toEqual({
      messageKey: '<reply@example.com>', messageId: '<reply@example.com>', threadIds: ['<b@us>', '<a@us>'], from: 'pat@example.com',
      subject: 'Re: hi', excerpt: 'Sounds good.', dateMs: Date.parse('2026-03-02T17:00:00Z'), autoReply: null, deliveryFailure: null,
    });
  });

  it('keys a message without a Message-ID by a hash of its bytes; garbage headers give nothing to match', async () => {
    const parsed = await parseInboundMail(Buffer.from('From: not an address\r\nIn-Reply-To:\r\nReferences: < >\r\n\r\nbody\r\n'));
    expect(parsed).toMatchObject({ messageId: null, threadIds: [], from: null, dateMs: null });
    expect(parsed.messageKey).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('cuts the excerpt at a quoted original', () => {
    expect(excerptOf('Yes.\n-----Original Message-----\nFrom: us')).toBe('Yes.');
    expect(excerptOf('Ja.\nAm 2. März schrieb Olivia:\n> Hallo')).toBe('Ja.');
  });
});
