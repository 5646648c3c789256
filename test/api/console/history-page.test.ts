import { escapeHtml } from '../../../api/pages/html';
import { workflowIdFor } from '../../../domain/contract';
import { agency, bank } from '../../../support/fixtures';
import { type ApiHarness, as, startApiHarness, TEST_PASSWORD } from '../support/api-harness';
import { categorizeRequest, submissionRequest } from '../support/bodies';
import { type Agent, consoleAgent } from './console-agent';

/** A case's workflow history as a console page: the JSON API's timeline, in the page's language, for admins and officials. */

let api: ApiHarness;
let id: string;
beforeAll(async () => {
  api = await startApiHarness();
  const submitted = await as(api, 'agency').post('/applications', submissionRequest({ applicant: { ...submissionRequest().applicant, fullName: '<script>alert(1)</script>' } }));
  expect(submitted.status).toBe(201);
  id = submitted.body.id;
  expect((await as(api, 'agency').post(`/applications/${id}/steps/categorize`, categorizeRequest())).status).toBe(200);
  expect((await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {})).status).toBe(200);
}, 120_000);
afterAll(() => api.stop());

const agents = new Map<string, Promise<Agent>>();
const agentOf = (who: string): Promise<Agent> => {
  if (!agents.has(who)) agents.set(who, consoleAgent(api.app, who, TEST_PASSWORD).then((signed) => signed.agent));
  return agents.get(who)!;
};
const historyPage = async (who: string, caseId: string, lang: 'fa' | 'en') => (await agentOf(who)).get(`/console/admin/cases/${encodeURIComponent(caseId)}/history?lang=${lang}`);

/** The rows of the page's table: the event's words and its account, in order. */
const rowsOf = (page: string) =>
  [...page.matchAll(/<tr><td><time datetime="([^"]+)">([^<]+)<\/time><\/td>\s*<th scope="row">([^<]+)(?:<span class="history-stage">[^<]*<\/span>)?<\/th>\s*<td>([\s\S]*?)<\/td>\s*<td lang="en" dir="ltr" class="history-account">([^<]*)<\/td><\/tr>/g)].map(
    ([, at, shown, event, who, account]) => ({ at: at!, shown: shown!, event: event!, who: who!, account: account! }),
  );

test('the admin reads each step in order, who took it for which organization, and the link to the Temporal Web UI', async () => {
  const page = await historyPage('admin', id, 'en');
  expect(page.status).toBe(200);
  const json = await as(api, 'admin').get(`/applications/${id}/history`).expect(200);
  const rows = rowsOf(page.text);
  // The page shows the JSON API's own timeline, entry for entry.
  expect(rows.map((r) => r.account)).toEqual(json.body.timeline.map((e: { summary: string }) => escapeHtml(e.summary)));
  expect(rows.length).toBeGreaterThan(5);
  const completed = rows.filter((r) => r.event === 'Step completed');
  expect(completed.map((r) => r.account.split(' ')[0])).toEqual(['submit', 'categorize', 'acknowledgeReceipt']);
  expect(completed.map((r) => r.who)).toEqual([
    `<span dir="ltr">${agency.userId}</span> — Imam Khomeini Relief Committee`,
    `<span dir="ltr">${agency.userId}</span> — Imam Khomeini Relief Committee`,
    `<span dir="ltr">${bank.userId}</span> — Bank Melli`,
  ]);
  expect(rows[0]!.event).toBe('Workflow started');
  expect(page.text).toContain(`href="http://ui.test/namespaces/default/workflows/${workflowIdFor(id)}"`);
  expect(page.text).toContain(`href="/console/cases/${id}"`);
  expect(page.text).toContain('Workflow status: running');
  expect(page.text).not.toContain('<script>alert(1)');
});

test('in Persian: the events’ words, Jalali days and Tehran times in Persian digits, the technical account marked as English', async () => {
  const page = await historyPage('admin', id, 'fa');
  expect(page.status).toBe(200);
  expect(page.text).toContain('<html lang="fa" dir="rtl">');
  const rows = rowsOf(page.text);
  expect(rows.filter((r) => r.event === 'گام انجام شد')).toHaveLength(3);
  expect(page.text).toContain('<span class="history-stage">اکنون: بررسی بانک</span>');
  expect(rows[0]!.shown).toMatch(/^[۰-۹]{1,2} [^ ]+ [۰-۹]{4} [۰-۹]{2}:[۰-۹]{2}:[۰-۹]{2}$/);
  expect(rows.some((r) => r.who.includes('بانک ملی'))).toBe(true);
  expect(page.text).toContain('وضعیت گردش کار: در جریان');
});

test('an official of the governor’s office opens it too; an agency or a bank gets the 403 page', async () => {
  expect((await historyPage('official', id, 'en')).status).toBe(200);
  for (const who of ['agency', 'bank']) {
    const page = await historyPage(who, id, 'en');
    expect(page.status).toBe(403);
    expect(page.text).toContain('This is not for your role.');
  }
});

test('an unknown case, or an id no case can have, is the console’s 404 page', async () => {
  for (const caseId of ['app-does-not-exist', 'x'.repeat(300), '../../people']) {
    const page = await historyPage('admin', caseId, 'en');
    expect(page.status).toBe(404);
    expect(page.text).toContain('This page or case was not found');
  }
});

test('a case recorded without its workflow is the 404 page, not a failure', async () => {
  const { prisma } = api.harness;
  const row = await prisma.application.findUniqueOrThrow({ where: { id }, include: { applicant: true } });
  const orphan = `${id.slice(0, 40)}-orphan`;
  const { applicant, ...application } = row;
  await prisma.applicant.create({ data: { ...applicant, id: `${applicant.id}-orphan` } });
  await prisma.application.create({
    data: { ...application, id: orphan, workflowId: workflowIdFor(orphan), applicantId: `${applicant.id}-orphan`, agencyReference: `${row.agencyReference}-orphan` } as never,
  });
  const page = await historyPage('admin', orphan, 'en');
  expect(page.status).toBe(404);
});
