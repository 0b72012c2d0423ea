import * as http from 'node:http';
import * as net from 'node:net';

export interface HttpReply {
  status: number;
  contentType: string;
  body: string;
}

/** Bodies beyond this are cut (a contract test needs the shape, not a download). */
const MAX_BODY = 8 * 1024 * 1024;
export const LOOPBACK = '127.0.0.1';

/** One HTTP request to the service on loopback; a network failure is a value, not an exception. */
export function httpCall(
  port: number,
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpReply | { error: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { accept: 'application/json, */*;q=0.5', ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    let request: http.ClientRequest;
    try {
      request = http.request({ host: LOOPBACK, port, method, path: target, headers, agent: false, timeout: options.timeoutMs });
    } catch (error) {
      resolve({ error: (error as Error).message });
      return;
    }
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', (error) => resolve({ error: error.message }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => resolve({ error: error.message }));
    request.end(options.body);
  });
}

/** True when something accepts connections on the loopback port. */
export function portOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOOPBACK, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}
