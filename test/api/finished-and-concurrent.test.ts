import { workflowIdFor } from '../../domain/contract';
import { bank } from '../../support/fixtures';
import { atDecision, submitted } from '../support/walk';
import { type ApiHarness, as, startApiHarness } from './support/api-harness';
import { submissionRequest } from './support/bodies';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

/** Waits until the application's workflow has ended: it then takes no Updates at all. */
const finished = (id: string) => api.harness.env.client.workflow.getHandle(workflowIdFor(id)).result();

describe('a step on a finished application', () => {
  test('after a rejection whose workflow has ended, any step → 409 saying the application is closed, not 404', async () => {
    const id = await atDecision(api.harness.workflows);
    await api.harness.workflows.step(id, 'reject', { actor: bank, data: { reason: 'poor_credit_history' } });
    await finished(id);
    const stepsBefore = await api.harness.prisma.applicationStep.count({ where: { applicationId: id } });

    for (const [caller, segment, body] of [
      ['bank', 'approve', { amount: '1000', terms: 'x' }],
      ['bank', 'request-information', { questions: ['still there?'] }],
      ['agency', 'withdraw', { reason: 'changed plans' }],
    ] as const) {
      const res = await as(api, caller).post(`/applications/${id}/steps/${segment}`, body);
      expect({ segment, status: res.status, type: res.type }).toEqual({ segment, status: 409, type: 'application/problem+json' });
      expect(res.body).toMatchObject({ type: '/problems/step-out-of-order', detail: expect.stringContaining('the application is closed (stage rejected)') });
    }
    expect((await as(api, 'agency').get(`/applications/${id}`)).body.stage).toBe('rejected');
    expect(await api.harness.prisma.applicationStep.count({ where: { applicationId: id } })).toBe(stepsBefore);
  });

  test('after a withdrawal, the agency’s next step → 409 too; to anyone who does not hold it, it is still not found', async () => {
    const id = await submitted(api.harness.workflows);
    expect((await as(api, 'agency').post(`/applications/${id}/steps/withdraw`, { reason: 'moved away' })).status).toBe(200);
    await finished(id);
    const again = await as(api, 'agency').post(`/applications/${id}/steps/categorize`, { category: 'tourism', priority: 'high', bankId: 'org-bank-melli' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('closed (stage withdrawn)');
    expect((await as(api, 'otherAgency').post(`/applications/${id}/steps/withdraw`, { reason: 'x' })).status).toBe(404);
  });
});

describe('identical submissions sent at once', () => {
  test('only the one that created the application answers 201, even when all carry the same X-Request-Id; the others 200', async () => {
    const body = submissionRequest();
    // With no worker, every request is in flight before the first is recorded, as under load.
    await api.harness.worker.stop();
    const sent = Array.from({ length: 5 }, () => as(api, 'agency').post('/applications', body, { 'X-Request-Id': 'same-for-all' }).then((r) => r));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    api.harness.worker = await api.harness.startWorker();
    const answers = await Promise.all(sent);

    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    expect(answers.filter((r) => r.headers.location !== undefined)).toHaveLength(1);
    expect(new Set(answers.map((r) => r.headers['x-request-id'])).size).toBe(5);
    expect(await api.harness.prisma.application.count({ where: { agencyReference: body.agencyReference } })).toBe(1);
  });

  test('a repeat after the application is recorded answers 200 without waiting for the workflow', async () => {
    const body = submissionRequest();
    expect((await as(api, 'agency').post('/applications', body)).status).toBe(201);
    await api.harness.worker.stop();
    try {
      const repeat = await as(api, 'agency').post('/applications', body).timeout(5_000);
      expect(repeat.status).toBe(200);
    } finally {
      api.harness.worker = await api.harness.startWorker();
    }
  });
});
