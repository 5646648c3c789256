/**
 * A worker that dies by SIGKILL the moment a notice's email is handed to SMTP: the outbox row is
 * claimed (`sending`) and nobody will ever record how the exchange ended. Run as a child process
 * by notice-sender-crash.test.ts. Settings come from the environment: DATABASE_URL,
 * TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, WORKFLOW_BUNDLE_PATH, GOVERNORS_OFFICE_EMAILS, DATA_DIR.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { loadConfig } from '../../../config/config';
import { PrismaClient } from '../../../generated/prisma/client';
import type { Mailer } from '../../../mail/mailer';
import { testFieldCipher } from '../../../support/test-field-cipher';

async function main(): Promise<void> {
  const config = loadConfig();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }) });
  const diesMidSend: Mailer = {
    send() {
      process.kill(process.pid, 'SIGKILL');
      return new Promise(() => undefined);
    },
    close: async () => undefined,
  };
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
    activities: createActivities({ prisma, fields: testFieldCipher, notifications: { mailer: diesMidSend, config } }),
  });
  console.log('worker polling task queue');
  await worker.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
