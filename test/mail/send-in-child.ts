/**
 * One attempt of notifyStalledCase in a process of its own, so a test can kill it with SIGKILL
 * in the middle of a send, as a worker dies. Arguments: database URL, SMTP URL, notice as JSON.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';
import { createMailer } from '../../mail/mailer';
import { recordingLogger, runAttempt } from './activity-context';
import { notifyConfig } from './seed';
import { testFieldCipher } from '../../support/test-field-cipher';

async function main(): Promise<void> {
  const [databaseUrl, smtpUrl, noticeJson] = process.argv.slice(2);
  if (!databaseUrl || !smtpUrl || !noticeJson) throw new Error('usage: send-in-child <database-url> <smtp-url> <notice-json>');
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const mailer = createMailer({ SMTP_URL: smtpUrl, outboxDir: '' });
  try {
    await runAttempt({ prisma, fields: testFieldCipher, mailer, config: notifyConfig }, JSON.parse(noticeJson), recordingLogger());
    process.stdout.write('completed\n');
  } finally {
    await mailer.close();
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
