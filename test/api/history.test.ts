import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { defaultDataConverter } from '@temporalio/common';
import request from 'supertest';
import { buildTimeline, type HistoryEventJson, type TimelineEntry } from '../../api/history';
import { loadConfig } from '../../config/config';
import { defaultDeadlineDays } from '../../config/escalation-policy';
import { workflowIdFor } from '../../domain/contract';
import type { EscalationPolicy, WaitKind } from '../../domain/deadlines';
import { createMailer, type Mailer } from '../../mail/mailer';
import { agency, bank } from '../../support/fixtures';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { type ApiHarness, as, startApiHarness } from './support/api-harness';
import { categorizeRequest, submissionRequest } from './support/bodies';

/**
 * One "working day" lasts DAY ms (the calendar's test mode): the bank's documents check is due
 * one day after it receives the case, so a reminder is mailed within seconds; every other step
 * has 100 days.
 */
const DAY = 1000;
const BANK_CONTACT = 'loans@bank-melli.example';

const far = Object.fromEntries(Object.keys(defaultDeadlineDays).map((kind) => [kind, 100])) as Record<WaitKind, number>;
const policy: EscalationPolicy = {
  weekend: ['friday'],
  holidays: [],
  dayLengthMs: DAY,
  deadlineDays: { ...far, 'bank_review.documents': 1 },
  categoryDeadlineDays: {},
  escalateAfterDays: 100,
  repeatEveryDays: 100,
  provinceAfterRepeats: null,
};

interface HistoryBody {
  applicationId: string;
  workflowId: string;
  status: string;
  links: { self: string; workflowUi: string };
  timeline: TimelineEntry[];
  events?: HistoryEventJson[];
}

let smtp: TestSmtpServer;
let mailer: Mailer;
let api: ApiHarness;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const config = loadConfig({ SMTP_URL: smtp.url, DATA_DIR: await mkdtemp(path.join(tmpdir(), 'history-')) });
  mailer = createMailer(config);
  api = await startApiHarness({ escalation: policy, notifications: { mailer, config } });
  await api.harness.prisma.organization.update({ where: { id: bank.organizationId }, data: { contactEmail: BANK_CONTACT } });
});
afterAll(async () => {
  await api?.stop();
  await mailer?.close();
  await smtp?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function historyOf(id: string, query = ''): Promise<HistoryBody> {
  const res = await as(api, 'admin').get(`/applications/${id}/history${query}`);
  expect(res.status).toBe(200);
  return res.body as HistoryBody;
}

async function historyEventually(id: string, holds: (body: HistoryBody) => boolean, timeoutMs = 20_000): Promise<HistoryBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await historyOf(id);
    if (holds(body)) return body;
    if (Date.now() > deadline) throw new Error(`the history did not reach the expected shape: ${JSON.stringify(body.timeline.map((e) => e.summary))}`);
    await sleep(200);
  }
}

const ofKind = (body: HistoryBody, kind: TimelineEntry['kind']) => body.timeline.filter((entry) => entry.kind === kind);

describe('given an application walked through several steps, a refused step and a reminder', () => {
  let id: string;
  let refusal: { status: number; detail: string };
  let body: HistoryBody;

  beforeAll(async () => {
    const submitted = await as(api, 'agency').post('/applications', submissionRequest());
    expect(submitted.status).toBe(201);
    id = submitted.body.id;
    expect((await as(api, 'agency').post(`/applications/${id}/steps/categorize`, categorizeRequest())).status).toBe(200);
    expect((await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {})).status).toBe(200);
    // Approving before the documents are checked is out of order.
    const refused = await as(api, 'bank').post(`/applications/${id}/steps/approve`, { amount: '100000000000', terms: '4% over 5 years' });
    refusal = { status: refused.status, detail: refused.body.detail };

    await smtp.waitForMails(1);
    const reminded = await historyEventually(id, (b) => ofKind(b, 'notification.sent').length > 0);
    expect(reminded.timeline.some((e) => e.kind === 'notification.sent')).toBe(true);
    expect((await as(api, 'bank').post(`/applications/${id}/steps/check-documents`, { guaranteesAccepted: true })).status).toBe(200);
    body = await historyEventually(id, (b) => ofKind(b, 'step.completed').length === 4);
  });

  test('the timeline lists each step in order, with who took it, for which organization, and when', () => {
    const completed = ofKind(body, 'step.completed');
    expect(completed.map((e) => e.summary.split(' ')[0])).toEqual(['submit', 'categorize', 'acknowledgeReceipt', 'checkDocuments']);
    expect(completed.map((e) => e.actor?.userId)).toEqual([agency.userId, agency.userId, bank.userId, bank.userId]);
    expect(completed[3]!.actor).toEqual({ ...bank, organizationName: 'Bank Melli' });
    expect(completed[1]!.details).toMatchObject({ stage: 'bank_review', reviewStep: 'acknowledge' });
    expect(completed[3]!.summary).toBe(`checkDocuments completed by ${bank.userId} (bank, ${bank.organizationId}); the application is now at bank_review (credit_assessment)`);

    const accepted = ofKind(body, 'step.accepted');
    expect(accepted.map((e) => e.summary.split(' ')[0])).toEqual(['submit', 'categorize', 'acknowledgeReceipt', 'checkDocuments']);
    expect(accepted[1]!.details).toMatchObject({ data: categorizeRequest() });

    const times = body.timeline.map((e) => Date.parse(e.at));
    expect(times.every((t) => !Number.isNaN(t))).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(body.timeline[0]!.kind).toBe('workflow.started');
  });

  test('the refused step was answered with its reason and left no step behind: Temporal does not record an Update its validator rejects', () => {
    expect(refusal).toEqual({ status: 409, detail: 'approve is not possible while the bank review is at step documents' });
    expect(body.timeline.filter((e) => e.summary.startsWith('approve'))).toEqual([]);
  });

  test('the deadline timer, its firing, and the reminder to the bank are in the timeline, in that order', () => {
    const scheduled = ofKind(body, 'notification.scheduled');
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]!.details).toMatchObject({
      level: 'reminder',
      round: 0,
      key: expect.stringMatching(new RegExp(`^${id}/bank_review\\.documents#\\d+/reminder/0$`)),
      waitingFor: 'bank_review.documents',
      holderOrganizationId: bank.organizationId,
    });
    expect(scheduled[0]!.summary).toMatch(/^Reminder due: bank_review\.documents held by org-bank-melli/);
    const sent = ofKind(body, 'notification.sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.details).toMatchObject({ level: 'reminder', key: scheduled[0]!.details!.key, attempt: 1 });

    const fired = ofKind(body, 'timer.fired');
    expect(fired.length).toBeGreaterThanOrEqual(1);
    const reminderTimer = fired[fired.length - 1]!;
    const started = ofKind(body, 'timer.started').find((e) => e.details!.timerId === reminderTimer.details!.timerId)!;
    // One working day of DAY ms from the bank's acknowledgement, less the time the workflow task took.
    expect(started.details!.durationMs).toBeGreaterThan(DAY / 2);
    expect(started.details!.durationMs).toBeLessThanOrEqual(3 * DAY); // a Friday counts as no working day
    expect(started.summary).toMatch(/^Timer \d+ started: fires in /);
    const order = [started, reminderTimer, scheduled[0]!, sent[0]!].map((e) => body.timeline.indexOf(e));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(ofKind(body, 'searchAttributes.upserted').some((e) => e.details!.LoanEscalationLevel === 1)).toBe(true);
  });

  test('persistence runs as a local activity once per step, and the Temporal Web UI link is given', () => {
    const persisted = ofKind(body, 'persistence.recorded');
    expect(persisted).toHaveLength(4);
    expect(persisted.every((e) => e.details!.via === 'local activity' && e.details!.attempt === 1)).toBe(true);
    expect(body.links.workflowUi).toBe(`http://ui.test/namespaces/default/workflows/loan-application-${id}`);
    expect(body.workflowId).toBe(`loan-application-${id}`);
    expect(body.status).toBe('RUNNING');
    expect(body.events).toBeUndefined();
  });

  test('officials see the same timeline; agencies and banks are refused, even the holder of the case', async () => {
    const byOfficial = await as(api, 'official').get(`/applications/${id}/history`);
    expect(byOfficial.status).toBe(200);
    expect(byOfficial.body.timeline.length).toBe(body.timeline.length);
    for (const caller of ['agency', 'bank', 'otherBank'] as const) {
      const res = await as(api, caller).get(`/applications/${id}/history`);
      expect(res.status).toBe(403);
      expect(res.type).toBe('application/problem+json');
    }
  });

  test('raw=true adds the Temporal history events as JSON, one per event the timeline refers to', async () => {
    const raw = await historyOf(id, '?raw=true');
    const events = raw.events!;
    expect(events[0]!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(events.map((e) => Number(e.eventId))).toEqual(events.map((_e, i) => i + 1));
    const ids = new Set(events.map((e) => Number(e.eventId)));
    expect(raw.timeline.every((e) => e.eventId === undefined || ids.has(e.eventId))).toBe(true);
    expect(events.some((e) => e.eventType === 'EVENT_TYPE_MARKER_RECORDED')).toBe(true);

    const invalid = await as(api, 'admin').get(`/applications/${id}/history?raw=yes`);
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors[0].field).toBe('query.raw');
  });

  test('the answer matches the schema the OpenAPI document gives for it', async () => {
    const doc = (await request(api.app).get('/openapi.json')).body;
    const schema = doc.paths['/applications/{id}/history'].get.responses['200'].content['application/json'].schema;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const check = ajv.compile(schema);
    expect(check(await historyOf(id, '?raw=true')) ? [] : check.errors).toEqual([]);
  });

  test('an Update that fails after it was accepted reads as refused, with its reason and who asked', async () => {
    // The workflow refuses steps in its validators, which Temporal never records; a handler
    // failure is recorded, so the timeline must read one: append it to the real history.
    const events = (await historyOf(id, '?raw=true')).events!;
    const accepted = events.find((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED' && JSON.stringify(e).includes('"name":"checkDocuments"'))!;
    const failed: HistoryEventJson = {
      eventId: String(events.length + 1),
      eventTime: new Date().toISOString(),
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED',
      workflowExecutionUpdateCompletedEventAttributes: {
        meta: { updateId: 'late' },
        acceptedEventId: accepted.eventId,
        outcome: { failure: { message: 'checkDocuments is not possible while the application is at stage withdrawn', applicationFailureInfo: { type: 'STEP_OUT_OF_ORDER', nonRetryable: true } } },
      },
    };
    const timeline = await buildTimeline([...events, failed], defaultDataConverter);
    expect(timeline[timeline.length - 1]).toMatchObject({
      kind: 'step.refused',
      summary: `checkDocuments by ${bank.userId} (bank, ${bank.organizationId}) refused: checkDocuments is not possible while the application is at stage withdrawn`,
      actor: bank,
      details: { reason: 'checkDocuments is not possible while the application is at stage withdrawn', code: 'STEP_OUT_OF_ORDER' },
    });
  });
});

test('given an SMTP server that refuses mail for a while, the reminder\'s retries show with their attempts and failures, then its success', async () => {
  smtp.refuseWith = 'mailbox temporarily unavailable';
  try {
    const id = (await as(api, 'agency').post('/applications', submissionRequest())).body.id as string;
    await as(api, 'agency').post(`/applications/${id}/steps/categorize`, categorizeRequest());
    await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {});

    // Still retrying: the history has no event for it yet, the server's pending activity does.
    const retrying = await historyEventually(id, (b) => ofKind(b, 'activity.retrying').some((e) => Number(e.details!.attempt) >= 2));
    const pending = ofKind(retrying, 'activity.retrying')[0]!;
    expect(pending.details).toMatchObject({ activity: 'notifyStalledCase' });
    expect(pending.summary).toMatch(/^notifyStalledCase is still being retried: attempt \d+, last failure: .*mailbox temporarily unavailable/);
    expect(ofKind(retrying, 'notification.sent')).toEqual([]);

    smtp.refuseWith = null;
    const done = await historyEventually(id, (b) => ofKind(b, 'notification.sent').length === 1, 30_000);
    const retried = ofKind(done, 'activity.retried');
    expect(retried).toHaveLength(1);
    expect(retried[0]!.summary).toMatch(/^notifyStalledCase ran attempt \d+; the attempt before failed: .*mailbox temporarily unavailable/);
    expect(Number(retried[0]!.details!.attempt)).toBeGreaterThanOrEqual(2);
    expect(ofKind(done, 'notification.sent')[0]!.details!.attempt).toBe(retried[0]!.details!.attempt);
    expect(ofKind(done, 'activity.retrying')).toEqual([]);
  } finally {
    smtp.refuseWith = null;
  }
});

test('an unknown application is not found, for an admin as for anyone', async () => {
  const res = await as(api, 'admin').get('/applications/no-such-application/history');
  expect(res.status).toBe(404);
  expect(res.type).toBe('application/problem+json');
});

test('a workflow an operator terminated reads as ended, with the reason the operator gave', async () => {
  const id = (await as(api, 'agency').post('/applications', submissionRequest())).body.id as string;
  await api.harness.env.client.workflow.getHandle(workflowIdFor(id)).terminate('entered twice by mistake');
  const body = await historyOf(id);
  expect(body.status).toBe('TERMINATED');
  expect(body.timeline[body.timeline.length - 1]).toMatchObject({ kind: 'workflow.ended', summary: 'Workflow terminated: entered twice by mistake' });
});

test('without a key the history is not served', async () => {
  expect((await request(api.app).get('/applications/anything/history')).status).toBe(401);
});
