import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { WorkflowGateway } from '../../api/workflow-gateway';
import { loadConfig } from '../../config/config';
import { defaultDeadlineDays } from '../../config/escalation-policy';
import { searchAttributes, workflowIdFor } from '../../domain/contract';
import type { EscalationPolicy, WaitKind } from '../../domain/deadlines';
import { createMailer, type Mailer } from '../../mail/mailer';
import { agency, bank } from '../../support/fixtures';
import { approved, atDecision, referredToBank, submitted } from '../support/walk';
import { type ApiHarness, type CallerName, startApiHarness } from './support/api-harness';
import { allStalled, type Listed, longestOverdueFirst, stalledPage, until } from './support/stalled-listing';

/**
 * GET /stalled-cases against real workflows on the dev server: one "working day" lasts DAY ms
 * and every wait is due after one of them, so a case left alone is overdue within seconds.
 * Reminders go to the file outbox; the governor's office is 100 days away.
 */
const DAY = 1000;
const policy: EscalationPolicy = {
  weekend: ['friday'],
  holidays: [],
  dayLengthMs: DAY,
  deadlineDays: Object.fromEntries(Object.keys(defaultDeadlineDays).map((kind) => [kind, 1])) as Record<WaitKind, number>,
  categoryDeadlineDays: {},
  escalateAfterDays: 100,
  repeatEveryDays: 100,
  provinceAfterRepeats: null,
};

let api: ApiHarness;
let mailer: Mailer;
/** The follow-up opens one working day after the last tranche. */
let workflows: WorkflowGateway;
/** The follow-up opens after an hour: a paid case stays in awaiting_follow_up. */
let slowFollowUp: WorkflowGateway;

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), 'stalled-cases-')) });
  mailer = createMailer(config);
  api = await startApiHarness({ escalation: policy, followUpAfterMs: DAY, notifications: { mailer, config } });
  const { env, taskQueue, prisma } = api.harness;
  // Contact addresses, so that the reminders are mailed (to the file outbox) rather than warned about.
  for (const { organizationId } of [agency, bank]) {
    await prisma.organization.update({ where: { id: organizationId }, data: { contactEmail: `desk@${organizationId}.example` } });
  }
  workflows = api.harness.workflows;
  slowFollowUp = new WorkflowGateway(env.client, taskQueue, 3_600_000, policy);
});
afterAll(async () => {
  await api?.stop();
  await mailer?.close();
});

const page = (caller: CallerName, query = '') => stalledPage(api, caller, query);
const listAll = (caller: CallerName, limit?: number) => allStalled(api, caller, limit);

/** Polls as an admin until the case is listed (at `stage`, if given). */
const listedEventually = (id: string, stage?: string) =>
  until(`${id} is listed${stage ? ` at ${stage}` : ''}`, async () =>
    (await listAll('admin')).find((item) => item.applicationId === id && (stage === undefined || item.stage === stage)),
  );

/** Waits until visibility has taken in the workflow's latest change, so that "not listed" is no accident of lag. */
const visibilityShows = (id: string, clause: string) =>
  until(`visibility shows ${id} with ${clause}`, async () => {
    const found = await api.harness.env.client.workflow.count(`WorkflowId = '${workflowIdFor(id)}' AND (${clause})`);
    return found.count > 0 ? true : undefined;
  });

describe('given a case overdue in each waiting stage', () => {
  const cases: Record<string, { make: () => Promise<string>; stage: string; holder: string; id?: string }> = {
    categorization: { make: () => submitted(workflows), stage: 'categorization', holder: agency.organizationId },
    returned_for_documents: {
      make: async () => {
        const id = await submitted(workflows);
        await workflows.step(id, 'returnForDocuments', { actor: agency, data: { missingDocuments: ['business licence'] } });
        return id;
      },
      stage: 'returned_for_documents',
      holder: agency.organizationId,
    },
    'bank_review.acknowledge': { make: () => referredToBank(workflows), stage: 'bank_review', holder: bank.organizationId },
    'bank_review.documents': {
      make: async () => {
        const id = await referredToBank(workflows);
        await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
        return id;
      },
      stage: 'bank_review',
      holder: bank.organizationId,
    },
    'bank_review.credit_assessment': {
      make: async () => {
        const id = await referredToBank(workflows);
        await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
        await workflows.step(id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } });
        return id;
      },
      stage: 'bank_review',
      holder: bank.organizationId,
    },
    'bank_review.decision': { make: () => atDecision(workflows), stage: 'bank_review', holder: bank.organizationId },
    information_requested: {
      make: async () => {
        const id = await referredToBank(workflows);
        await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
        await workflows.step(id, 'requestInformation', { actor: bank, data: { questions: ['Is the workshop leased?'] } });
        return id;
      },
      stage: 'information_requested',
      holder: agency.organizationId,
    },
    disbursement: { make: () => approved(workflows), stage: 'disbursement', holder: bank.organizationId },
    employment_follow_up: {
      make: async () => {
        const id = await approved(workflows, '2000');
        await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '2000', paymentReference: 'P-1' } });
        return id;
      },
      stage: 'employment_follow_up',
      holder: agency.organizationId,
    },
  };
  const ids = () => Object.values(cases).map((c) => c.id!);

  beforeAll(async () => {
    await Promise.all(Object.values(cases).map(async (c) => (c.id = await c.make())));
    for (const c of Object.values(cases)) await listedEventually(c.id!, c.stage);
  }, 60_000);

  test.each(Object.keys(cases))('a case overdue at %s is listed with its stage and the organization that holds it', async (wait) => {
    const c = cases[wait]!;
    const item = (await listAll('admin')).find((i) => i.applicationId === c.id)!;
    expect(item).toMatchObject({ applicationId: c.id, stage: c.stage, holdingOrganizationId: c.holder, links: { self: `http://api.test/applications/${c.id}` } });
    expect(Date.parse(item.deadline)).toBeLessThan(Date.now());
    expect(item.hoursOverdue).toBe(0);
  });

  test('an agency and a bank each see only the cases they hold; another agency or bank sees none of them', async () => {
    const heldBy = (holder: string) => Object.values(cases).filter((c) => c.holder === holder).map((c) => c.id).sort();
    const ours = (items: Listed[]) => items.map((i) => i.applicationId).filter((id) => ids().includes(id)).sort();
    const byAgency = await listAll('agency');
    expect(ours(byAgency)).toEqual(heldBy(agency.organizationId));
    expect(byAgency.every((i) => i.holdingOrganizationId === agency.organizationId)).toBe(true);
    const byBank = await listAll('bank');
    expect(ours(byBank)).toEqual(heldBy(bank.organizationId));
    expect(byBank.every((i) => i.holdingOrganizationId === bank.organizationId)).toBe(true);
    expect(ours(await listAll('otherAgency'))).toEqual([]);
    expect(ours(await listAll('otherBank'))).toEqual([]);
  });

  test('officials and admins see every stalled case, whoever holds it', async () => {
    for (const caller of ['official', 'admin'] as const) {
      const listed = (await listAll(caller)).map((i) => i.applicationId);
      expect(ids().filter((id) => !listed.includes(id))).toEqual([]);
    }
  });

  test('the answer matches the schema the OpenAPI document gives for it', async () => {
    const doc = (await request(api.app).get('/openapi.json')).body;
    const operation = doc.paths['/stalled-cases'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['cursor', 'limit']);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const check = ajv.compile(operation.responses['200'].content['application/json'].schema);
    expect(check(await page('official', '?limit=3')) ? [] : check.errors).toEqual([]);
  });

  test('pages of two follow each other longest overdue first, without repeating or skipping a case', async () => {
    const paged = await listAll('admin', 2);
    expect(longestOverdueFirst(paged)).toBe(true);
    expect(new Set(paged.map((i) => i.applicationId)).size).toBe(paged.length);
    expect(ids().filter((id) => !paged.some((i) => i.applicationId === id))).toEqual([]);

    const first = await page('admin', '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await page('admin', `?limit=2&cursor=${first.nextCursor}`);
    expect(longestOverdueFirst([...first.items, ...second.items])).toBe(true);
    const all = await page('admin', '?limit=200');
    expect(all.nextCursor).toBeNull();
    expect(all.items.slice(0, 4).map((i) => i.applicationId)).toEqual([...first.items, ...second.items].map((i) => i.applicationId));
  });
});

describe('a case that leaves its wait is no longer listed', () => {
  test('once paid in full, a case awaiting its follow-up period is not listed, though its disbursement was overdue', async () => {
    const id = await approved(slowFollowUp, '2000');
    await listedEventually(id, 'disbursement');
    await slowFollowUp.step(id, 'disburseTranche', { actor: bank, data: { amount: '2000', paymentReference: 'P-1' } });
    await visibilityShows(id, `${searchAttributes.stage.name} = 'awaiting_follow_up'`);
    for (const caller of ['admin', 'bank'] as const) {
      expect((await listAll(caller)).map((i) => i.applicationId)).not.toContain(id);
    }
  }, 60_000);

  /** The final stage, how the case gets overdue (and at which stage), and the step that ends it. */
  const finals: Array<[string, string, () => Promise<string>, (id: string) => Promise<unknown>]> = [
    [
      'closed',
      'employment_follow_up',
      async () => {
        const id = await approved(workflows, '2000');
        await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '2000', paymentReference: 'P-1' } });
        return id;
      },
      (id) => workflows.step(id, 'confirmJobs', { actor: agency, data: { jobsConfirmed: 3 } }),
    ],
    ['rejected', 'bank_review', () => atDecision(workflows), (id) => workflows.step(id, 'reject', { actor: bank, data: { reason: 'insufficient_guarantee' } })],
    ['ineligible', 'categorization', () => submitted(workflows), (id) => workflows.step(id, 'declareIneligible', { actor: agency, data: { reason: 'outside_program_scope' } })],
    ['withdrawn', 'bank_review', () => referredToBank(workflows), (id) => workflows.step(id, 'withdraw', { actor: agency, data: { reason: 'applicant moved away' } })],
  ];
  test.each(finals)('a case %s after being overdue at %s is not listed', async (stage, overdueAt, make, finish) => {
    const id = await make();
    await listedEventually(id, overdueAt);
    await finish(id);
    await visibilityShows(id, `${searchAttributes.stage.name} = '${stage}' OR ExecutionStatus != 'Running'`);
    expect((await listAll('admin')).map((i) => i.applicationId)).not.toContain(id);
  }, 60_000);
});
