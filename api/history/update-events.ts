import type { ApplicationState } from '../../domain/application-state';
import type { Actor } from '../../domain/commands';
import { describeActor, failureMessage } from './readable';
import type { EventContext, EventReader } from './timeline-entry';

/**
 * Human steps, which run as Updates. Temporal records an Update only once its validator has
 * accepted it: a step refused by the rules is answered to its caller and never enters the
 * history, so a refusal here is an Update that failed after acceptance.
 */

type Command = { actor?: Actor } & Record<string, unknown>;

async function accepted({ attributes: a, first, add }: EventContext): Promise<void> {
  const request = a.acceptedRequest;
  const name = request?.input?.name ?? 'unknown step';
  const { actor, ...rest } = (await first<Command>(request?.input?.args)) ?? {};
  add('step.accepted', `${name} accepted from ${describeActor(actor)}`, {
    ...(actor ? { actor } : {}),
    details: { updateId: request?.meta?.updateId, ...rest },
  });
}

async function completed({ attributes: a, attributesOf, first, add }: EventContext): Promise<void> {
  const request = attributesOf(a.acceptedEventId)?.acceptedRequest;
  const name = request?.input?.name ?? 'unknown step';
  const actor = (await first<Command>(request?.input?.args))?.actor;
  const who = actor ? { actor } : {};
  const failure = a.outcome?.failure;
  if (failure) {
    const reason = failureMessage(failure);
    add('step.refused', `${name} by ${describeActor(actor)} refused: ${reason}`, {
      ...who,
      details: { updateId: a.meta?.updateId, reason, code: failure.applicationFailureInfo?.type, afterAcceptance: true },
    });
    return;
  }
  const state = await first<ApplicationState>(a.outcome?.success);
  const where = state ? `; the application is now at ${state.stage}${state.reviewStep ? ` (${state.reviewStep})` : ''}` : '';
  add('step.completed', `${name} completed by ${describeActor(actor)}${where}`, {
    ...who,
    details: { updateId: a.meta?.updateId, ...(state ? { stage: state.stage, reviewStep: state.reviewStep } : {}) },
  });
}

export const updateEventReaders: Record<string, EventReader> = {
  EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: accepted,
  EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: completed,
};
