import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { messageIdFor } from '../../activities/escalation-outbox';
import { digestEmailIdFor, digestKeyFor } from '../../activities/weekly-digest-outbox';
import { loadConfig } from '../../config/config';
import { defaultDeadlineDays } from '../../config/escalation-policy';
import type { EscalationPolicy, WaitKind } from '../../domain/deadlines';
import { weekEndedBefore } from '../../domain/figures/week';
import { createMailer, createSmtpMailer, type Mailer } from '../../mail/mailer';
import { calendarScheduleShape } from '../../server/calendar-schedule';
import { DIGEST_SCHEDULE_ID, ensureDigestSchedule } from '../../server/digest-schedule';
import { weeklyDigestWorkflow } from '../../workflows/weekly-digest';
import { agency, bank } from '../../support/fixtures';
import { type Harness, type RunningWorker, startHarness } from '../support/harness';
import { type RecordingSmtpServer, startRecordingSmtpServer } from '../../support/recording-smtp-server';
import { referredToBank, submitted } from '../support/walk';
import { governorsOffice, seedWeek, startDigestWorker, triggerDigest } from './support/weekly-digest-setup';

/**
 * The weekly digest on the real stack: a dev server with its Schedule, PostgreSQL, and a real
 * SMTP server that records what it receives. Cases are stalled by real workflows whose every
 * wait is due after one second; the week's figures come from rows seeded in the last whole week.
 */
const policy: EscalationPolicy = {
  weekend: ['friday'],
  holidays: [],
  dayLengthMs: 1000,
  deadlineDays: Object.fromEntries(Object.keys(defaultDeadlineDays).map((kind) => [kind, 1])) as Record<WaitKind, number>,
  categoryDeadlineDays: {},
  escalateAfterDays: 100,
  repeatEveryDays: 100,
  provinceAfterRepeats: null,
};
const STALLED = 11;

let harness: Harness;
let smtp: RecordingSmtpServer;
let mailer: Mailer;
let reminders: Mailer;
let digestWorker: RunningWorker;
const taskQueue = `digest-${randomUUID()}`;
/** The stalled cases, the longest overdue first. */
const stalled: string[] = [];

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), 'weekly-digest-')) });
  // The reminders of the stalled cases go to a file outbox, out of the digest's SMTP server.
  reminders = createMailer(config);
  [harness, smtp] = await Promise.all([startHarness({ escalation: policy, notifications: { mailer: reminders, config } }), startRecordingSmtpServer()]);
  mailer = createSmtpMailer(smtp.url);
  // Contact addresses, so that the reminders are mailed rather than warned about.
  for (const { organizationId } of [agency, bank]) {
    await harness.prisma.organization.update({ where: { id: organizationId }, data: { contactEmail: `desk@${organizationId}.example` } });
  }
  digestWorker = await startDigestWorker(harness, taskQueue, mailer);
  await seedWeek(harness.prisma, weekEndedBefore(new Date()));
  for (let i = 0; i < STALLED; i++) stalled.push(i % 4 === 3 ? await referredToBank(harness.workflows) : await submitted(harness.workflows));
  // Every case past its deadline, and visibility caught up with all of them.
  const deadline = Date.now() + 30_000;
  while ((await harness.workflows.stalledCases({ now: new Date() })).length < STALLED) {
    if (Date.now() > deadline) throw new Error('the cases did not stall');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 120_000);
afterAll(async () => {
  await digestWorker?.stop();
  await harness?.stop();
  await mailer?.close();
  await reminders?.close();
  await smtp?.close();
});

const digestMails = () => smtp.received.filter((mail) => mail.parsed.subject?.includes('Weekly digest'));

test('given a start, the Schedule is created for Saturday 08:00 Tehran time; a second start changes nothing, a changed time updates the one Schedule', async () => {
  const { client } = harness.env;
  const saturday = loadConfig({}).DIGEST_SCHEDULE;

  expect(await ensureDigestSchedule(client, { taskQueue, time: saturday })).toBe('created');
  const created = await client.schedule.getHandle(DIGEST_SCHEDULE_ID).describe();
  expect(calendarScheduleShape(created)).toEqual({
    dayOfWeek: 'SATURDAY', hour: 8, minute: 0, timezone: 'Asia/Tehran',
    taskQueue, workflowType: 'weeklyDigestWorkflow', overlap: 'BUFFER_ONE', catchupWindowMs: 86_400_000,
  });
  // Saturday 08:00 in Tehran (UTC+03:30) is Saturday 04:30 UTC.
  const next = created.info.nextActionTimes[0]!;
  expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([6, 4, 30]);

  expect(await ensureDigestSchedule(client, { taskQueue, time: saturday })).toBe('unchanged');
  const again = await client.schedule.getHandle(DIGEST_SCHEDULE_ID).describe();
  expect(again.info.lastUpdatedAt).toBeUndefined();
  expect(again.info.createdAt).toEqual(created.info.createdAt);

  expect(await ensureDigestSchedule(client, { taskQueue, time: { dayOfWeek: 'SUNDAY', hour: 9, minute: 30 } })).toBe('updated');
  expect(calendarScheduleShape(await client.schedule.getHandle(DIGEST_SCHEDULE_ID).describe())).toMatchObject({ dayOfWeek: 'SUNDAY', hour: 9, minute: 30, timezone: 'Asia/Tehran' });
  expect(await ensureDigestSchedule(client, { taskQueue, time: saturday })).toBe('updated');

  const schedules = [];
  for await (const schedule of client.schedule.list()) schedules.push(schedule.scheduleId);
  expect(schedules).toEqual([DIGEST_SCHEDULE_ID]);
});

test("given the Schedule triggered, the governor's office receives one digest in Persian and English with the week's figures and the ten longest-stalled cases linked", async () => {
  const week = weekEndedBefore(new Date());
  await ensureDigestSchedule(harness.env.client, { taskQueue, time: loadConfig({}).DIGEST_SCHEDULE });

  const outcome = await triggerDigest(harness.env.client);

  expect(outcome).toEqual({ week: week.label, status: 'sent' });
  const [mail, ...more] = digestMails();
  expect(more).toHaveLength(0);
  const { envelope, parsed } = mail!;
  expect(envelope.to.sort()).toEqual([...governorsOffice].sort());
  expect(parsed.messageId).toBe(messageIdFor(digestKeyFor(week.label)));
  expect(parsed.subject).toContain('گزارش هفتگی تسهیلات اشتغال');
  expect(parsed.subject).toContain('Weekly digest of employment loans');
  // The week in Jalali, Saturday to Friday; the body gives the Gregorian beside it.
  const [first, last] = week.label.split('..').map((day) => day.replace(/-/g, '/'));
  expect(parsed.subject).toContain(`week ${first} – ${last}`);

  const html = String(parsed.html);
  expect(html.indexOf('dir="rtl" lang="fa"')).toBeLessThan(html.indexOf('dir="ltr" lang="en"'));
  const text = parsed.text ?? '';
  // The week's figures: what was seeded inside the week, nothing from just before or at its end.
  expect(text).toContain('Applications submitted: 3');
  expect(text).toContain('Applications approved by the banks: 2, for 200,000,000,000 rials');
  expect(text).toContain('Tranches paid: 1, for 60,000,000,000 rials');
  expect(text).toContain('Rejected, by reason: insufficient guarantee: 1');
  expect(text).toContain('Escalations sent: 1');
  expect(text).toContain(`Cases stalled now: ${STALLED}`);
  expect(text).toContain('درخواست‌های ثبت‌شده: ۳');
  expect(text).toContain('درخواست‌های تصویب‌شده توسط بانک‌ها: ۲ پرونده، ۲۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال');
  expect(text).toContain('اقساط پرداخت‌شده: ۱ قسط، ۶۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال');
  expect(text).toContain('وثیقه ناکافی: ۱');
  expect(text.indexOf('درخواست‌های ثبت‌شده')).toBeLessThan(text.indexOf('Applications submitted'));
  expect(text).toContain(`The 10 longest-stalled cases (of ${STALLED} stalled now)`);

  // The ten overdue longest, linked in both languages; the eleventh is counted, not listed.
  for (const id of stalled.slice(0, 10)) {
    expect(html.split(`href="https://loans.lahijan.example/applications/${id}"`)).toHaveLength(3);
  }
  expect(html).not.toContain(stalled[10]!);
  expect(html).toContain('کمیته امداد امام خمینی');
  expect(html).toContain('Bank Melli');
  expect(html).toContain('categorization and referral to a bank by the agency');
  expect(html).toContain("the bank&#39;s acknowledgement of receipt");
  const reference = (await harness.prisma.application.findUniqueOrThrow({ where: { id: stalled[0]! } })).agencyReference;
  expect(html).toContain(reference);

  const row = await harness.prisma.outgoingEmail.findUniqueOrThrow({ where: { id: digestEmailIdFor(week.label) } });
  expect(row).toMatchObject({ status: 'sent', attempts: 1, applicationId: null });
});

test('given the same week triggered again, twice by the Schedule and once by hand, no second digest is sent', async () => {
  const week = weekEndedBefore(new Date());
  const before = digestMails().length;
  await ensureDigestSchedule(harness.env.client, { taskQueue, time: loadConfig({}).DIGEST_SCHEDULE });

  const outcomes = await Promise.all([
    triggerDigest(harness.env.client),
    harness.env.client.workflow.execute(weeklyDigestWorkflow, { taskQueue, workflowId: `manual-digest-${randomUUID()}`, args: [{}] }),
  ]);
  outcomes.push(await triggerDigest(harness.env.client));

  expect(outcomes).toEqual([0, 1, 2].map(() => ({ week: week.label, status: 'sent' })));
  expect(digestMails()).toHaveLength(before);
  expect(await harness.prisma.outgoingEmail.count({ where: { id: digestEmailIdFor(week.label) } })).toBe(1);
});

test('given two runs racing for a week not yet sent, one digest is sent for it', async () => {
  const lastWeek = new Date(Date.now() - 7 * 86_400_000);
  const week = weekEndedBefore(lastWeek);
  const run = () => harness.env.client.workflow.execute(weeklyDigestWorkflow, { taskQueue, workflowId: `manual-digest-${randomUUID()}`, args: [{ asOf: lastWeek.toISOString() }] });

  const outcomes = await Promise.all([run(), run()]);

  expect(outcomes).toEqual([{ week: week.label, status: 'sent' }, { week: week.label, status: 'sent' }]);
  expect(digestMails().filter((mail) => mail.parsed.messageId === messageIdFor(digestKeyFor(week.label)))).toHaveLength(1);
});
