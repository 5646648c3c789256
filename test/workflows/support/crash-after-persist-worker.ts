/**
 * A worker that dies by SIGKILL the moment the persistence local activity of one step has
 * committed, before its workflow task completes: the window in which the database holds a
 * step the workflow has not taken. Run as a child process by worker-crash.test.ts.
 * Settings come from the environment: DATABASE_URL, TEMPORAL_ADDRESS, TASK_QUEUE,
 * WORKFLOW_BUNDLE_PATH, CRASH_AFTER_STEP.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import type { PersistTransitionInput } from '../../../activities/persist-transition';
import { PrismaClient } from '../../../generated/prisma/client';
import { testFieldCipher } from '../../../support/test-field-cipher';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env('DATABASE_URL') }) });
  const activities = createActivities({ prisma, fields: testFieldCipher });
  const crashAfter = env('CRASH_AFTER_STEP');
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') }),
    taskQueue: env('TASK_QUEUE'),
    workflowBundle: { codePath: env('WORKFLOW_BUNDLE_PATH') },
    activities: {
      ...activities,
      async persistTransition(input: PersistTransitionInput) {
        await activities.persistTransition(input);
        if (input.record.step === crashAfter) process.kill(process.pid, 'SIGKILL');
      },
    },
  });
  console.log('worker polling task queue');
  await worker.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
