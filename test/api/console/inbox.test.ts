import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { consoleAgent } from './console-agent';
import type { WorkflowGateway } from '../../../api/workflow-gateway';
import { loadConfig } from '../../../config/config';
import { defaultDeadlineDays } from '../../../config/escalation-policy';
import { searchAttributes, workflowIdFor } from '../../../domain/contract';
import type { EscalationPolicy, WaitKind } from '../../../domain/deadlines';
import { dueAt } from '../../../domain/wait-clock';
import { createMailer, type Mailer } from '../../../mail/mailer';
import { bank } from '../../../support/fixtures';
import { type ApiHarness, as, type CallerName, startApiHarness } from '../support/api-harness';
import { categorizeRequest, submissionRequest } from '../support/bodies';
import { until } from '../support/stalled-listing';

/**
 * The inbox and the lists over HTTP, against real workflows and PostgreSQL. A "working day" is a
 * second; the bank's acknowledgement is due after one, every other wait after hours of them, so
 * exactly one case goes overdue (and is reminded) while the tests run.
 */
const DAY = 1000;
const policy: EscalationPolicy = {
  weekend: ['friday'],
  holidays: [],
  dayLengthMs: DAY,
  deadlineDays: {
    ...(Object.fromEntries(Object.keys(defaultDeadlineDays).map((kind) => [kind, 5000])) as Record<WaitKind, number>),
    'bank_review.acknowledge': 1,
    'bank_review.credit_assessment': 2000,
    'bank_review.documents': 3000,
  },
  categoryDeadlineDays: {},
  escalateAfterDays: 100_000,
  repeatEveryDays: 100_000,
  provinceAfterRepeats: null,
};

/** A valid national id from nine digits: the tenth is the check digit. */
function nationalId(nine: string): string {
  const sum = [...nine].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
  const remainder = sum % 11;
  return `${nine}${remainder < 2 ? remainder : 11 - remainder}`;
}
const toPersian = (text: string) => text.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);

let api: ApiHarness;
let mailer: Mailer;
const ids: Record<'late' | 'credit' | 'documents' | 'fresh' | 'foreign', string> = { late: '', credit: '', documents: '', fresh: '', foreign: '' };
const hostile = '<script>alert(1)</script>';
const karimiId = nationalId('123456789');

async function submit(caller: CallerName, overrides: { reference: string; name: string; nationalId?: string }): Promise<string> {
  const body = submissionRequest({ agencyReference: overrides.reference });
  Object.assign(body.applicant as object, { fullName: overrides.name, ...(overrides.nationalId ? { nationalId: overrides.nationalId } : {}) });
  const created = await as(api, caller).post('/applications', body);
  expect(created.status).toBe(201);
  return created.body.id as string;
}
async function step(caller: CallerName, id: string, segment: string, body: object = {}): Promise<void> {
  const res = await as(api, caller).post(`/applications/${id}/steps/${segment}`, body);
  expect({ segment, status: res.status }).toEqual({ segment, status: 200 });
}

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), 'console-inbox-')) });
  mailer = createMailer(config);
  api = await startApiHarness({ escalation: policy, notifications: { mailer, config } });
  await api.harness.prisma.organization.update({ where: { id: bank.organizationId }, data: { contactEmail: 'loans@bank-melli.example' } });

  ids.late = await submit('agency', { reference: 'INB-LATE', name: hostile });
  await step('agency', ids.late, 'categorize', categorizeRequest());
  ids.credit = await submit('agency', { reference: 'INB-CREDIT', name: 'Reza Karimi', nationalId: karimiId });
  await step('agency', ids.credit, 'categorize', categorizeRequest());
  await step('bank', ids.credit, 'acknowledge-receipt');
  await step('bank', ids.credit, 'check-documents', { guaranteesAccepted: true });
  // At documents, asked and answered: the bank's clock stopped and resumed.
  ids.documents = await submit('agency', { reference: 'INB-DOCS', name: 'Sara Ahmadi' });
  await step('agency', ids.documents, 'categorize', categorizeRequest());
  await step('bank', ids.documents, 'acknowledge-receipt');
  await step('bank', ids.documents, 'request-information', { questions: ['Lease?'] });
  await step('agency', ids.documents, 'answer-information-request', { answer: 'Attached.' });
  ids.fresh = await submit('agency', { reference: toPersian('INB-7788'), name: 'Maryam Rahimi' });
  ids.foreign = await submit('otherAgency', { reference: 'INB-FOREIGN', name: 'Ali Karimi' });
}, 180_000);
afterAll(async () => {
  await api?.stop();
  await mailer?.close();
});

/** A supertest agent signed in to the console as `caller`. */
async function signedIn(caller: CallerName, app = api.app) {
  return (await consoleAgent(app, api.people[caller].username, api.people[caller].password)).agent;
}

interface Row {
  reference: string;
  href: string;
  cells: string[];
  deadline: string | null;
}
/** The rows of the page's first table body: the reference's link, the cells' text, the deadline's datetime. */
function rowsOf(page: string): Row[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row]) => ({
    reference: /<a href="[^"]*"[^>]*>([^<]*)<\/a>/.exec(row!)?.[1] ?? '',
    href: /<a href="([^"]*)"/.exec(row!)?.[1] ?? '',
    cells: [...row!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map(([, cell]) => cell!.replace(/<[^>]+>/g, '').trim()),
    deadline: /<time datetime="([^"]+)"/.exec(row!)?.[1] ?? null,
  }));
}
const references = (page: string) => rowsOf(page).map((r) => r.reference);

describe('the inbox', () => {
  test('a bank sees the cases it holds, the overdue first and then the deadline soonest, each with its wait', async () => {
    const bankAgent = await signedIn('bank');
    // The acknowledgement is due a "day" (a second) after referral.
    await new Promise((resolve) => setTimeout(resolve, 2 * DAY));
    const page = await bankAgent.get('/console/inbox?lang=en').expect(200);
    expect(references(page.text)).toEqual(['INB-LATE', 'INB-CREDIT', 'INB-DOCS']);
    const [late, credit] = rowsOf(page.text);
    expect(late!.href).toBe(`/console/cases/${ids.late}`);
    expect(late!.cells).toEqual(expect.arrayContaining(['Bank review', 'Acknowledge receipt']));
    expect(late!.cells.at(-1)).toMatch(/Overdue$/);
    expect(credit!.cells).toEqual(expect.arrayContaining(['Assess credit', 'None']));
    expect(credit!.cells.at(-1)).not.toMatch(/Overdue/);
  });

  test('the deadline shown is the one the workflow keeps in its Deadline search attribute, a resumed wait included', async () => {
    const handle = api.harness.env.client.workflow.getHandle(workflowIdFor(ids.documents));
    const attribute = await until('the supervisor shows the documents wait', async () => {
      const described = await handle.describe();
      const holder = described.typedSearchAttributes.get(searchAttributes.holdingOrganization);
      const due = described.typedSearchAttributes.get(searchAttributes.deadline);
      return holder === bank.organizationId && due ? due : undefined;
    });
    const page = await (await signedIn('bank')).get('/console/inbox?lang=en').expect(200);
    const row = rowsOf(page.text).find((r) => r.reference === 'INB-DOCS')!;
    expect(row.deadline).toBe(attribute.toISOString());
    // Resumed, not restarted: a clock restarted at the answer would fall due later.
    const answer = await api.harness.prisma.applicationStep.findFirstOrThrow({ where: { applicationId: ids.documents, step: 'answerInformationRequest' } });
    const restarted = dueAt(policy, { kind: 'bank_review.documents', waitId: 'restarted', since: answer.occurredAt.getTime(), pausedMs: 0 }, 3000);
    expect(attribute.getTime()).toBeLessThan(restarted);
  });

  test('the highest notice sent for the current wait is shown: the late case was reminded', async () => {
    await until('the reminder is recorded', async () => (await api.harness.prisma.escalation.findFirst({ where: { applicationId: ids.late } })) ?? undefined);
    const page = await (await signedIn('bank')).get('/console/inbox?lang=en').expect(200);
    expect(rowsOf(page.text)[0]!.cells).toContain('Reminder');
  });

  test('an agency sees the cases waiting for it, not those the bank holds nor another agency’s', async () => {
    const page = await (await signedIn('agency')).get('/console/inbox?lang=en').expect(200);
    expect(references(page.text)).toEqual(['INB-7788']);
    const other = await (await signedIn('otherAgency')).get('/console/inbox?lang=en').expect(200);
    expect(references(other.text)).toEqual(['INB-FOREIGN']);
  });

  test('search finds a case by whole words of the name, by a national id in Persian digits, by a reference in Persian digits', async () => {
    const bankAgent = await signedIn('bank');
    expect(references((await bankAgent.get('/console/inbox').query({ q: 'KARIMI' }).expect(200)).text)).toEqual(['INB-CREDIT']);
    expect(references((await bankAgent.get('/console/inbox').query({ q: 'karimi reza' }).expect(200)).text)).toEqual(['INB-CREDIT']);
    // Names are sealed and found by one blind index per word: a part of a word finds nothing.
    expect(references((await bankAgent.get('/console/inbox').query({ q: 'Karim' }).expect(200)).text)).toEqual([]);
    expect(references((await bankAgent.get('/console/inbox').query({ q: 'Ali Karimi' }).expect(200)).text)).toEqual([]);
    expect(references((await bankAgent.get('/console/inbox').query({ q: toPersian(karimiId) }).expect(200)).text)).toEqual(['INB-CREDIT']);
    expect(references((await bankAgent.get('/console/inbox').query({ q: karimiId.slice(0, 9) }).expect(200)).text)).toEqual([]);
    const agencyAgent = await signedIn('agency');
    expect(references((await agencyAgent.get('/console/inbox').query({ q: '۷۷۸۸' }).expect(200)).text)).toEqual(['INB-7788']);
    expect(references((await agencyAgent.get('/console/inbox').query({ q: 'inb-7788' }).expect(200)).text)).toEqual(['INB-7788']);
  });

  test('the stage filter narrows the inbox; a stage the organization never holds is refused, naming the field', async () => {
    const bankAgent = await signedIn('bank');
    expect(references((await bankAgent.get('/console/inbox?stage=disbursement').expect(200)).text)).toEqual([]);
    const refused = await bankAgent.get('/console/inbox?lang=en&stage=categorization').expect(400);
    expect(refused.text).toContain('href="#field-stage"');
    expect(refused.text).toContain('“categorization” is not a value this filter accepts.');
    await bankAgent.get('/console/inbox?page=0').expect(400);
  });

  test('an applicant’s name that is markup is shown as text', async () => {
    const page = await (await signedIn('bank')).get('/console/inbox').expect(200);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain(hostile);
  });

  test('in Persian the page is right-to-left, with Persian digits and Jalali dates', async () => {
    const page = await (await signedIn('bank')).get('/console/inbox?lang=fa').expect(200);
    expect(page.text).toContain('<html lang="fa" dir="rtl">');
    expect(rowsOf(page.text)[1]!.cells.at(-1)).toMatch(/^[۰-۹]+ \S+ [۰-۹]{4}$/);
  });

  test('only agencies and banks have an inbox', async () => {
    await (await signedIn('official')).get('/console/inbox').expect(403);
    await (await signedIn('admin')).get('/console/inbox').expect(403);
  });
});

describe('every case', () => {
  test('an official sees every case, newest first, and may narrow to a bank', async () => {
    const official = await signedIn('official');
    const all = references((await official.get('/console/cases?lang=en').expect(200)).text);
    expect(all).toEqual(['INB-FOREIGN', 'INB-7788', 'INB-DOCS', 'INB-CREDIT', 'INB-LATE']);
    expect(references((await official.get(`/console/cases?bank=${bank.organizationId}`).expect(200)).text)).toEqual(['INB-DOCS', 'INB-CREDIT', 'INB-LATE']);
    expect(references((await official.get('/console/cases?stage=categorization&district=lahijan_city').expect(200)).text)).toEqual(['INB-FOREIGN', 'INB-7788']);
  });

  test('an agency’s search stays within its own cases', async () => {
    const agencyAgent = await signedIn('agency');
    expect(references((await agencyAgent.get('/console/cases').query({ q: 'karimi' }).expect(200)).text)).toEqual(['INB-CREDIT']);
    const other = await signedIn('otherAgency');
    expect(references((await other.get('/console/cases').query({ q: 'karimi' }).expect(200)).text)).toEqual(['INB-FOREIGN']);
    // A bank filter is for officials: to others it is not a filter at all.
    await agencyAgent.get('/console/cases?bank=org-bank-melli').expect(400);
  });

  test('signed out, the list is not shown', async () => {
    const res = await request(api.app).get('/console/cases').expect(303);
    expect(res.headers.location).toMatch(/^\/console\/sign-in/);
  });
});

describe('stalled cases and escalations', () => {
  test('an official sees the overdue case from visibility, with its holder and wait, linked to the case', async () => {
    const official = await signedIn('official');
    const page = await until('the late case is listed as stalled', async () => {
      const res = await official.get('/console/stalled?lang=en').expect(200);
      return references(res.text).includes('INB-LATE') ? res.text : undefined;
    });
    const row = rowsOf(page).find((r) => r.reference === 'INB-LATE')!;
    expect(row.href).toBe(`/console/cases/${ids.late}`);
    expect(row.cells).toEqual(expect.arrayContaining(['Bank Melli', 'Acknowledge receipt']));
    expect(row.cells.find((c) => /working day/.test(c))).toMatch(/^\d+ working days?$/);
  });

  test('when visibility cannot be read the page says so, with 503 and no stack', async () => {
    const broken = Object.create(api.harness.workflows) as WorkflowGateway;
    broken.stalledCases = () => Promise.reject(new Error('visibility is down'));
    const official = await signedIn('official', api.appWith({ workflows: broken }));
    const res = await official.get('/console/stalled?lang=en').expect(503);
    expect(res.text).toContain('cannot be read from the workflow engine');
    expect(res.text).not.toContain('visibility is down');
  });

  test('the escalations list links each to its email: subject, recipients with their delivery, the body as text', async () => {
    const admin = await signedIn('admin');
    const escalation = await until('the reminder’s email is settled', async () => {
      const row = await api.harness.prisma.escalation.findFirst({ where: { applicationId: ids.late } });
      const sent = await api.harness.prisma.outgoingEmail.findFirst({ where: { applicationId: ids.late, sentAt: { not: null } } });
      return row && sent ? row : undefined;
    });
    const list = await admin.get('/console/escalations?lang=en').expect(200);
    expect(list.text).toContain(`href="/console/escalations/${escalation.id}"`);
    expect(rowsOf(list.text)[0]!.cells).toEqual(expect.arrayContaining(['INB-LATE', 'Acknowledge receipt', 'Reminder', 'Bank Melli']));

    const page = await admin.get(`/console/escalations/${escalation.id}?lang=en`).expect(200);
    const email = await api.harness.prisma.outgoingEmail.findFirstOrThrow({ where: { applicationId: ids.late } });
    expect(page.text).toContain('loans@bank-melli.example');
    expect(page.text).toContain('Delivered');
    expect(page.text).toContain('<pre class="email-body"');
    // The email names the applicant (whose name is markup here) by initials only (issue 14).
    expect(email.textBody).toContain('Applicant: S.');
    expect(email.textBody).not.toContain(hostile);
    expect(page.text).not.toContain(hostile);
  });

  test('an unknown escalation is the console’s 404; banks and agencies may not see these pages', async () => {
    const official = await signedIn('official');
    await official.get('/console/escalations/999999999').expect(404);
    await official.get('/console/escalations/not-a-number').expect(404);
    const bankAgent = await signedIn('bank');
    await bankAgent.get('/console/stalled').expect(403);
    await bankAgent.get('/console/escalations').expect(403);
    await (await signedIn('agency')).get('/console/escalations/1').expect(403);
  });
});
