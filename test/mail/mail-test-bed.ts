import { type NotifyDependencies, outgoingEmailIdFor } from '../../activities/notify-stalled-case';
import { createSmtpMailer, type Mailer } from '../../mail/mailer';
import { type RecordingSmtpServer, startRecordingSmtpServer } from '../../support/recording-smtp-server';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { notifyConfig, seedCounty } from './seed';
import { testFieldCipher } from '../../support/test-field-cipher';

/** A database of its own, a recording SMTP server and the notify activity's dependencies. */
export interface MailTestBed {
  database: TestDatabase;
  smtp: RecordingSmtpServer;
  mailer: Mailer;
  deps: NotifyDependencies;
}

/** As production runs by default: a few shared connections (SMTP_POOL_CONNECTIONS). */
const POOLED = { maxConnections: 2, maxMessages: 100 };

/**
 * Registers the hooks of one test file and returns the bed they fill in: started before the
 * file's tests, the SMTP server's switches reset before each, everything stopped after.
 * `deadlineMs` shortens the mailer's whole-exchange deadline for tests that wait it out;
 * `pool: null` sends each mail over a connection of its own.
 */
export function useMailTestBed(options: { deadlineMs?: number; pool?: typeof POOLED | null } = {}): MailTestBed {
  const bed = {} as MailTestBed;
  beforeAll(async () => {
    [bed.database, bed.smtp] = await Promise.all([createTestDatabase(), startRecordingSmtpServer()]);
    await seedCounty(bed.database.prisma);
    bed.mailer = createSmtpMailer(bed.smtp.url, { deadlineMs: options.deadlineMs, pool: options.pool === null ? undefined : (options.pool ?? POOLED) });
    bed.deps = { prisma: bed.database.prisma, fields: testFieldCipher, mailer: bed.mailer, config: notifyConfig };
  });
  afterAll(async () => {
    await bed.mailer?.close();
    await bed.smtp?.close();
    await bed.database?.drop();
  });
  beforeEach(() => {
    bed.smtp.received.length = 0;
    bed.smtp.refuse = null;
    bed.smtp.stallMessages = 0;
    bed.smtp.onAccepted = null;
  });
  return bed;
}

/** The rows a notice leaves: its email, that email's recipients (by address) and its escalation. */
export function rowsOf(bed: MailTestBed) {
  // Read when called: the bed is filled in only once the file's tests start.
  const prisma = () => bed.database.prisma;
  return {
    email: (key: string) => prisma().outgoingEmail.findUniqueOrThrow({ where: { id: outgoingEmailIdFor(key) } }),
    recipients: (key: string) => prisma().emailRecipient.findMany({ where: { emailId: outgoingEmailIdFor(key) }, orderBy: { address: 'asc' } }),
    escalations: (key: string) => prisma().escalation.findMany({ where: { escalationKey: key } }),
  };
}
