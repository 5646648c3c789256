import { spawn } from 'node:child_process';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { EmailStatus, messageIdFor, type NotifyDependencies, outgoingEmailIdFor } from '../../activities/notify-stalled-case';
import { createMailer, type Mailer } from '../../mail/mailer';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { recordingLogger, runAttempt } from './activity-context';
import { type RecordingSmtpServer, startRecordingSmtpServer } from '../support/recording-smtp-server';
import { aNotice, bankContact, bankOfficer, governorsOffice, notifyConfig, seedApplication, seedCounty } from './seed';

let database: TestDatabase;
let smtp: RecordingSmtpServer;
let mailer: Mailer;
let deps: NotifyDependencies;

beforeAll(async () => {
  [database, smtp] = await Promise.all([createTestDatabase(), startRecordingSmtpServer()]);
  await seedCounty(database.prisma);
  mailer = createMailer({ SMTP_URL: smtp.url, outboxDir: '' });
  deps = { prisma: database.prisma, mailer, config: notifyConfig };
});

afterAll(async () => {
  await mailer?.close();
  await smtp?.close();
  await database?.drop();
});

beforeEach(() => {
  smtp.received.length = 0;
  smtp.refuse = null;
  smtp.onAccepted = null;
});

const emailRow = (key: string) => database.prisma.outgoingEmail.findUniqueOrThrow({ where: { id: outgoingEmailIdFor(key) } });
const escalationRows = (key: string) => database.prisma.escalation.findMany({ where: { escalationKey: key } });

describe('notifyStalledCase', () => {
  test("given a case stalled at the bank, the governor's office receives one mail in Persian with English beneath", async () => {
    const application = await seedApplication(database.prisma);
    const notice = aNotice(application.id);

    await runAttempt(deps, notice);

    expect(smtp.received).toHaveLength(1);
    const [{ envelope, parsed }] = smtp.received as [(typeof smtp.received)[number]];
    expect(envelope.to.sort()).toEqual([...governorsOffice].sort());
    expect(envelope.from).toBe(notifyConfig.MAIL_FROM);
    expect(parsed.messageId).toBe(messageIdFor(notice.key));
    expect(parsed.subject).toContain('ارجاع به فرمانداری');
    expect(parsed.subject).toContain(application.id);
    expect(parsed.subject).toContain("Escalated to the governor's office");
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');

    const html = String(parsed.html);
    expect(html).toContain('dir="rtl" lang="fa"');
    expect(html).toContain('dir="ltr" lang="en"');
    // Persian comes first, English beneath.
    expect(html.indexOf('بررسی مدارک و وثایق توسط بانک')).toBeLessThan(html.indexOf("the bank's check of documents and guarantees".replace("'", '&#39;')));
    expect(html).toContain('مریم رحیمی');
    expect(html).toContain(application.agencyReference);
    expect(html).toContain('بانک ملی');
    expect(html).toContain('Bank Melli');
    expect(html).toContain('۷ روز کاری');
    expect(html).toContain('7 working days');
    // Deadline 2026-11-26 10:45 UTC is 5 Azar 1405, 14:15 in Tehran; waiting since 30 Aban 1405.
    expect(html).toContain('۱۴۰۵/۰۹/۰۵ ساعت ۱۴:۱۵');
    expect(html).toContain('۱۴۰۵/۰۸/۳۰');
    expect(html).toContain('2026/11/26 14:15 Tehran time (Jalali: 1405/09/05)');
    expect(html).toContain(`href="https://loans.lahijan.example/applications/${application.id}"`);
    expect(html).toContain(`href="http://temporal-ui.lahijan.example:8233/namespaces/default/workflows/loan-application-${application.id}"`);

    const text = parsed.text ?? '';
    expect(text.indexOf('شناسه پرونده')).toBeLessThan(text.indexOf('Application:'));
    expect(text).toContain('در انتظار: بررسی مدارک و وثایق توسط بانک');
    expect(text).toContain("Waiting for: the bank's check of documents and guarantees");
    expect(text).toContain('مهلت: ۱۴۰۵/۰۹/۰۵');
    expect(text).toContain(`https://loans.lahijan.example/applications/${application.id}`);

    const row = await emailRow(notice.key);
    expect(row).toMatchObject({ status: EmailStatus.Sent, attempts: 1, lastError: null, applicationId: application.id });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(await escalationRows(notice.key)).toEqual([
      expect.objectContaining({
        applicationId: application.id,
        step: 'bank_review.documents',
        level: 'governors_office',
        holderOrgId: 'org-bank-melli',
        waitingSince: new Date(notice.waitingSince),
        deadline: new Date(notice.deadline),
      }),
    ]);
  });

  test("given a reminder, the holding bank's contact address and its users receive it", async () => {
    const application = await seedApplication(database.prisma);

    await runAttempt(deps, aNotice(application.id, { level: 'reminder' }));

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.envelope.to.sort()).toEqual([bankContact, bankOfficer].sort());
    expect(smtp.received[0]!.parsed.subject).toContain('یادآوری');
  });

  test('given an applicant name that tries to inject headers, the mail carries no extra header or recipient', async () => {
    const application = await seedApplication(database.prisma, {
      applicantName: 'Ali Rezaei\r\nBcc: attacker@evil.example\r\nX-Injected: yes <script>alert(1)</script>',
      agencyReference: 'REF-1\nSubject: forged',
    });
    const notice = aNotice(application.id);

    await runAttempt(deps, notice);

    expect(smtp.received).toHaveLength(1);
    const { envelope, parsed } = smtp.received[0]!;
    expect(envelope.to.sort()).toEqual([...governorsOffice].sort());
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.subject).not.toMatch(/[\r\n]/);
    expect(parsed.subject).toContain('Ali Rezaei Bcc: attacker@evil.example');
    expect(parsed.headerLines.filter((h) => h.key === 'subject')).toHaveLength(1);
    const html = String(parsed.html);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('REF-1 Subject: forged');
    expect(parsed.text).not.toMatch(/^Bcc:/m);
  });

  test('given a retried attempt, one mail is sent and one escalation recorded', async () => {
    const application = await seedApplication(database.prisma);
    const notice = aNotice(application.id);

    await runAttempt(deps, notice);
    await runAttempt(deps, notice);
    await Promise.all([runAttempt(deps, notice), runAttempt(deps, notice)]);

    expect(smtp.received).toHaveLength(1);
    expect(await escalationRows(notice.key)).toHaveLength(1);
    expect(await database.prisma.outgoingEmail.count({ where: { applicationId: application.id } })).toBe(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Sent, attempts: 1 });
  });

  test('given an SMTP server that refuses at first, the attempts throw and a later one delivers exactly one mail', async () => {
    const application = await seedApplication(database.prisma);
    const notice = aNotice(application.id, { round: 1 });
    // First attempt: every recipient refused; second: the message itself refused; then accepted.
    let refusing: 'rcpt' | 'data' | null = 'rcpt';
    smtp.refuse = (stage) =>
      refusing !== stage ? null : stage === 'rcpt' ? { code: 550, message: 'mailbox unavailable' } : { code: 451, message: 'try again later' };

    await expect(runAttempt(deps, notice)).rejects.toThrow(/mailbox unavailable/);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Failed, attempts: 1, lastError: expect.stringContaining('mailbox unavailable') });
    refusing = 'data';
    await expect(runAttempt(deps, notice)).rejects.toThrow(/try again later/);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Failed, attempts: 2, lastError: expect.stringContaining('try again later') });
    expect(smtp.received).toHaveLength(0);
    refusing = null;

    await runAttempt(deps, notice);
    await runAttempt(deps, notice);

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.parsed.subject).toContain('تکرار ۱');
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Sent, attempts: 3, lastError: null });
    expect(await escalationRows(notice.key)).toHaveLength(1);
  });

  test('given a server that refuses one recipient of two, the other receives the mail and it is not sent again', async () => {
    const application = await seedApplication(database.prisma);
    const notice = aNotice(application.id);
    let rcpts = 0;
    smtp.refuse = (stage) => (stage === 'rcpt' && rcpts++ === 0 ? { code: 550, message: 'no such mailbox' } : null);

    await runAttempt(deps, notice);
    await runAttempt(deps, notice);

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.envelope.to).toHaveLength(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Sent, attempts: 1 });
  });

  test('given an attempt that died after starting its send, a retry sends nothing and marks the mail unconfirmed', async () => {
    const application = await seedApplication(database.prisma);
    const notice = aNotice(application.id);
    await runAttempt(deps, notice);
    expect(smtp.received).toHaveLength(1);
    // What a worker killed between the SMTP answer and recording it leaves behind.
    await database.prisma.outgoingEmail.update({ where: { id: outgoingEmailIdFor(notice.key) }, data: { status: EmailStatus.Sending, sentAt: null } });
    const logger = recordingLogger();

    await runAttempt(deps, notice, logger);
    await runAttempt(deps, notice, logger);

    expect(smtp.received).toHaveLength(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Unconfirmed });
    expect(logger.entries.filter((e) => e.level === 'WARN').map((e) => e.meta?.escalationKey)).toEqual([notice.key, notice.key]);
  });

  test('given a worker process killed with SIGKILL as the server accepts its mail, a retry sends nothing more', async () => {
    const application = await seedApplication(database.prisma);
    const notice = aNotice(application.id, { level: 'reminder' });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'send-in-child.ts'), database.url, smtp.url, JSON.stringify(notice)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    smtp.onAccepted = () => child.kill('SIGKILL');
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    expect({ ...exit, output }).toMatchObject({ signal: 'SIGKILL' });
    expect(smtp.received).toHaveLength(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Sending, attempts: 1 });

    smtp.onAccepted = null;
    await runAttempt(deps, notice);

    expect(smtp.received).toHaveLength(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Unconfirmed, attempts: 1 });
    expect(await escalationRows(notice.key)).toHaveLength(1);
  });

  test('given the province level with no addresses configured, the escalation is recorded and nothing is sent', async () => {
    const application = await seedApplication(database.prisma);
    const notice = aNotice(application.id, { level: 'province' });

    await runAttempt(deps, notice);
    await runAttempt(deps, notice);

    expect(smtp.received).toHaveLength(0);
    expect(await escalationRows(notice.key)).toHaveLength(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.SkippedNoRecipients, recipients: '', attempts: 0 });
  });

  test('given a malformed notice, the activity fails without retrying', async () => {
    const application = await seedApplication(database.prisma);
    const notice = { ...aNotice(application.id), deadline: 'tomorrow' };

    const failure = await runAttempt(deps, notice).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'INVALID_NOTICE', nonRetryable: true });
    expect(await escalationRows(notice.key)).toHaveLength(0);
  });
});
