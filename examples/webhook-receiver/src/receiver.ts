// A partner's webhook endpoint in plain node:http: it reads each delivery's raw body, has
// `verifyWebhook` check its signature and timestamp, answers 204 to what it accepted (400 to what it
// refused, so the desk records why), and prints one line per event. Deliveries are at least once, so
// an event id seen before is acknowledged again without acting twice.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WEBHOOK_SIGNATURE_HEADER, WebhookVerificationError, type WebhookEvent } from '@nocdesk/client';

export interface WebhookReceiverOptions {
  /** The webhook's signing secret (whsec_…), as createWebhook answered it. */
  readonly secret: string;
  readonly host?: string;
  /** 0: any free port. */
  readonly port?: number;
  /** How old a delivery's signature may be; verifyWebhook's default (300 s) otherwise. */
  readonly toleranceSeconds?: number;
  /** The clock signatures are checked against; the system's by default. */
  readonly now?: () => Date;
  /** Where the lines go; stdout by default. */
  readonly print?: (line: string) => void;
}

export interface WebhookReceiver {
  /** Where to register it: `http://<host>:<port>/`. */
  readonly url: string;
  readonly port: number;
  /** Every event accepted, once each, in the order received. */
  readonly events: readonly WebhookEvent[];
  close(): Promise<void>;
}

/** Far more than any delivery; a bigger body is not the desk's. */
const MAX_BODY_BYTES = 256 * 1024;

export function describeEvent(event: WebhookEvent): string {
  return `${event.type} ${event.ticket.displayNumber} ${event.ticket.status} priority ${event.ticket.priority.level} "${event.ticket.subject}"`;
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const print = options.print ?? ((line: string) => console.log(line));
  const events: WebhookEvent[] = [];
  const seen = new Set<string>();

  const server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        response.writeHead(413).end();
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      const header = request.headers[WEBHOOK_SIGNATURE_HEADER];
      verifyWebhook(Buffer.concat(chunks), Array.isArray(header) ? header[0] : header, options.secret, {
        toleranceSeconds: options.toleranceSeconds,
        now: options.now?.(),
      }).then(
        (event) => {
          if (seen.has(event.id)) {
            print(`duplicate ${event.id} skipped`);
          } else {
            seen.add(event.id);
            events.push(event);
            print(describeEvent(event));
          }
          response.writeHead(204).end();
        },
        (error: unknown) => {
          if (!(error instanceof WebhookVerificationError)) {
            response.writeHead(500).end();
            return;
          }
          print(`refused: ${error.reason} (${error.message})`);
          response.writeHead(400, { 'content-type': 'text/plain' }).end(`${error.reason}: ${error.message}`);
        },
      );
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    port,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
