import { randomUUID } from 'node:crypto';
import { searchAttributes, WORKFLOW_TYPE, workflowIdFor } from '../../domain/contract';
import { otherBank } from '../../support/fixtures';
import { type ApiHarness, as, startApiHarness } from './support/api-harness';
import { allStalled, longestOverdueFirst, stalledPage, until } from './support/stalled-listing';

/**
 * GET /stalled-cases paged and validated like /applications, and true past 500 cases: Temporal's
 * SQL visibility cannot order by the deadline, so the API must read every page of it.
 */

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

test.each([
  ['cursor', 'not-a-cursor'],
  ['cursor', Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url')],
  ['cursor', Buffer.from(JSON.stringify(['+275760-09-13T00:00:00.000Z', 'x'])).toString('base64url')],
  ['cursor', Buffer.from(JSON.stringify([new Date().toISOString(), "x' OR '1'='1"])).toString('base64url')],
  ['limit', '0'],
  ['limit', '201'],
  ['limit', 'ten'],
  ['limit', '2.5'],
])('a %s of %p is refused with a 422 that names the field', async (field, value) => {
  const res = await as(api, 'official').get(`/stalled-cases?${field}=${encodeURIComponent(value)}`);
  expect(res.status).toBe(422);
  expect(res.type).toBe('application/problem+json');
  expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([`query.${field}`]);
});

describe('given more than 500 overdue cases at one bank (started straight into visibility, with no worker to run them)', () => {
  const count = 501;
  const base = Date.now() - 86_400_000;
  const bulkIds = Array.from({ length: count }, (_, i) => `bulk-${String(i).padStart(3, '0')}-${randomUUID()}`);

  beforeAll(async () => {
    const taskQueue = `nobody-polls-${randomUUID()}`;
    // Started oldest deadline first: visibility lists the newest start first, so the most
    // overdue case comes last in visibility's own order.
    for (let i = 0; i < count; i += 25) {
      await Promise.all(
        bulkIds.slice(i, i + 25).map((id, j) =>
          api.harness.env.client.workflow.start(WORKFLOW_TYPE, {
            taskQueue,
            workflowId: workflowIdFor(id),
            args: [],
            typedSearchAttributes: [
              { key: searchAttributes.stage, value: 'bank_review' },
              { key: searchAttributes.holdingOrganization, value: otherBank.organizationId },
              { key: searchAttributes.escalationLevel, value: 0 },
              { key: searchAttributes.deadline, value: new Date(base + (i + j) * 1000) },
            ],
          }),
        ),
      );
    }
    await until('visibility holds them all', async () => {
      const { count: found } = await api.harness.env.client.workflow.count(`${searchAttributes.holdingOrganization.name} = '${otherBank.organizationId}'`);
      return found >= count ? true : undefined;
    });
  }, 120_000);

  test('the first page starts with the longest overdue of them all, and the pages hold every one, in order', async () => {
    const first = await stalledPage(api, 'otherBank', '?limit=1');
    expect(first.items.map((i) => i.applicationId)).toEqual([bulkIds[0]]);
    const all = await allStalled(api, 'otherBank');
    expect(all.map((i) => i.applicationId)).toEqual(bulkIds);
    expect(longestOverdueFirst(all)).toBe(true);
  }, 60_000);
});
