/**
 * The escalation bench's yardstick: nodemailer alone, pooled as the app's mailer is, sending as
 * many escalation emails (rendered by the app's own builder) to the same SMTP sink as fast as the
 * pool takes them. No Temporal, no database.
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../../config/config';
import { renderEscalationEmail } from '../../mail/escalation-email';

export interface BareLoopFigures {
  emails: number;
  seconds: number;
  emailsPerSecond: number;
}

export async function runBareNodemailerLoop(
  smtpUrl: string,
  emails: number,
  config: Pick<Config, 'MAIL_FROM' | 'PUBLIC_BASE_URL' | 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE' | 'SMTP_POOL_CONNECTIONS' | 'SMTP_POOL_MESSAGES'>,
): Promise<BareLoopFigures> {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: Math.max(config.SMTP_POOL_CONNECTIONS, 1),
    maxMessages: config.SMTP_POOL_MESSAGES,
  });
  const now = Date.now();
  const messages = Array.from({ length: emails }, (_, i) => {
    const applicationId = randomUUID();
    const level = i % 2 === 0 ? 'reminder' : 'governors_office';
    return {
      messageId: `<bare-${applicationId}@loans.lahijan>`,
      // One recipient, as each notice of the bench has: the holder's desk or the governor's office.
      to: level === 'reminder' ? 'desk@relief-committee.example' : 'governor-office@lahijan.example',
      ...renderEscalationEmail(
        {
          applicationId,
          agencyReference: `BENCH-${i}`,
          applicantInitials: 'B. A.',
          waitingFor: 'categorization',
          holder: { id: 'org-relief-committee', name: 'Imam Khomeini Relief Committee', nameFa: 'کمیته امداد امام خمینی' },
          level,
          round: 0,
          workingDaysWaited: 30,
          waitingSince: new Date(now - 30_000),
          deadline: new Date(now),
        },
        config,
      ),
    };
  });
  const started = performance.now();
  try {
    await Promise.all(
      messages.map(({ messageId, to, subject, text, html }) =>
        transport.sendMail({ messageId, from: config.MAIL_FROM, to, subject, text, html, headers: { 'Auto-Submitted': 'auto-generated' } }),
      ),
    );
  } finally {
    transport.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { emails, seconds: Math.round(seconds * 100) / 100, emailsPerSecond: Math.round(emails / seconds) };
}
