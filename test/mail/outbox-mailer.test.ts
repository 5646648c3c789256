import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createMailer, type OutgoingMessage, outboxFileName } from '../../mail/mailer';
import { renderEscalationEmail } from '../../mail/escalation-email';
import { notifyConfig } from './seed';

let outboxDir: string;

beforeEach(async () => {
  outboxDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'outbox-test-')), 'outbox');
});

afterEach(async () => {
  await rm(path.dirname(outboxDir), { recursive: true, force: true });
});

function aMessage(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  const rendered = renderEscalationEmail(
    {
      applicationId: '3f2a9c1e-0b7d-4e55-9a61-2c8d4f0e7b13',
      agencyReference: 'REF-1405-0042',
      applicantInitials: 'م. ر.',
      waitingFor: 'disbursement',
      holder: { id: 'org-bank-melli', name: 'Bank Melli', nameFa: 'بانک ملی' },
      level: 'reminder',
      round: 0,
      workingDaysWaited: 12,
      waitingSince: new Date('2026-11-01T06:00:00Z'),
      deadline: new Date('2026-11-15T06:00:00Z'),
    },
    notifyConfig,
  );
  return { messageId: '<abc123@loans.lahijan>', from: notifyConfig.MAIL_FROM, to: ['loans@bankmelli.example'], ...rendered, ...overrides };
}

describe('the file outbox (no SMTP_URL)', () => {
  test('writes one .eml file, named after the message id, that a mail program can open with both parts', async () => {
    const mailer = createMailer({ SMTP_URL: undefined, outboxDir });
    await mailer.send(aMessage());
    await mailer.close();

    expect(await readdir(outboxDir)).toEqual(['abc123@loans.lahijan.eml']);
    const mail = await simpleParser(await readFile(path.join(outboxDir, 'abc123@loans.lahijan.eml')));
    expect(mail.messageId).toBe('<abc123@loans.lahijan>');
    expect(mail.subject).toContain('یادآوری');
    expect(mail.to).toMatchObject({ text: 'loans@bankmelli.example' });
    expect(String(mail.html)).toContain('dir="rtl" lang="fa"');
    expect(String(mail.html)).toContain('انعقاد قرارداد و پرداخت تسهیلات');
    expect(mail.text).toContain('Waiting for: the contract and disbursement of the loan');
    expect(mail.text).toContain('۱۲ روز کاری');
  });

  test('sending the same message again leaves one whole file and no temporary ones', async () => {
    const mailer = createMailer({ SMTP_URL: undefined, outboxDir });
    await Promise.all([mailer.send(aMessage()), mailer.send(aMessage())]);
    await mailer.send(aMessage());

    expect(await readdir(outboxDir)).toEqual(['abc123@loans.lahijan.eml']);
  });

  test('refuses a message whose subject or recipient carries a line break', async () => {
    const mailer = createMailer({ SMTP_URL: undefined, outboxDir });

    await expect(mailer.send(aMessage({ subject: 'Hello\r\nBcc: attacker@evil.example' }))).rejects.toThrow(/control characters/);
    await expect(mailer.send(aMessage({ to: ['a@b.example\nBcc: attacker@evil.example'] }))).rejects.toThrow(/control characters/);
  });

  test('file names keep only safe characters of the message id', () => {
    expect(outboxFileName('<../../etc/passwd@x>')).toBe('.._.._etc_passwd@x.eml');
  });
});
