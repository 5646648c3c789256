import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultDataConverter } from '@temporalio/common';
import { buildTimeline, type HistoryEventJson, type TimelineEntry } from '../../../api/history';

/**
 * The timeline read from histories without a server: the recorded histories of every workflow
 * version (test/workflows/histories, in the proto JSON form the endpoint serves), and events
 * the live tests cannot easily bring about, appended to a recorded history.
 */

const historiesDir = path.join(__dirname, '..', '..', 'workflows', 'histories');
const recorded = (name: string): HistoryEventJson[] =>
  (JSON.parse(readFileSync(path.join(historiesDir, `${name}.json`), 'utf8')) as { events: HistoryEventJson[] }).events;
const timelineOf = (events: HistoryEventJson[]) => buildTimeline(events, defaultDataConverter);
const ofKind = (timeline: TimelineEntry[], kind: TimelineEntry['kind']) => timeline.filter((entry) => entry.kind === kind);

/** A value as the history stores it: proto JSON, base64 metadata and data. */
function payloadJson(value: unknown) {
  const payload = defaultDataConverter.payloadConverter.toPayload(value);
  const base64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');
  return { metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, v]) => [key, base64(v)])), data: base64(payload.data) };
}

/** An event after the last one of `events`. */
const after = (events: HistoryEventJson[], eventType: string, attributesKey: string, attributes: Record<string, unknown>): HistoryEventJson => ({
  eventId: String(events.length + 1),
  eventTime: new Date(Date.parse(events[events.length - 1]!.eventTime!) + 1000).toISOString(),
  eventType,
  [attributesKey]: attributes,
});

describe.each(readdirSync(historiesDir).map((file) => file.replace(/\.json$/, '')))('the recorded history %s', (name) => {
  let events: HistoryEventJson[];
  let timeline: TimelineEntry[];
  beforeAll(async () => {
    events = recorded(name);
    timeline = await timelineOf(events);
  });

  test('reads from its start to its completion, every entry pointing at an event of the history, in order', () => {
    // A run continued from an earlier one says so; a run that continues as new ends saying so.
    const continued = /-run[2-9]$/.test(name);
    const continues = /-run1$/.test(name);
    expect(timeline[0]!.kind).toBe('workflow.started');
    expect(timeline[0]!.summary).toMatch(continued ? /^Workflow continued from run \S+ for application [0-9a-f-]{36} at stage \w+/ : /^Workflow started for application [0-9a-f-]{36}$/);
    const completed = timeline[timeline.length - 1]!;
    expect(completed.kind).toBe(continues ? 'workflow.continuedAsNew' : 'workflow.completed');
    const steps = ofKind(timeline, 'step.completed');
    if (!continues) expect(completed.summary).toBe(`Workflow completed at stage ${steps[steps.length - 1]!.details!.stage}`);
    const ids = timeline.map((entry) => entry.eventId!);
    expect(ids.every((id) => Number.isInteger(id) && id >= 1 && id <= events.length)).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  test('has each accepted step completed, by the same caller, and saved to the database once', () => {
    const accepted = ofKind(timeline, 'step.accepted');
    const completed = ofKind(timeline, 'step.completed');
    expect(completed.map((e) => e.summary.split(' ')[0])).toEqual(accepted.map((e) => e.summary.split(' ')[0]));
    expect(completed.map((e) => e.actor)).toEqual(accepted.map((e) => e.actor));
    expect(completed.every((e) => e.actor !== undefined)).toBe(true);
    // Persistence was an activity in v1, a local activity (behind a patch) from v3 on.
    const via = name.startsWith('v1-') || name.startsWith('v2-') ? 'activity' : 'local activity';
    const persisted = ofKind(timeline, 'persistence.recorded');
    expect(persisted.length).toBeGreaterThanOrEqual(completed.length);
    expect(persisted.every((e) => e.details!.via === via)).toBe(true);
    if (via === 'local activity') expect(ofKind(timeline, 'workflow.patched').map((e) => e.details!.patchId)).toEqual(expect.arrayContaining([expect.stringMatching(/^(persist-with-local-activity|lifecycle-v2)$/)]));
  });
});

test('a wait that ended in time reads as its timer canceled, with the length it would have run', async () => {
  const timeline = await timelineOf(recorded('v3-full-lifecycle'));
  const canceled = ofKind(timeline, 'timer.canceled');
  expect(canceled.length).toBeGreaterThan(0);
  expect(canceled[0]!.summary).toMatch(/^Timer \d+ canceled: the wait ended before the [\d.]+ (ms|s) timer ran out$/);
  expect(canceled[0]!.details!.durationMs).toEqual(expect.any(Number));
});

test('an escalated history shows the reminder due and sent, with the holder and the days waited', async () => {
  const timeline = await timelineOf(recorded('v3-escalated-categorization'));
  expect(ofKind(timeline, 'notification.scheduled')[0]!.summary).toMatch(/^Reminder due: categorization held by org-relief-committee, \d+ working day\(s\) waited$/);
  expect(ofKind(timeline, 'notification.sent')[0]!.summary).toMatch(/^Reminder sent: categorization held by org-relief-committee/);
});

test('a run that continues as new says where the case goes on, and the new run says where it came from', async () => {
  const events = recorded('v3-full-lifecycle').slice(0, -1);
  const carried = { applicationId: 'a-1', followUpAfterMs: 0, carried: { state: { stage: 'bank_review' }, pausedClock: null } };
  const handedOver = after(events, 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW', 'workflowExecutionContinuedAsNewEventAttributes', {
    newExecutionRunId: 'run-2',
    input: { payloads: [payloadJson(carried)] },
    initiator: 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW',
  });
  const last = (await timelineOf([...events, handedOver])).pop()!;
  expect(last).toMatchObject({
    kind: 'workflow.continuedAsNew',
    summary: 'Workflow continued as new in run run-2 to keep its history short; the case goes on there at stage bank_review',
    details: { newRunId: 'run-2', stage: 'bank_review' },
  });

  const [started] = await timelineOf([
    {
      eventId: '1',
      eventTime: new Date().toISOString(),
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      workflowExecutionStartedEventAttributes: {
        continuedExecutionRunId: 'run-1',
        initiator: 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW',
        input: { payloads: [payloadJson(carried)] },
      },
    },
  ]);
  expect(started).toMatchObject({
    kind: 'workflow.started',
    summary: 'Workflow continued from run run-1 for application a-1 at stage bank_review, its state and clocks carried over',
    details: { continuedFromRunId: 'run-1', stage: 'bank_review' },
  });
});

test('search attributes removed (nobody holds the case) read as unset, the others with their values', async () => {
  const events = recorded('v3-full-lifecycle');
  const upsert = after(events, 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'upsertWorkflowSearchAttributesEventAttributes', {
    searchAttributes: { indexedFields: { LoanStage: payloadJson('awaiting_follow_up'), LoanDeadline: payloadJson(null), LoanHoldingOrganization: payloadJson([]) } },
  });
  const last = (await timelineOf([...events, upsert])).pop()!;
  expect(last.kind).toBe('searchAttributes.upserted');
  expect(last.summary).toBe('Search attributes set: LoanStage=awaiting_follow_up, LoanDeadline unset, LoanHoldingOrganization unset');
});

test('an activity that failed for good and a local activity that will be retried both read with their attempt and failure', async () => {
  const events = recorded('v3-escalated-categorization');
  const scheduled = events.find((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')!;
  const started = after(events, 'EVENT_TYPE_ACTIVITY_TASK_STARTED', 'activityTaskStartedEventAttributes', { scheduledEventId: scheduled.eventId, attempt: 3 });
  const withStart = [...events, started];
  const failed = after(withStart, 'EVENT_TYPE_ACTIVITY_TASK_FAILED', 'activityTaskFailedEventAttributes', {
    scheduledEventId: scheduled.eventId,
    startedEventId: started.eventId,
    failure: { message: 'activity failed', cause: { message: 'no such recipient' } },
    retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE',
  });
  const withFailure = [...withStart, failed];
  const marker = after(withFailure, 'EVENT_TYPE_MARKER_RECORDED', 'markerRecordedEventAttributes', {
    markerName: 'core_local_activity',
    details: { data: { payloads: [payloadJson({ activity_type: 'persistTransition', attempt: 4, backoff: { backoffDuration: '60s' } })] } },
    failure: { message: 'database unreachable' },
  });
  const timeline = await timelineOf([...withFailure, marker]);
  const [activity, local] = ofKind(timeline, 'activity.failed').slice(-2);
  expect(activity).toMatchObject({
    summary: 'notifyStalledCase failed on attempt 3: activity failed: no such recipient',
    details: { activity: 'notifyStalledCase', attempt: 3, retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE' },
  });
  expect(local).toMatchObject({
    summary: 'persistTransition (local activity) failed on attempt 4: database unreachable; it will be retried',
    details: { via: 'local activity', willRetry: true },
  });
});
