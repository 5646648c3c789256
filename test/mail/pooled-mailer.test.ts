import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { createMailer, createSmtpMailer, type Mailer, type OutgoingMessage } from '../../mail/mailer';

/** A real SMTP server that counts the connections it was given and the Message-IDs it accepted. */
interface CountingServer {
  url: string;
  connections: number;
  received: string[];
  /** Refuses a message with 421 and closes its connection, as a server that drops a busy client. */
  dropConnection: ((session: SMTPServerSession) => boolean) | null;
  /** While above zero, a message is read to its end and never answered (a server hung in DATA). */
  stallMessages: number;
  close(): Promise<void>;
}

async function startCountingServer(options: { socketTimeout?: number } = {}): Promise<CountingServer> {
  const state: CountingServer = {
    url: '',
    connections: 0,
    received: [],
    dropConnection: null,
    stallMessages: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    ...options,
    onConnect(_session, callback) {
      state.connections++;
      callback();
    },
    onMailFrom(_address, session, callback) {
      if (state.dropConnection?.(session)) return callback(Object.assign(new Error('closing this connection'), { responseCode: 421 }));
      return callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (state.stallMessages > 0) {
          state.stallMessages--;
          return;
        }
        state.received.push(/^Message-ID:\s*(<[^>]+>)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '');
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}

const aMessage = (i: number): OutgoingMessage => ({
  messageId: `<pooled-${i}-${Date.now()}@loans.lahijan>`,
  from: 'loans@lahijan.example',
  to: ['governor-office@lahijan.example'],
  subject: `Stalled case ${i}`,
  text: `Case ${i} is stalled.`,
  html: `<p>Case ${i} is stalled.</p>`,
});

const countsOf = (ids: string[]) => ids.reduce((counts, id) => counts.set(id, (counts.get(id) ?? 0) + 1), new Map<string, number>());

let server: CountingServer;
let mailer: Mailer | undefined;
afterEach(async () => {
  await mailer?.close();
  mailer = undefined;
  await server?.close();
});

test('given a pool of three connections, forty mails sent at once each arrive exactly once, over at most three connections', async () => {
  server = await startCountingServer();
  mailer = createMailer({ SMTP_URL: server.url, outboxDir: '', SMTP_POOL_CONNECTIONS: 3, SMTP_POOL_MESSAGES: 100 });
  const messages = Array.from({ length: 40 }, (_, i) => aMessage(i));

  const outcomes = await Promise.all(messages.map((m) => mailer!.send(m)));

  expect(outcomes.flat().map((o) => o.verdict)).toEqual(messages.map(() => 'accepted'));
  expect(countsOf(server.received)).toEqual(new Map(messages.map((m) => [m.messageId, 1])));
  expect(server.connections).toBeGreaterThanOrEqual(1);
  expect(server.connections).toBeLessThanOrEqual(3);
});

test('given a pool that replaces a connection after five mails, twenty mails arrive once each over four connections or more', async () => {
  server = await startCountingServer();
  mailer = createSmtpMailer(server.url, { pool: { maxConnections: 1, maxMessages: 5 } });
  const messages = Array.from({ length: 20 }, (_, i) => aMessage(i));

  await Promise.all(messages.map((m) => mailer!.send(m)));

  expect(countsOf(server.received)).toEqual(new Map(messages.map((m) => [m.messageId, 1])));
  expect(server.connections).toBe(4);
});

test('given a server that drops each connection at its second mail, a mail refused so is not received, and sent again arrives exactly once', async () => {
  server = await startCountingServer();
  server.dropConnection = (session) => session.transaction === 2;
  mailer = createSmtpMailer(server.url, { pool: { maxConnections: 2, maxMessages: 100 } });
  let unsent = Array.from({ length: 12 }, (_, i) => aMessage(i));
  const all = [...unsent];

  // As Temporal retries the notify activity: whatever the pool reported failed is sent again.
  for (let round = 0; unsent.length > 0 && round < 12; round++) {
    const outcomes = await Promise.allSettled(unsent.map((m) => mailer!.send(m)));
    unsent = unsent.filter((_, i) => outcomes[i]!.status === 'rejected');
    // A mail reported failed never reached the server: its retry cannot make a second copy.
    for (const m of unsent) expect(server.received).not.toContain(m.messageId);
  }

  expect(unsent).toEqual([]);
  expect(countsOf(server.received)).toEqual(new Map(all.map((m) => [m.messageId, 1])));
  expect(server.connections).toBeGreaterThan(2);
});

test('given a server that closes idle connections, a mail sent after the pooled connection was closed arrives exactly once', async () => {
  server = await startCountingServer({ socketTimeout: 200 });
  mailer = createSmtpMailer(server.url, { pool: { maxConnections: 1, maxMessages: 100 } });
  const [first, second] = [aMessage(1), aMessage(2)];

  await mailer.send(first);
  await new Promise((resolve) => setTimeout(resolve, 600));
  await mailer.send(second);

  expect(countsOf(server.received)).toEqual(new Map([[first.messageId, 1], [second.messageId, 1]]));
  expect(server.connections).toBe(2);
});

test.each([
  ['a pooled connection', { maxConnections: 1, maxMessages: 100 }],
  ['a connection of its own', undefined],
])('given a server hung in DATA, a mail on %s fails at the deadline and never arrives; a mail reported sent arrives once, one reported failed never', async (_name, pool) => {
  server = await startCountingServer();
  server.stallMessages = 1;
  mailer = createSmtpMailer(server.url, { deadlineMs: 800, pool });
  const [hung, queued, next] = [aMessage(1), aMessage(2), aMessage(3)];

  const started = Date.now();
  // Sent together: on a one-connection pool the second waits in the queue behind the hung one.
  const [hungOutcome, queuedOutcome] = await Promise.allSettled([mailer.send(hung), mailer.send(queued)]);
  expect(hungOutcome).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('did not end within 800 ms') }) });
  expect(Date.now() - started).toBeLessThan(800 + 2_000);
  await mailer.send(next);
  await new Promise((resolve) => setTimeout(resolve, 500));

  const reportedSent = queuedOutcome.status === 'fulfilled' ? [queued.messageId, next.messageId] : [next.messageId];
  expect(countsOf(server.received)).toEqual(new Map(reportedSent.map((id) => [id, 1])));
});
