// The webhook suites' documents and a partner's endpoint on 127.0.0.1 that records every delivery and
// checks its signature by hand (node:crypto), independently of the client's verifyWebhook, so the
// scheme is proven from both ends.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gql, type TestDesk } from '../support/index.js';

export const WEBHOOK_FIELDS = 'id url events createdBy createdAt customer { name }';

export interface WebhookView {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly customer: { readonly name: string };
}

export interface CreateWebhookAnswer {
  readonly __typename: string;
  readonly code?: string;
  readonly message?: string;
  readonly issues?: readonly { readonly path: readonly string[]; readonly message: string }[];
  readonly secret?: string;
  readonly webhook?: WebhookView;
}

export async function createWebhook(desk: TestDesk, input: Record<string, unknown>, token: string = desk.credentials.partnerKey): Promise<CreateWebhookAnswer> {
  const result = await gql<{ createWebhook: CreateWebhookAnswer }>(
    desk,
    `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) {
      __typename
      ... on Error { code message }
      ... on InputValidationError { issues { path message } }
      ... on MutationCreateWebhookSuccess { secret webhook { ${WEBHOOK_FIELDS} } }
    } }`,
    { input },
    token,
  );
  if (result.errors) throw new Error(`createWebhook: ${JSON.stringify(result.errors)}`);
  return result.data!.createWebhook;
}

/** Registers a webhook that must be accepted; returns it with its secret. */
export async function registered(desk: TestDesk, url: string, events: readonly string[], token: string = desk.credentials.partnerKey): Promise<{ webhook: WebhookView; secret: string }> {
  const answer = await createWebhook(desk, { url, events }, token);
  if (!answer.webhook || !answer.secret) throw new Error(`createWebhook refused: ${answer.__typename} ${answer.message ?? ''}`);
  return { webhook: answer.webhook, secret: answer.secret };
}

export async function listWebhooks(desk: TestDesk, token: string): Promise<WebhookView[]> {
  const result = await gql<{ webhooks: { edges: { node: WebhookView }[] } }>(desk, `{ webhooks(first: 50) { edges { node { ${WEBHOOK_FIELDS} } } } }`, {}, token);
  if (result.errors) throw new Error(`webhooks: ${JSON.stringify(result.errors)}`);
  return result.data!.webhooks.edges.map((e) => e.node);
}

export async function deleteWebhook(desk: TestDesk, webhookId: string, token: string = desk.credentials.partnerKey): Promise<{ __typename: string; webhook?: WebhookView }> {
  const result = await gql<{ deleteWebhook: { __typename: string; webhook?: WebhookView } }>(
    desk,
    `mutation ($input: DeleteWebhookInput!) { deleteWebhook(input: $input) { __typename ... on MutationDeleteWebhookSuccess { webhook { ${WEBHOOK_FIELDS} } } } }`,
    { input: { webhookId } },
    token,
  );
  if (result.errors) throw new Error(`deleteWebhook: ${JSON.stringify(result.errors)}`);
  return result.data!.deleteWebhook;
}

export interface DeliveryView {
  readonly eventId: string;
  readonly eventType: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  readonly deliveredAt: string | null;
  readonly ticket: { readonly number: string } | null;
}

export async function deliveries(desk: TestDesk, webhookId: string, token: string = desk.credentials.partnerKey, status?: string): Promise<DeliveryView[]> {
  const result = await gql<{ node: { deliveries: { edges: { node: DeliveryView }[] } } | null }>(
    desk,
    `query ($id: ID!, $status: WebhookDeliveryStatus) { node(id: $id) { ... on Webhook { deliveries(first: 20, status: $status) { edges { node { eventId eventType status attempts lastError nextAttemptAt deliveredAt ticket { number } } } } } } }`,
    { id: webhookId, status },
    token,
  );
  if (result.errors) throw new Error(`deliveries: ${JSON.stringify(result.errors)}`);
  if (!result.data?.node) throw new Error('webhook not found');
  return result.data.node.deliveries.edges.map((e) => e.node);
}

export interface ReceivedDelivery {
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly body: { id: string; type: string; createdAt: string; ticket: Record<string, unknown> };
  /** The signature checked against the secret by hand. */
  readonly signatureValid: boolean;
  readonly signedAt: number;
}

export interface PartnerEndpoint {
  readonly url: string;
  /** Deliveries answered 2xx, in order. */
  readonly received: ReceivedDelivery[];
  /** Requests answered with something else while `answer` said so. */
  readonly refused: number;
  /** What to answer from now on (204 by default): 503 for an endpoint in trouble, 410 for one gone. */
  answer(status: number, body?: string): void;
  /** Requests arrived and not answered yet, while held. */
  readonly waiting: number;
  /** Leaves every request unanswered, as a slow endpoint does, until the returned function is called. */
  hold(): () => void;
  close(): Promise<void>;
}

export async function startPartnerEndpoint(secret: () => string): Promise<PartnerEndpoint> {
  const received: ReceivedDelivery[] = [];
  let status = 204;
  let answerBody = '';
  let refused = 0;
  let held: (() => void)[] | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => (held ? held.push(answer) : answer()));
    const answer = () => {
      if (status < 200 || status >= 300) {
        refused++;
        response.writeHead(status, { 'content-type': 'text/plain' }).end(answerBody);
        return;
      }
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const header = String(request.headers['nocdesk-signature'] ?? '');
      const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
      const expected = createHmac('sha256', secret()).update(`${parts.t}.${rawBody}`).digest();
      const given = Buffer.from(parts.v1 ?? '', 'hex');
      received.push({
        headers: request.headers,
        rawBody,
        body: JSON.parse(rawBody) as ReceivedDelivery['body'],
        signatureValid: given.length === expected.length && timingSafeEqual(given, expected),
        signedAt: Number(parts.t),
      });
      response.writeHead(status).end();
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/nocdesk/events`,
    received,
    get refused() {
      return refused;
    },
    answer(next, body = '') {
      status = next;
      answerBody = body;
    },
    get waiting() {
      return held?.length ?? 0;
    },
    hold() {
      held = [];
      return () => {
        const answers = held ?? [];
        held = undefined;
        for (const answer of answers) answer();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
