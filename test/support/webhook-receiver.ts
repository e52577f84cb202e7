/**
 * A local CRM stand-in for the webhook pushes (segments, recommendations, propensities): a real HTTP
 * server on 127.0.0.1 that checks each batch's signature and records what it received. `decide`
 * picks the answer per request (default 200); acknowledged ids are those whose 200 reached an open
 * socket, so a test can tell "sent" from "delivered".
 */
import { verifySignature } from '@graphrec/crm';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received<Body> {
  batchId: string;
  signed: boolean;
  body: Body;
}

export type ReceiverAnswer = 'ok' | 'fail' | 'busy' | 'slow' | 301 | 302 | 303 | 307 | 308;

export class WebhookReceiver<Body> {
  readonly server: Server = createServer((req, res) => this.handle(req, res));
  received: Received<Body>[] = [];
  acked: string[] = [];
  decide: (r: Received<Body>, n: number) => ReceiverAnswer = () => 'ok';
  /** Where redirects point (another receiver, to see whether anything follows them). */
  location = 'http://127.0.0.1:1/elsewhere';

  constructor(readonly secret: string) {}

  /** Listens on a free port; returns the hook URL (`path` appended). */
  async start(path = '/hook'): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get bodies(): Body[] {
    return this.received.map((r) => r.body);
  }

  /** Every batch so far carried a valid signature. */
  get allSigned(): boolean {
    return this.received.every((r) => r.signed);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const r: Received<Body> = { batchId: String(req.headers['x-graphrec-batch-id']), signed: verifySignature(raw, this.secret, req.headers['x-graphrec-signature']), body: JSON.parse(raw.toString('utf8')) as Body };
      this.received.push(r);
      const answer = this.decide(r, this.received.length);
      if (answer === 'fail') res.writeHead(500).end('boom');
      else if (answer === 'busy') res.writeHead(429, { 'retry-after': '0' }).end();
      // Never answers: the client's timeout must end it, however slow the machine (stop() closes it).
      else if (answer === 'slow') return;
      else if (typeof answer === 'number') res.writeHead(answer, { location: this.location }).end('moved');
      else res.writeHead(200).end('ok', () => this.acked.push(r.batchId));
    });
  }
}
