import { referredToBank } from '../../support/walk';
import { WorkflowGateway } from '../../../api/workflow-gateway';
import { policy, until } from '../../workflows/support/ladder-setup';
import { type ApiHarness, official, startApiHarness, TEST_PASSWORD } from '../support/api-harness';
import { csrfOf, fieldErrorsOf, signedInAgents } from './console-agent';

/** Case work on the console's case page, against the real app, database and workflows (deadlines far off). */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness({ escalation: policy({}, { maxExtensionDays: 5 }) });
}, 120_000);
afterAll(() => api.stop());

/** People signed in through the sign-in form, one agent each for the file. */
const signedIn = signedInAgents(() => api.app, TEST_PASSWORD);

/** Posts one case-work form as shown on the page: its CSRF token, formId and hidden fields with `fields`. */
async function work(username: string, id: string, form: string, fields: Record<string, string>) {
  const agent = await signedIn(username);
  const page = await agent.get(`/console/cases/${id}`).expect(200);
  const action = new RegExp(`action="/console/cases/${id}/work/${form}"[^>]*>([\\s\\S]*?)</form>`).exec(page.text);
  if (!action) throw new Error(`no ${form} form for ${username}`);
  const hidden = Object.fromEntries([...action[1]!.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
  return agent.post(`/console/cases/${id}/work/${form}`).type('form').send({ ...hidden, _csrf: csrfOf(page.text), ...fields });
}

const formsOn = (page: string): string[] => [...page.matchAll(/action="\/console\/cases\/[^/]+\/work\/(\w+)"/g)].map((m) => m[1]!);

test('each person sees the forms their role may use: anyone a comment, an official also the extension and the reassignment', async () => {
  const id = await referredToBank(api.harness.workflows);
  const formsOf = async (who: string) => formsOn((await (await signedIn(who)).get(`/console/cases/${id}`).expect(200)).text);
  expect(await formsOf('agency')).toEqual(['comment']);
  expect(await formsOf('bank')).toEqual(['comment']);
  expect(await formsOf('official')).toEqual(['comment', 'extension', 'reassignment']);
  expect(await formsOf('admin')).toEqual(['comment']);
});

test('a comment, an extension and a reassignment through the forms land on the timeline; the old bank loses the case', async () => {
  const id = await referredToBank(api.harness.workflows);
  const comment = await work('bank', id, 'comment', { text: 'Guarantor <b>missing</b>; @org-relief-committee please send.' });
  expect(comment.status).toBe(303);
  expect((await work('official', id, 'extension', { days: '۲', reason: 'holiday week' })).status).toBe(303);
  const moved = await work('official', id, 'reassignment', { toBankId: 'org-bank-sepah', reason: 'no_response', note: '' });
  expect(moved.status).toBe(303);
  expect(moved.headers.location).toBe(`/console/cases/${id}?worked=reassignment`);

  const page = (await (await signedIn('official')).get(`/console/cases/${id}?worked=reassignment`).expect(200)).text;
  expect(page).toContain('The case was given to the new bank.');
  expect(page).toContain('Guarantor &lt;b&gt;missing&lt;/b&gt;');
  expect(page).toContain('Deadline extended');
  expect(page).toContain('Reassigned to another bank');
  expect(page).toContain('No response');
  expect((await (await signedIn('bank')).get(`/console/cases/${id}`)).status).toBe(404);
  expect((await (await signedIn('otherbank')).get(`/console/cases/${id}`)).status).toBe(200);
  const persian = (await (await signedIn('official', 'fa')).get(`/console/cases/${id}`).expect(200)).text;
  expect(persian).toContain('واگذاری به بانک دیگر');
  expect(persian).toContain('۲');
});

test('a refused form comes back 4xx with the message beside its field and the values kept; nothing is written', async () => {
  const id = await referredToBank(api.harness.workflows);
  const tooMany = await work('official', id, 'extension', { days: '9', reason: 'a long holiday' });
  expect(tooMany.status).toBe(422);
  expect(Object.keys(fieldErrorsOf(tooMany.text))).toEqual(['work-extension-days']);
  expect(tooMany.text).toContain('a long holiday');
  const stranger = await work('agency', id, 'comment', { text: 'cc @org-welfare' });
  expect(stranger.status).toBe(422);
  expect(Object.keys(fieldErrorsOf(stranger.text))).toEqual(['work-comment-text']);
  const noNote = await work('official', id, 'reassignment', { toBankId: 'org-bank-sepah', reason: 'other', note: '' });
  expect(noNote.status).toBe(422);
  expect(Object.keys(fieldErrorsOf(noNote.text))).toEqual(['work-reassignment-note']);
  expect(await api.harness.prisma.caseNote.count({ where: { applicationId: id } })).toBe(0);
  expect((await api.harness.prisma.application.findUniqueOrThrow({ where: { id } })).bankId).toBe('org-bank-melli');
});

test('a reassignment form filled in before someone else reassigned the case is refused, and a form sent twice acts once', async () => {
  const id = await referredToBank(api.harness.workflows);
  const agent = await signedIn('official');
  const page = (await agent.get(`/console/cases/${id}`).expect(200)).text;
  const form = /action="\/console\/cases\/[^/]+\/work\/comment"[^>]*>[\s\S]*?name="formId" value="([^"]+)"/.exec(page)!;
  const send = () => agent.post(`/console/cases/${id}/work/comment`).type('form').send({ _csrf: csrfOf(page), formId: form[1]!, text: 'once' });
  expect((await send()).status).toBe(303);
  expect((await send()).status).toBe(303);
  expect(await api.harness.prisma.caseNote.count({ where: { applicationId: id } })).toBe(1);

  expect((await work('official', id, 'reassignment', { toBankId: 'org-bank-sepah', reason: 'no_response' })).status).toBe(303);
  const stale = await agent.post(`/console/cases/${id}/work/reassignment`).type('form').send({ _csrf: csrfOf(page), fromBankId: 'org-bank-melli', toBankId: 'org-bank-sepah', reason: 'lacks_capacity' });
  expect(stale.status).toBe(409);
  expect(await api.harness.prisma.applicationStep.count({ where: { applicationId: id, step: 'reassign' } })).toBe(1);
});

test('the stalled list shows the days an official added beside a deadline still passed', async () => {
  // Its own short deadlines (a day of DAY ms); the console reads the stalled cases from Temporal's visibility.
  const short = new WorkflowGateway(api.harness.env.client, api.harness.taskQueue, 0, policy({ 'bank_review.acknowledge': 1 }, { maxExtensionDays: 5 }));
  const id = await referredToBank(short);
  await short.caseWork(id, 'extendDeadline', { actor: official, days: 1, reason: 'one more day' });
  const person = await signedIn('official');
  await until(async () => (await person.get('/console/stalled').expect(200)).text.includes(`/console/cases/${id}`), 20_000, 'the case to be listed as stalled');
  const page = (await person.get('/console/stalled').expect(200)).text;
  const row = new RegExp(`<tr>\\s*<th scope="row"><a href="/console/cases/${id}"[\\s\\S]*?</tr>`).exec(page)![0];
  expect(row).toContain('(extended by 1 working days)');
});
