import { as, TEST_PASSWORD } from '../support/api-harness';
import { submissionRequest } from '../support/bodies';
import { craftUnconfirmedEmail, type DeliverySetup, sleep, startDeliverySetup } from '../support/email-outbox';
import { type Agent, consoleAgent, fieldErrorsOf } from './console-agent';

/**
 * The admins' unconfirmed emails page over HTTP, with a real SMTP server: a form per email for
 * each action, the reason required, refusals beside the field, and the actions on the escalation
 * page and the case's timeline. Unconfirmed emails are crafted in the database (craftUnconfirmedEmail).
 */

let setup: DeliverySetup;
let admin: { agent: Agent; csrf: string };
let applicationId: string;
beforeAll(async () => {
  setup = await startDeliverySetup();
  admin = await consoleAgent(setup.app, 'admin', TEST_PASSWORD);
  // The welfare organization has no contact: its case's own reminder has nobody to go to and sends nothing.
  applicationId = (await as(setup.api, 'otherAgency').post('/applications', submissionRequest()).expect(201)).body.id as string;
}, 120_000);
afterAll(async () => {
  await setup?.stop();
});

const prisma = () => setup.api.harness.prisma;
const post = (emailId: string, action: 'resend' | 'mark-delivered', body: Record<string, unknown>, who = admin) =>
  who.agent.post(`/console/admin/emails/${emailId}/${action}?lang=en`).type('form').send({ _csrf: who.csrf, ...body });
const mailsWith = (messageId: string) => setup.smtp.received.filter((m) => m.parsed.messageId === messageId);
const statusOf = async (emailId: string) => (await prisma().outgoingEmail.findUniqueOrThrow({ where: { id: emailId } })).status;

test('the page lists each unconfirmed email with its case, subject, recipients, time and attempts, and two forms carrying the CSRF token', async () => {
  const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
  const page = await admin.agent.get('/console/admin/emails?lang=en').expect(200);
  expect(page.text).toContain('<h1>Unconfirmed emails</h1>');
  expect(page.text).toContain(`href="/console/cases/${applicationId}"`);
  expect(page.text).toContain(`Stalled case ${applicationId} &lt;escalated&gt;`);
  expect(page.text).toContain('<li dir="ltr">governor-office@lahijan.example</li>');
  for (const action of ['resend', 'mark-delivered']) {
    expect(page.text).toMatch(new RegExp(`action="/console/admin/emails/${crafted.emailId}/${action}"[^>]*>\\s*<input type="hidden" name="_csrf" value="${admin.csrf}">`));
  }
  expect(page.text).toContain(`<label for="field-reason-${crafted.emailId}-resend">Reason`);
  expect(page.text).toContain('href="/console/admin/emails" aria-current="page"');

  const fa = await admin.agent.get('/console/admin/emails?lang=fa').expect(200);
  expect(fa.text).toContain('<html lang="fa" dir="rtl">');
  expect(fa.text).toContain('نامه‌های تأییدنشده');
  expect(fa.text).toMatch(/<td class="num">[۰-۹]+<\/td>/);
});

test('a form without a reason, or with one too long, is a 422 with the error beside its own field and in the summary; nothing changes', async () => {
  const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
  const empty = await post(crafted.emailId, 'resend', { reason: '  ' });
  expect(empty.status).toBe(422);
  expect(fieldErrorsOf(empty.text)).toEqual({ [`reason-${crafted.emailId}-resend`]: 'Give a reason.' });
  expect(empty.text).toContain(`<a href="#field-reason-${crafted.emailId}-resend">Reason</a>`);
  const long = await post(crafted.emailId, 'mark-delivered', { reason: 'y'.repeat(501) });
  expect(long.status).toBe(422);
  expect(fieldErrorsOf(long.text)).toEqual({ [`reason-${crafted.emailId}-mark_delivered`]: 'At most 500 characters.' });
  expect(long.text).toContain(`value="${'y'.repeat(501)}"`);
  expect(await statusOf(crafted.emailId)).toBe('unconfirmed');
  expect(await prisma().emailIntervention.count({ where: { emailId: crafted.emailId } })).toBe(0);
});

test('resending delivers the same Message-ID once, then the email leaves the page, and a second try is refused with 409', async () => {
  const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
  const done = await post(crafted.emailId, 'resend', { reason: 'the worker died mid-send' });
  expect(done.status).toBe(303);
  expect(done.headers.location).toBe('/console/admin/emails?done=resent');
  expect(mailsWith(crafted.messageId)).toHaveLength(1);
  expect(await statusOf(crafted.emailId)).toBe('sent');
  const after = await admin.agent.get('/console/admin/emails?done=resent&lang=en').expect(200);
  expect(after.text).toContain('The email was sent again.');
  expect(after.text).not.toContain(crafted.emailId);

  const again = await post(crafted.emailId, 'mark-delivered', { reason: 'twice' });
  expect(again.status).toBe(409);
  expect(again.text).toContain('This email is no longer unconfirmed');
  expect(await prisma().emailIntervention.count({ where: { emailId: crafted.emailId } })).toBe(1);
});

test('marking delivered sends nothing, and the escalation page and the case timeline show the action with its reason and admin', async () => {
  const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
  const escalation = await prisma().escalation.findUniqueOrThrow({ where: { escalationKey: crafted.escalationKey } });
  const before = await admin.agent.get(`/console/escalations/${escalation.id}?lang=en`).expect(200);
  expect(before.text).toContain('<span class="badge badge-warning">Unconfirmed</span>');

  expect((await post(crafted.emailId, 'mark-delivered', { reason: 'the office has it <on paper>' })).status).toBe(303);
  await sleep(300);
  expect(mailsWith(crafted.messageId)).toHaveLength(0);

  const page = await admin.agent.get(`/console/escalations/${escalation.id}?lang=en`).expect(200);
  expect(page.text).toContain('<span class="badge">Sent</span>');
  expect(page.text).toMatch(/<th scope="row">Marked delivered<\/th><td dir="auto">user-operator<\/td><td dir="auto">the office has it &lt;on paper&gt;<\/td>/);
  const list = await admin.agent.get('/console/escalations?lang=en').expect(200);
  expect(list.text).toContain('<th scope="col">Delivery</th>');

  const timeline = await admin.agent.get(`/console/cases/${applicationId}?lang=en`).expect(200);
  expect(timeline.text).toContain('<th scope="row">Escalation email marked delivered</th>');
  expect(timeline.text).toContain('the office has it &lt;on paper&gt;');
  expect(timeline.text).toContain('<dt>Delivery</dt><dd>Sent</dd>');
  // The agency reads its case's deliveries, not the admins' reasons.
  const agency = await consoleAgent(setup.app, 'otheragency', TEST_PASSWORD);
  const theirs = await agency.agent.get(`/console/cases/${applicationId}?lang=en`).expect(200);
  expect(theirs.text).toContain('<dt>Delivery</dt><dd>Sent</dd>');
  expect(theirs.text).not.toContain('on paper');
});

test('an SMTP server that refuses the resend leaves the email unconfirmed and says so with 502', async () => {
  const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
  setup.smtp.refuse = (stage) => (stage === 'data' ? { code: 451, message: 'try later' } : null);
  try {
    const res = await post(crafted.emailId, 'resend', { reason: 'try it' });
    expect(res.status).toBe(502);
    expect(res.text).toContain('the email is unconfirmed again');
  } finally {
    setup.smtp.refuse = null;
  }
  expect(await statusOf(crafted.emailId)).toBe('unconfirmed');
});

test('an unknown email or action is the 404 page; without the CSRF token nothing is done', async () => {
  const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
  expect((await post('no-such-email', 'resend', { reason: 'x' })).status).toBe(404);
  for (const action of ['delete', 'constructor', '__proto__']) {
    expect((await admin.agent.post(`/console/admin/emails/${crafted.emailId}/${action}`).type('form').send({ _csrf: admin.csrf, reason: 'x' })).status).toBe(404);
  }
  expect((await admin.agent.post(`/console/admin/emails/${crafted.emailId}/resend`).type('form').send({ reason: 'x' })).status).toBe(403);
  expect(await statusOf(crafted.emailId)).toBe('unconfirmed');
  expect(mailsWith(crafted.messageId)).toHaveLength(0);
});

test.each(['official', 'bank', 'agency'])('%s gets the 403 page and cannot act, and has no link to the page', async (who) => {
  const crafted = await craftUnconfirmedEmail(prisma(), applicationId);
  const person = await consoleAgent(setup.app, who, TEST_PASSWORD);
  expect((await person.agent.get('/console/admin/emails')).status).toBe(403);
  expect((await post(crafted.emailId, 'resend', { reason: 'mine' }, person)).status).toBe(403);
  expect((await post(crafted.emailId, 'mark-delivered', { reason: 'mine' }, person)).status).toBe(403);
  const home = await person.agent.get('/console/cases?lang=en').expect(200);
  expect(home.text).not.toContain('/console/admin/emails');
  expect(await statusOf(crafted.emailId)).toBe('unconfirmed');
  expect(mailsWith(crafted.messageId)).toHaveLength(0);
});
