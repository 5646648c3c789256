import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { NOTICES_OUTLIVE_WAIT } from '../../workflows/deadline-supervisor';
import { EncryptionCodec } from '../../security/encryption-codec';
import { newPayloadKey, parsePayloadKeys } from '../../security/payload-keys';
import { bundleWorkflows } from '../../worker/bundle-workflows';
import { droppedWorkflowSpans } from '../../worker/tracing-options';
import { workflowBundle } from '../../support/workflow-bundle';

/**
 * Histories recorded from earlier versions of the workflow (record-histories.ts) must replay
 * on today's code: a change that would break running workflows without `patched()` fails here.
 */
const historiesDir = path.join(__dirname, 'histories');

/** Every recorded history replayed on `code`: the failures, by file. */
async function replayFailures(code: string, options: Partial<WorkerOptions> = {}): Promise<string[]> {
  const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();
  expect(files.length).toBeGreaterThanOrEqual(4);
  const histories = await Promise.all(
    files.map(async (file) => ({
      workflowId: file,
      history: historyFromJSON(JSON.parse(await readFile(path.join(historiesDir, file), 'utf8'))),
    })),
  );
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code }, ...options }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  return failures;
}

test('every recorded history of the loan-application workflow replays on the current code', async () => {
  expect(await replayFailures((await workflowBundle()).code)).toEqual([]);
});

/**
 * The prebuilt bundle production workers load carries OpenTelemetry's workflow interceptors
 * (scripts/build-workflow-bundle.ts), whether tracing is on or off: histories recorded without
 * them must replay with them, or turning tracing on would break running workflows.
 */
test('every recorded history replays on the bundle that carries the tracing interceptors', async () => {
  const { code } = await bundleWorkflows(undefined, { withTracingInterceptors: true });
  // The interceptors really are in it: their span names are the bundle's own strings.
  expect(code).toContain('RunActivity');
  expect(await replayFailures(code, { sinks: droppedWorkflowSpans })).toEqual([]);
}, 120_000);

test('a history that does not match the code is reported, so the replay check can fail', async () => {
  const file = (await readdir(historiesDir)).find((f) => f.endsWith('full-lifecycle.json'))!;
  const json = JSON.parse(await readFile(path.join(historiesDir, file), 'utf8'));
  // The first activity the workflow scheduled becomes a timer: the code would never do that.
  const scheduled = json.events.find((e: { activityTaskScheduledEventAttributes?: unknown }) => e.activityTaskScheduledEventAttributes);
  scheduled.activityTaskScheduledEventAttributes.activityType = { name: 'somethingElse' };
  const { code } = await workflowBundle();
  await expect(Worker.runReplayHistory({ workflowBundle: { code } }, historyFromJSON(json), 'tampered')).rejects.toThrow();
});

/**
 * Workers encrypt payloads (security/encryption-codec.ts) since histories were first recorded:
 * the plain payloads of a workflow begun before the codec must still decode and replay with it.
 */
test('every recorded history replays on workers that carry the payload codec', async () => {
  const codec = new EncryptionCodec(parsePayloadKeys(newPayloadKey()));
  expect(await replayFailures((await workflowBundle()).code, { dataConverter: { payloadCodecs: [codec] } })).toEqual([]);
});

/** The patch ids a recorded history's markers carry (core_patch markers hold `{"id": …}`). */
function patchesIn(history: { events: Array<{ markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads: Array<{ data: string }> }> } }> }): string[] {
  return history.events
    .map((event) => event.markerRecordedEventAttributes)
    .filter((marker) => marker?.markerName === 'core_patch')
    .map((marker) => JSON.parse(Buffer.from(marker!.details!['patch-data']!.payloads[0]!.data, 'base64').toString()).id);
}

/**
 * NOTICES_OUTLIVE_WAIT: a notice in flight when its wait ended was cancelled before it, and is
 * left to finish after it. Both sides are among the recorded histories that replay above.
 */
test('the recorded histories hold a notice cancelled at its wait\'s end and, past the patch, one left to finish', async () => {
  const read = async (file: string) => JSON.parse(await readFile(path.join(historiesDir, file), 'utf8'));
  const [before, after] = await Promise.all([read('v5-notice-in-flight.json'), read('v6-notice-in-flight.json')]);
  const cancelRequested = (history: { events: Array<Record<string, unknown>> }) => history.events.some((event) => event.activityTaskCancelRequestedEventAttributes);
  expect([cancelRequested(before), patchesIn(before).includes(NOTICES_OUTLIVE_WAIT)]).toEqual([true, false]);
  expect([cancelRequested(after), patchesIn(after).includes(NOTICES_OUTLIVE_WAIT)]).toEqual([false, true]);
});
