import type { ParsedMail } from 'mailparser';
import { startRecordingSmtpServer } from '../../support/recording-smtp-server';

/**
 * The recording SMTP server as the workflow tests use it: the parsed mails, and a switch that
 * refuses every message (451) while set, like a server that is down for mail.
 */
export interface TestSmtpServer {
  url: string;
  readonly received: ParsedMail[];
  refuseWith: string | null;
  waitForMails(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const server = await startRecordingSmtpServer();
  let refuseWith: string | null = null;
  server.refuse = (stage) => (stage === 'data' && refuseWith ? { code: 451, message: refuseWith } : null);
  const received = () => server.received.map((mail) => mail.parsed);
  return {
    url: server.url,
    get received() {
      return received();
    },
    get refuseWith() {
      return refuseWith;
    },
    set refuseWith(message: string | null) {
      refuseWith = message;
    },
    async waitForMails(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (server.received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, received ${server.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received();
    },
    close: () => server.close(),
  };
}
