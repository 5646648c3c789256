import { Agent, request } from 'node:http';
import type { FuzzRequest } from './fuzz-requests';

/** What came back: the status (0 when none did in time), the media type and the body as text. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

/**
 * Sends requests byte for byte as built, over a few kept-alive connections to a listening
 * server: unlike supertest, nothing is normalized or serialized on the way.
 */
export function fuzzClient(port: number, timeoutMs: number, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });

  function send(fuzz: FuzzRequest): Promise<Answer> {
    const started = Date.now();
    return new Promise((resolve) => {
      const headers = { ...fuzz.headers, ...(fuzz.body ? { 'Content-Length': String(fuzz.body.length) } : {}) };
      const req = request({ host: '127.0.0.1', port, method: fuzz.method, path: fuzz.path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started }));
        res.on('error', (error) => resolve({ status: 0, contentType: '', text: `response error: ${error.message}`, ms: Date.now() - started }));
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (error) => resolve({ status: 0, contentType: '', text: `request error: ${error.message}`, ms: Date.now() - started }));
      req.end(fuzz.body);
    });
  }

  return { send, close: () => agent.destroy() };
}

/** Why an answer is not a 4xx problem+json whose body agrees with its status, or null when it is. */
export function faultOf(answer: Answer): string | null {
  if (answer.status < 400 || answer.status >= 500) return `status ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (!answer.contentType.startsWith('application/problem+json')) return `${answer.status} as ${answer.contentType || 'no media type'}`;
  try {
    const body = JSON.parse(answer.text) as { status?: unknown; type?: unknown; detail?: unknown };
    if (body.status !== answer.status || typeof body.type !== 'string' || typeof body.detail !== 'string') return `problem body disagrees: ${answer.text.slice(0, 300)}`;
  } catch {
    return `problem body is not JSON: ${answer.text.slice(0, 300)}`;
  }
  return null;
}
