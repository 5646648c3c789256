import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal';

/**
 * Histories recorded from earlier versions of the workflow (record-histories.ts) must replay
 * on today's code: a change that would break running workflows without `patched()` fails here.
 */
const historiesDir = path.join(__dirname, 'histories');

test('every recorded history of the loan-application workflow replays on the current code', async () => {
  const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();
  expect(files.length).toBeGreaterThanOrEqual(4);
  const histories = await Promise.all(
    files.map(async (file) => ({
      workflowId: file,
      history: historyFromJSON(JSON.parse(await readFile(path.join(historiesDir, file), 'utf8'))),
    })),
  );
  const { code } = await workflowBundle();
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  expect(failures).toEqual([]);
});

test('a history that does not match the code is reported, so the replay check can fail', async () => {
  const file = (await readdir(historiesDir)).find((f) => f.endsWith('full-lifecycle.json'))!;
  const json = JSON.parse(await readFile(path.join(historiesDir, file), 'utf8'));
  // The first activity the workflow scheduled becomes a timer: the code would never do that.
  const scheduled = json.events.find((e: { activityTaskScheduledEventAttributes?: unknown }) => e.activityTaskScheduledEventAttributes);
  scheduled.activityTaskScheduledEventAttributes.activityType = { name: 'somethingElse' };
  const { code } = await workflowBundle();
  await expect(Worker.runReplayHistory({ workflowBundle: { code } }, historyFromJSON(json), 'tampered')).rejects.toThrow();
});
