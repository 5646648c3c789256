import { setPassword } from '../../../api/console/people';
import { bank } from '../../../support/fixtures';
import { approved } from '../../support/walk';
import { type ApiHarness, startApiHarness, TEST_PASSWORD } from '../support/api-harness';
import { csrfOf, fieldErrorsOf, formIdOf, signedInAgents } from './console-agent';

/** Four eyes on the case page: the recorder told to wait, a second clerk confirming, any clerk cancelling. */

let api: ApiHarness;
const SECOND = { userId: 'user-bank-melli-2', username: 'bank2' };

beforeAll(async () => {
  api = await startApiHarness();
  const { prisma } = api.harness;
  await prisma.organization.update({ where: { id: bank.organizationId }, data: { fourEyes: true } });
  await prisma.user.create({ data: { id: SECOND.userId, organizationId: bank.organizationId, role: 'bank', name: 'Second clerk' } });
  await setPassword(prisma, SECOND.userId, SECOND.username, TEST_PASSWORD);
}, 120_000);
afterAll(() => api.stop());

/** People signed in through the sign-in form, one agent each for the file. */
const signedIn = signedInAgents(() => api.app, TEST_PASSWORD);
const pageOf = async (username: string, id: string, query = '') => (await (await signedIn(username)).get(`/console/cases/${id}${query}`).expect(200)).text;
const rowOf = (id: string) => api.harness.prisma.application.findUniqueOrThrow({ where: { id }, include: { disbursements: true } });

async function recordTranche(username: string, id: string, paymentReference: string) {
  const agent = await signedIn(username);
  const page = await pageOf(username, id);
  const answer = await agent
    .post(`/console/cases/${id}/steps/disburse-tranche`)
    .type('form')
    .send({ _csrf: csrfOf(page), formId: formIdOf(page, 'disburse-tranche'), amount: '۵۰۰۰۰۰۰۰۰۰۰', paymentReference, comment: '' });
  expect(answer.status).toBe(303);
  return String(answer.headers.location);
}

test('the recorder is told a second person must confirm; the second clerk confirms from the case page and the tranche is paid', async () => {
  const id = await approved(api.harness.workflows);
  const location = await recordTranche('bank', id, 'PAY-C-1');
  expect(location).toBe(`/console/cases/${id}?done=disburse-tranche&pending=tranche`);
  const recorderPage = await pageOf('bank', id, location.slice(location.indexOf('?')));
  expect(recorderPage).toContain('The tranche was recorded and awaits a second user of the bank');
  expect(recorderPage).toContain('Tranche awaiting a second person’s confirmation');
  expect(recorderPage).toContain('You recorded this: a second person of your bank must confirm it.');
  expect(recorderPage).not.toContain(`action="/console/cases/${id}/steps/disburse-tranche"`);
  expect((await rowOf(id)).disbursements).toHaveLength(0);

  const agencyPage = await pageOf('agency', id);
  expect(agencyPage).toContain('Tranche awaiting a second person’s confirmation');
  expect(agencyPage).not.toContain(`/pending/tranche/cancel`);

  const secondPage = await pageOf(SECOND.username, id);
  expect(secondPage).toContain('Confirm the tranche');
  const confirmed = await (await signedIn(SECOND.username))
    .post(`/console/cases/${id}/steps/disburse-tranche`)
    .type('form')
    .send({ _csrf: csrfOf(secondPage), formId: formIdOf(secondPage, 'disburse-tranche'), amount: '50000000000', paymentReference: 'PAY-C-1' });
  expect(confirmed.status).toBe(303);
  expect(confirmed.headers.location).toBe(`/console/cases/${id}?done=disburse-tranche`);
  const row = await rowOf(id);
  expect(row.disbursements.map((d) => [d.paymentReference, d.amount.toFixed(0)])).toEqual([['PAY-C-1', '50000000000']]);
  expect(row.pendingTranche).toBeNull();
  expect(await pageOf('bank', id)).not.toContain('Tranche awaiting a second person’s confirmation');
});

test('a clerk cancels a pending tranche with a reason; without one the form comes back 422 and nothing changes', async () => {
  const id = await approved(api.harness.workflows);
  await recordTranche(SECOND.username, id, 'PAY-C-2');
  const agent = await signedIn('bank');
  const page = await pageOf('bank', id);
  expect(page).toContain('Confirm the tranche');

  const empty = await agent.post(`/console/cases/${id}/pending/tranche/cancel`).type('form').send({ _csrf: csrfOf(page), reason: '' });
  expect(empty.status).toBe(422);
  expect(Object.keys(fieldErrorsOf(empty.text))).toEqual(['cancel-tranche-reason']);
  expect((await rowOf(id)).pendingTranche).not.toBeNull();

  const cancelled = await agent.post(`/console/cases/${id}/pending/tranche/cancel`).type('form').send({ _csrf: csrfOf(page), reason: 'duplicate payment order' });
  expect(cancelled.status).toBe(303);
  expect(cancelled.headers.location).toBe(`/console/cases/${id}?cancelled=tranche`);
  expect((await rowOf(id)).pendingTranche).toBeNull();
  expect(await pageOf('bank', id, '?cancelled=tranche')).toContain('The pending tranche was cancelled.');
  const notes = await api.harness.prisma.caseNote.findMany({ where: { applicationId: id }, orderBy: { number: 'asc' } });
  expect(notes.map((n) => [n.kind, n.text])).toEqual([
    ['recordTranche', null],
    ['cancelTranche', 'duplicate payment order'],
  ]);
});
