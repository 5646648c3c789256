import request from 'supertest';
import { bearer, type CallerName } from './support/api-harness';
import { categorizeRequest, submissionRequest } from './support/bodies';
import { AGENCY_CONTACT, craftUnconfirmedEmail, type DeliverySetup, sleep, startDeliverySetup, until } from './support/email-outbox';

/**
 * Escalations' delivery status in GET /applications/:id/steps, for reminders really mailed
 * through a real SMTP server by the worker, and the admins' endpoints that settle an email left
 * unconfirmed (rows crafted in the database: see craftUnconfirmedEmail).
 */

let setup: DeliverySetup;
beforeAll(async () => {
  setup = await startDeliverySetup();
}, 120_000);
afterAll(async () => {
  await setup?.stop();
});

const prisma = () => setup.api.harness.prisma;
const client = (caller: CallerName) => ({
  get: (path: string) => request(setup.app).get(path).set(bearer(setup.api.keys[caller])),
  post: (path: string, body: object, headers: Record<string, string> = {}) => request(setup.app).post(path).set(bearer(setup.api.keys[caller])).set(headers).send(body),
});
const mailsWith = (messageId: string) => setup.smtp.received.filter((m) => m.parsed.messageId === messageId);

async function submit(caller: CallerName = 'agency'): Promise<string> {
  const res = await client(caller).post('/applications', submissionRequest());
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function escalationsOf(id: string, caller: CallerName = 'agency'): Promise<Array<{ deliveryStatus: string; emailId: string | null; level: string }>> {
  const res = await client(caller).get(`/applications/${id}/steps`);
  expect(res.status).toBe(200);
  return res.body.escalations;
}

const emailOf = (id: string) => prisma().outgoingEmail.findFirstOrThrow({ where: { applicationId: id } });
const statusOf = async (emailId: string) => (await prisma().outgoingEmail.findUniqueOrThrow({ where: { id: emailId } })).status;

describe('the delivery status of escalations in GET /applications/:id/steps', () => {
  afterEach(() => {
    setup.smtp.refuse = null;
  });

  test('given a reminder the SMTP server accepts, its escalation reads sent, naming its email', async () => {
    const id = await submit();
    await until(async () => (await prisma().outgoingEmail.count({ where: { applicationId: id, status: 'sent' } })) === 1);
    const email = await emailOf(id);
    expect(mailsWith(email.messageId).map((m) => m.envelope.to)).toEqual([[AGENCY_CONTACT]]);
    expect(await escalationsOf(id)).toEqual([expect.objectContaining({ level: 'reminder', deliveryStatus: 'sent', emailId: email.id })]);
  });

  test('given an SMTP server that refuses for now, the reminder reads queued while Temporal retries, and failed once the case moved on', async () => {
    setup.smtp.refuse = (stage) => (stage === 'data' ? { code: 451, message: 'mailbox temporarily unavailable' } : null);
    const id = await submit();
    await until(async () => (await prisma().outgoingEmail.count({ where: { applicationId: id, status: 'failed' } })) === 1);
    expect((await escalationsOf(id)).map((e) => e.deliveryStatus)).toEqual(['queued']);

    // The step ends the wait: the workflow cancels the notice, so nobody retries it any more.
    expect((await client('agency').post(`/applications/${id}/steps/categorize`, categorizeRequest())).status).toBe(200);
    await sleep(1500);
    // A retry that started in the instant between the step's write and the cancellation skips the mail instead.
    const settled = (await emailOf(id)).status;
    expect(['failed', 'skipped_wait_ended']).toContain(settled);
    expect((await escalationsOf(id)).map((e) => e.deliveryStatus)).toEqual([settled === 'failed' ? 'failed' : 'skipped']);
  });

  test('given a holder with no contact, the reminder reads skipped', async () => {
    const id = await submit('otherAgency');
    await until(async () => (await prisma().escalation.count({ where: { applicationId: id } })) === 1);
    expect((await emailOf(id)).status).toBe('skipped_no_recipients');
    expect((await escalationsOf(id, 'otherAgency')).map((e) => e.deliveryStatus)).toEqual(['skipped']);
  });

  test('given an email a worker died sending, its escalation reads unconfirmed, not sent', async () => {
    const id = await submit('otherAgency');
    const crafted = await craftUnconfirmedEmail(prisma(), id);
    const escalations = await escalationsOf(id, 'otherAgency');
    expect(escalations.find((e) => e.emailId === crafted.emailId)?.deliveryStatus).toBe('unconfirmed');
  });
});

describe('admins settle unconfirmed emails', () => {
  let applicationId: string;
  beforeAll(async () => {
    applicationId = await submit('otherAgency');
  });
  afterEach(() => {
    setup.smtp.refuse = null;
  });

  test('GET /admin/emails lists the unconfirmed emails with their application, subject, recipients, creation and attempts', async () => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
    const res = await client('admin').get('/admin/emails?status=unconfirmed');
    expect(res.status).toBe(200);
    const item = res.body.items.find((e: { id: string }) => e.id === crafted.emailId);
    expect(item).toMatchObject({
      applicationId,
      subject: crafted.subject,
      status: 'unconfirmed',
      messageId: crafted.messageId,
      attempts: 1,
      recipients: [{ address: 'governor-office@lahijan.example', status: 'pending', lastResponse: null }],
      interventions: [],
    });
    expect(new Date(item.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(res.body.items.every((e: { status: string }) => e.status === 'unconfirmed')).toBe(true);
    expect((await client('admin').get('/admin/emails')).body.items.map((e: { id: string }) => e.id)).toContain(crafted.emailId);
  });

  test('a resend delivers the same message, with the same Message-ID, to the recipients who have not refused it, and the email reads sent', async () => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId, [
      { address: 'governor-office@lahijan.example', status: 'pending' },
      { address: 'gone@lahijan.example', status: 'rejected_permanently' },
    ]);
    const res = await client('admin').post(`/admin/emails/${crafted.emailId}/resend`, { reason: 'the worker died mid-send; the office did not get it' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'partly_rejected', attempts: 2, interventions: [{ action: 'resend', adminUserId: 'user-operator', reason: 'the worker died mid-send; the office did not get it' }] });

    const [mail, ...more] = mailsWith(crafted.messageId);
    expect(more).toHaveLength(0);
    expect(mail!.envelope.to).toEqual(['governor-office@lahijan.example']);
    expect(mail!.parsed.subject).toBe(crafted.subject);
    const recipients = await prisma().emailRecipient.findMany({ where: { emailId: crafted.emailId }, orderBy: { address: 'asc' } });
    expect(recipients.map((r) => [r.address, r.status])).toEqual([
      ['gone@lahijan.example', 'rejected_permanently'],
      ['governor-office@lahijan.example', 'accepted'],
    ]);
    const escalations = await escalationsOf(applicationId, 'otherAgency');
    expect(escalations.find((e) => e.emailId === crafted.emailId)?.deliveryStatus).toBe('sent');
    expect((await client('admin').get('/admin/emails')).body.items.map((e: { id: string }) => e.id)).not.toContain(crafted.emailId);
  });

  test('mark-delivered sets the email sent and sends nothing', async () => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
    const res = await client('admin').post(`/admin/emails/${crafted.emailId}/mark-delivered`, { reason: 'the office confirmed it by phone' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'sent', attempts: 1, interventions: [{ action: 'mark_delivered', reason: 'the office confirmed it by phone' }] });
    await sleep(500);
    expect(mailsWith(crafted.messageId)).toHaveLength(0);
    expect(await statusOf(crafted.emailId)).toBe('sent');
  });

  test('two admins resending at once: one resends, the other gets 409, and the mail goes once', async () => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
    const path = `/admin/emails/${crafted.emailId}/resend`;
    const answers = await Promise.all([client('admin').post(path, { reason: 'first click' }), client('admin').post(path, { reason: 'second click' })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    await sleep(500);
    expect(mailsWith(crafted.messageId)).toHaveLength(1);
    expect(await prisma().emailIntervention.count({ where: { emailId: crafted.emailId } })).toBe(1);

    const both = await craftUnconfirmedEmail(prisma(), applicationId);
    const mixed = await Promise.all([
      client('admin').post(`/admin/emails/${both.emailId}/resend`, { reason: 'resend it' }),
      client('admin').post(`/admin/emails/${both.emailId}/mark-delivered`, { reason: 'it arrived' }),
    ]);
    expect(mixed.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await prisma().emailIntervention.count({ where: { emailId: both.emailId } })).toBe(1);
  });

  test('from any other status both actions answer 409 with a clear message and change nothing', async () => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
    await prisma().outgoingEmail.update({ where: { id: crafted.emailId }, data: { status: 'sent' } });
    for (const action of ['resend', 'mark-delivered']) {
      const res = await client('admin').post(`/admin/emails/${crafted.emailId}/${action}`, { reason: 'again' });
      expect(res.status).toBe(409);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.detail).toBe(`outgoing email ${crafted.emailId} is sent, not unconfirmed: only an unconfirmed email may be resent or marked delivered`);
    }
    expect(await prisma().emailIntervention.count({ where: { emailId: crafted.emailId } })).toBe(0);
    expect(mailsWith(crafted.messageId)).toHaveLength(0);
  });

  test('a missing, empty or too long reason is a 422 naming it, and an unknown email a 404; nothing changes', async () => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 7 }, { reason: 'ok', extra: 1 }]) {
      const res = await client('admin').post(`/admin/emails/${crafted.emailId}/resend`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 422 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('extra' in body ? 'extra' : 'reason');
    }
    expect((await client('admin').post('/admin/emails/no-such-email/mark-delivered', { reason: 'x' })).status).toBe(404);
    expect((await client('admin').get('/admin/emails?status=lost')).status).toBe(422);
    expect(await statusOf(crafted.emailId)).toBe('unconfirmed');
    expect(await prisma().emailIntervention.count({ where: { emailId: crafted.emailId } })).toBe(0);
  });

  test('a reason of exactly 500 characters is kept', async () => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
    const res = await client('admin').post(`/admin/emails/${crafted.emailId}/mark-delivered`, { reason: 'ر'.repeat(500) });
    expect(res.status).toBe(200);
    expect((await prisma().emailIntervention.findFirstOrThrow({ where: { emailId: crafted.emailId } })).reason).toHaveLength(500);
  });

  test.each(['agency', 'bank', 'official'] as const)('%s gets 403 from every admin email endpoint, and nothing changes', async (caller) => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
    expect((await client(caller).get('/admin/emails')).status).toBe(403);
    for (const action of ['resend', 'mark-delivered']) expect((await client(caller).post(`/admin/emails/${crafted.emailId}/${action}`, { reason: 'mine' })).status).toBe(403);
    const anonymous = await request(setup.app).post(`/admin/emails/${crafted.emailId}/resend`).send({ reason: 'x' });
    expect(anonymous.status).toBe(401);
    expect(await statusOf(crafted.emailId)).toBe('unconfirmed');
    expect(mailsWith(crafted.messageId)).toHaveLength(0);
  });

  test('a resend repeated with the same Idempotency-Key gets the first answer again and mails once', async () => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
    const headers = { 'Idempotency-Key': `resend-${crafted.emailId}` };
    const first = await client('admin').post(`/admin/emails/${crafted.emailId}/resend`, { reason: 'retry-safe' }, headers);
    const again = await client('admin').post(`/admin/emails/${crafted.emailId}/resend`, { reason: 'retry-safe' }, headers);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(mailsWith(crafted.messageId)).toHaveLength(1);
  });

  test('a resend the SMTP server refuses answers 502 and leaves the email unconfirmed, with the attempt on record', async () => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
    setup.smtp.refuse = (stage) => (stage === 'data' ? { code: 451, message: 'try later' } : null);
    const res = await client('admin').post(`/admin/emails/${crafted.emailId}/resend`, { reason: 'first try' });
    expect(res.status).toBe(502);
    expect(res.body.detail).toContain('unconfirmed again');
    expect(await statusOf(crafted.emailId)).toBe('unconfirmed');
    expect(await prisma().emailIntervention.count({ where: { emailId: crafted.emailId, action: 'resend' } })).toBe(1);

    setup.smtp.refuse = null;
    expect((await client('admin').post(`/admin/emails/${crafted.emailId}/resend`, { reason: 'second try' })).status).toBe(200);
    expect(mailsWith(crafted.messageId)).toHaveLength(1);
  });

  test('an API without a mailer refuses a resend with 503 and changes nothing', async () => {
    const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
    const res = await request(setup.api.app).post(`/admin/emails/${crafted.emailId}/resend`).set(bearer(setup.api.keys.admin)).send({ reason: 'no mailer here' });
    expect(res.status).toBe(503);
    expect(await statusOf(crafted.emailId)).toBe('unconfirmed');
    expect(await prisma().emailIntervention.count({ where: { emailId: crafted.emailId } })).toBe(0);
  });
});
