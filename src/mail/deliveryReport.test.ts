import { describe, expect, it } from 'vitest';
import { deliveryFailureOf } from './deliveryReport.js';

const report = (head: string, status: string) => [
  'From: MAILER-DAEMON@relay.example', 'Message-ID: <dsn-1@relay.example>', head, '',
  '--b', 'Content-Type: message/delivery-status', '', 'Final-Recipient: rfc822;<Pat@Example.com>', status,
  'Diagnostic-Code: smtp; 550 5.1.1', ' <pat@example.com>: user unknown', '',
  '--b', 'Content-Type: message/rfc822', '', 'Message-ID: <orig-1@acme.example>', 'Subject: hi', '', 'body', '--b--',
].join('\r\n');
const REPORT_HEAD = 'Content-Type: multipart/report;\r\n report-type="delivery-status"; boundary="b"';

describe('delivery reports', () => {
  it('reads a failed report: the original Message-ID, the recipient and the (unfolded) reason', () => {
    expect(deliveryFailureOf(report(REPORT_HEAD, 'Action: failed'), '<dsn-1@relay.example>')).toEqual({
      originalMessageIds: ['<orig-1@acme.example>'], failedRecipients: ['pat@example.com'], diagnostic: 'smtp; 550 5.1.1 <pat@example.com>: user unknown',
    });
  });

  it('ignores delays, other reports and ordinary mail', () => {
    expect(deliveryFailureOf(report(REPORT_HEAD, 'Action: delayed'), null)).toBeNull();
    expect(deliveryFailureOf(report('Content-Type: multipart/report; report-type=disposition-notification; boundary="b"', 'Action: failed'), null)).toBeNull();
    expect(deliveryFailureOf('From: pat@example.com\r\nSubject: Action: failed\r\n\r\nAction: failed\r\nMessage-ID: <x@y>', null)).toBeNull();
  });
});
