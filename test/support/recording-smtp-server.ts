import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** MAIL FROM and RCPT TO as the client gave them: who really gets the mail. */
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
}

/** Decides, per SMTP command, whether to refuse: an error message with its code, or null to accept. */
export type Refusal = (stage: 'rcpt' | 'data') => { code: number; message: string } | null;

/** A real SMTP server on 127.0.0.1 and a random port, in the test process. */
export interface RecordingSmtpServer {
  url: string;
  received: ReceivedMail[];
  refuse: Refusal | null;
  /** Runs once a message is stored and before the server answers 250 (e.g. to kill the sender). */
  onAccepted: (() => void) | null;
  close(): Promise<void>;
}

const smtpError = ({ code, message }: { code: number; message: string }) => Object.assign(new Error(message), { responseCode: code });

export async function startRecordingSmtpServer(): Promise<RecordingSmtpServer> {
  const state: RecordingSmtpServer = {
    url: '',
    received: [],
    refuse: null,
    onAccepted: null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // No reverse DNS: on a closed network each lookup stalls the greeting for seconds.
    disableReverseLookup: true,
    logger: false,
    onRcptTo(_address, _session, callback) {
      const refusal = state.refuse?.('rcpt');
      callback(refusal ? smtpError(refusal) : undefined);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const refusal = state.refuse?.('data');
          if (refusal) return callback(smtpError(refusal));
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          state.received.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, parsed });
          state.onAccepted?.();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}
