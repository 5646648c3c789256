import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/bundle-workflows';
import { droppedWorkflowSpans } from '../../worker/tracing-options';

/**
 * The prebuilt bundle production workers load carries OpenTelemetry's workflow interceptors
 * (scripts/build-workflow-bundle.ts), whether tracing is on or off: histories recorded without
 * them must replay with them, or turning tracing on would break running workflows.
 */
const historiesDir = path.join(__dirname, 'histories');

test('every recorded history replays on the bundle that carries the tracing interceptors', async () => {
  const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();
  expect(files.length).toBeGreaterThanOrEqual(4);
  const histories = await Promise.all(
    files.map(async (file) => ({
      workflowId: file,
      history: historyFromJSON(JSON.parse(await readFile(path.join(historiesDir, file), 'utf8'))),
    })),
  );
  const { code } = await bundleWorkflows(undefined, { withTracingInterceptors: true });
  // The interceptors really are in it: their span names are the bundle's own strings.
  expect(code).toContain('RunActivity');
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code }, sinks: droppedWorkflowSpans }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  expect(failures).toEqual([]);
}, 120_000);
