import { condition, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

/**
 * The bare baseline: the same Updates as one application's lifecycle (submit, the review and
 * disbursement steps, confirm-jobs) and the same follow-up timer, but no activities, no
 * database and no HTTP. Bundled on its own, so nothing of the application's workflow code
 * is in its bundle.
 */

export interface BareInput {
  /** The step names in the order the driver sends them, after the submission. */
  steps: string[];
  followUpAfterMs: number;
}

export interface BareCommand {
  step: string;
  payload: Record<string, unknown>;
}

export const BARE_WORKFLOW_TYPE = 'bareLifecycleWorkflow';
export const bareSubmit = defineUpdate<number, [BareCommand]>('submit');
export const bareStep = defineUpdate<number, [BareCommand]>('step');

export async function bareLifecycleWorkflow(input: BareInput): Promise<number> {
  let done = -1;
  let followUpOpen = false;
  const confirmStep = input.steps[input.steps.length - 1];

  setHandler(bareSubmit, (_command) => (done = 0), {
    validator: (_command) => {
      if (done >= 0) throw new Error('already submitted');
    },
  });

  setHandler(
    bareStep,
    async (command) => {
      // Like the lifecycle's confirm-jobs, the last step waits for the follow-up to open;
      // here the handler waits instead of the client polling.
      if (command.step === confirmStep) await condition(() => followUpOpen);
      return ++done;
    },
    {
      validator: (command) => {
        if (done < 0 || input.steps[done] !== command.step) throw new Error(`${command.step} is out of order`);
      },
    },
  );

  await condition(() => done >= input.steps.length - 1);
  await sleep(input.followUpAfterMs);
  followUpOpen = true;
  await condition(() => done === input.steps.length);
  return done;
}
