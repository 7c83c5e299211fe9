import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

/**
 * A webhook endpoint on 127.0.0.1: keeps every request it gets and answers with the status the test
 * sets (200 unless told otherwise), or with a redirect when asked.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  /** The status of the next answers; a function decides per request. */
  status: number | ((delivery: ReceivedDelivery) => number) = 200;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const delivery = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), path: request.url ?? '/' };
        this.received.push(delivery);
        const status = typeof this.status === 'function' ? this.status(delivery) : this.status;
        if (status >= 300 && status < 400) response.setHeader('location', `${this.url}/elsewhere`);
        // A body the server must never pass on to its users.
        response.writeHead(status, { 'content-type': 'text/plain' }).end('SECRET-REMOTE-BODY');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  clear(): void {
    this.received.length = 0;
    this.status = 200;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
