import { spawn } from 'node:child_process';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { EmailStatus, messageIdFor, outgoingEmailIdFor } from '../../activities/notify-stalled-case';
import { recordingLogger, runAttempt } from './activity-context';
import { rowsOf, useMailTestBed } from './mail-test-bed';
import { aNotice, bankContact, bankOfficer, governorsOffice, notifyConfig, seedApplication } from './seed';

const bed = useMailTestBed();
const rows = rowsOf(bed);
const emailRow = rows.email;
const escalationRows = rows.escalations;

describe('notifyStalledCase', () => {
  test("given a case stalled at the bank, the governor's office receives one mail in Persian with English beneath", async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id);

    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received).toHaveLength(1);
    const [{ envelope, parsed }] = bed.smtp.received as [(typeof bed.smtp.received)[number]];
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
    // Initials only: the mail leaves for inboxes nobody here controls (issue 14).
    expect(html).toContain('م. ر.');
    const mail = `${parsed.subject} ${html} ${String(parsed.text)}`;
    for (const particular of ['مریم رحیمی', application.nationalId, '+989111234567', 'Kashef Street']) expect(mail).not.toContain(particular);
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
    const application = await seedApplication(bed.database.prisma);

    await runAttempt(bed.deps, aNotice(application.id, { level: 'reminder' }));

    expect(bed.smtp.received).toHaveLength(1);
    expect(bed.smtp.received[0]!.envelope.to.sort()).toEqual([bankContact, bankOfficer].sort());
    expect(bed.smtp.received[0]!.parsed.subject).toContain('یادآوری');
  });

  test('given an applicant name and a file number that try to inject headers, the mail carries no extra header or recipient', async () => {
    const application = await seedApplication(bed.database.prisma, {
      applicantName: 'Ali Rezaei\r\nBcc: attacker@evil.example\r\nX-Injected: yes',
      agencyReference: 'REF-1\nSubject: forged <script>alert(1)</script>',
    });
    const notice = aNotice(application.id);

    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received).toHaveLength(1);
    const { envelope, parsed } = bed.smtp.received[0]!;
    expect(envelope.to.sort()).toEqual([...governorsOffice].sort());
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.subject).not.toMatch(/[\r\n]/);
    // The name reaches the mail only as its initials.
    expect(parsed.subject).toContain('A. R. B. A. X. Y.');
    expect(`${parsed.subject} ${String(parsed.html)}`).not.toContain('attacker');
    expect(parsed.headerLines.filter((h) => h.key === 'subject')).toHaveLength(1);
    const html = String(parsed.html);
    expect(html).not.toContain('<script>');
    expect(html).toContain('REF-1 Subject: forged &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(parsed.text).not.toMatch(/^Subject: forged/m);
  });

  test('given a retried attempt, one mail is sent and one escalation recorded', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id);

    await runAttempt(bed.deps, notice);
    await runAttempt(bed.deps, notice);
    await Promise.all([runAttempt(bed.deps, notice), runAttempt(bed.deps, notice)]);

    expect(bed.smtp.received).toHaveLength(1);
    expect(await escalationRows(notice.key)).toHaveLength(1);
    expect(await bed.database.prisma.outgoingEmail.count({ where: { applicationId: application.id } })).toBe(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Sent, attempts: 1 });
  });

  test('given an attempt that died after starting its send, a retry sends nothing and marks the mail unconfirmed', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id);
    await runAttempt(bed.deps, notice);
    expect(bed.smtp.received).toHaveLength(1);
    // What a worker killed between the SMTP answer and recording it leaves behind.
    await bed.database.prisma.outgoingEmail.update({ where: { id: outgoingEmailIdFor(notice.key) }, data: { status: EmailStatus.Sending, sentAt: null } });
    const logger = recordingLogger();

    await runAttempt(bed.deps, notice, logger);
    await runAttempt(bed.deps, notice, logger);

    expect(bed.smtp.received).toHaveLength(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Unconfirmed });
    expect(logger.entries.filter((e) => e.level === 'WARN').map((e) => e.meta?.escalationKey)).toEqual([notice.key, notice.key]);
  });

  test('given a worker process killed with SIGKILL as the server accepts its mail, a retry sends nothing more', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id, { level: 'reminder' });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'send-in-child.ts'), bed.database.url, bed.smtp.url, JSON.stringify(notice)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    bed.smtp.onAccepted = () => child.kill('SIGKILL');
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    expect({ ...exit, output }).toMatchObject({ signal: 'SIGKILL' });
    expect(bed.smtp.received).toHaveLength(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Sending, attempts: 1 });

    bed.smtp.onAccepted = null;
    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received).toHaveLength(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Unconfirmed, attempts: 1 });
    expect(await escalationRows(notice.key)).toHaveLength(1);
  });

  test("given a case escalated the most times allowed, the abandoned notice goes once to the governor's office and the province, saying no more reminders will come", async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id, { level: 'abandoned' });
    const province = 'employment@gilan.example';
    const deps = { ...bed.deps, config: { ...notifyConfig, PROVINCE_OFFICE_EMAILS: [province] } };

    await runAttempt(deps, notice);
    await runAttempt(deps, notice);

    expect(bed.smtp.received).toHaveLength(1);
    const { envelope, parsed } = bed.smtp.received[0]!;
    expect(envelope.to.sort()).toEqual([...governorsOffice, province].sort());
    expect(parsed.subject).toContain('پرونده رهاشده پس از حداکثر ارجاع');
    expect(parsed.subject).toContain('Abandoned after the most escalations allowed');
    const text = parsed.text ?? '';
    expect(text.indexOf('یادآوری دیگری فرستاده نمی‌شود')).toBeLessThan(text.indexOf('No more reminders will be sent for this wait'));
    expect(text).toContain('escalated the maximum number of times without any movement');
    expect(text).toContain('flagged as abandoned in the figures');
    expect(String(parsed.html)).toContain('در آمار به‌عنوان رهاشده علامت‌گذاری شده است');
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.Sent, attempts: 1 });
    expect(await escalationRows(notice.key)).toEqual([expect.objectContaining({ level: 'abandoned' })]);
  });

  test("given no province addresses, the abandoned notice goes to the governor's office alone", async () => {
    const application = await seedApplication(bed.database.prisma);

    await runAttempt(bed.deps, aNotice(application.id, { level: 'abandoned' }));

    expect(bed.smtp.received.map((mail) => mail.envelope.to.sort())).toEqual([[...governorsOffice].sort()]);
  });

  test('given the province level with no addresses configured, the escalation is recorded and nothing is sent', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id, { level: 'province' });

    await runAttempt(bed.deps, notice);
    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received).toHaveLength(0);
    expect(await escalationRows(notice.key)).toHaveLength(1);
    expect(await emailRow(notice.key)).toMatchObject({ status: EmailStatus.SkippedNoRecipients, recipients: '', attempts: 0 });
  });

  test('given a malformed notice, the activity fails without retrying', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = { ...aNotice(application.id), deadline: 'tomorrow' };

    const failure = await runAttempt(bed.deps, notice).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'INVALID_NOTICE', nonRetryable: true });
    expect(await escalationRows(notice.key)).toHaveLength(0);
  });
});
