/**
 * A real SMTP server in its own process for the escalation benchmark, so receiving mail does not
 * compete with the worker for its event loop. It tells its parent (IPC) when each Message-ID
 * arrived; it reads only the headers, not the whole MIME structure.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  kind: 'listening' | 'mail';
  url?: string;
  messageId?: string;
  at?: number;
}

const send = (message: SinkMessage) => process.send?.(message);

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  // No reverse DNS: on a closed network each lookup stalls the greeting for seconds.
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const at = Date.now();
      const text = Buffer.concat(chunks).toString('utf8');
      const headers = text.slice(0, text.indexOf('\r\n\r\n'));
      send({ kind: 'mail', messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? '', at });
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.server.address() as AddressInfo;
  send({ kind: 'listening', url: `smtp://127.0.0.1:${port}` });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
