import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** MAIL FROM and RCPT TO as the client gave them: who really gets the mail. */
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
}

/**
 * Decides, per SMTP command, whether to refuse: an error message with its code (4xx for now, 5xx
 * for good), or null to accept. `recipient` is the address of the RCPT TO being answered.
 */
export type Refusal = (stage: 'rcpt' | 'data', recipient?: string) => { code: number; message: string } | null;

/** A real SMTP server on 127.0.0.1 and a random port, in the test process. */
export interface RecordingSmtpServer {
  url: string;
  received: ReceivedMail[];
  refuse: Refusal | null;
  /**
   * While above zero, each message is read to its end and never answered (a server hung in
   * DATA), one fewer each time; such a message is not received, as the client never hears 250.
   */
  stallMessages: number;
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
    stallMessages: 0,
    onAccepted: null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // No reverse DNS: on a closed network each lookup stalls the greeting for seconds.
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = state.refuse?.('rcpt', address.address);
      callback(refusal ? smtpError(refusal) : undefined);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (state.stallMessages > 0) {
            state.stallMessages--;
            return undefined;
          }
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
  // A client that dies in the middle of a message (a worker SIGKILLed mid-send) resets its
  // connection, which the server reports as an error: the client's doing, and no reason to crash.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}
