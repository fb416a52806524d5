// GraphQL documents and small helpers shared by the API suites, so each suite reads as the behaviour
// it proves. Everything goes through `gql` (yoga.fetch): the whole HTTP stack, no port.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { expect } from 'vitest';
import { gql, type GraphQLResult, type TestDesk } from '../support/test-desk.js';

export const TICKET_FIELDS = `
  id number displayNumber subject status channel flags sof
  priority { level name source matched }
  customer { id name }
  reporter { id email }
  service { sof status }
  createdAt receivedAt acknowledgedAt firstResponseDue
  events { type actor reason data }
`;

export const CREATE_TICKET = `
  mutation CreateTicket($input: CreateTicketInput!) {
    createTicket(input: $input) {
      __typename
      ... on Error { code message }
      ... on ReporterNotAuthorizedError { reason reporter }
      ... on IdempotencyKeyReusedError { key }
      ... on InputValidationError { issues { path message } }
      ... on MutationCreateTicketSuccess { ticket { ${TICKET_FIELDS} } }
    }
  }
`;

export interface TicketView {
  readonly id: string;
  readonly number: string;
  readonly displayNumber: string;
  readonly subject: string;
  readonly status: string;
  readonly channel: string;
  readonly flags: readonly string[];
  readonly sof: string | null;
  readonly priority: { readonly level: number; readonly name: string; readonly source: string; readonly matched: string | null };
  readonly customer: { readonly id: string; readonly name: string };
  readonly reporter: { readonly id: string; readonly email: string };
  readonly service: { readonly sof: string; readonly status: string } | null;
  readonly createdAt: string;
  readonly receivedAt: string;
  readonly acknowledgedAt: string | null;
  readonly firstResponseDue: string;
  readonly events: readonly { readonly type: string; readonly actor: string; readonly reason: string | null; readonly data: Record<string, unknown> }[];
}

export interface CreateTicketPayload {
  readonly __typename: string;
  readonly code?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly reporter?: string;
  readonly key?: string;
  readonly issues?: readonly { readonly path: readonly string[]; readonly message: string }[];
  readonly ticket?: TicketView;
}

export interface TicketInput {
  readonly reporterEmail?: string;
  readonly subject?: string;
  readonly description?: string;
  readonly sof?: string;
  readonly requestedLevel?: number;
  readonly category?: string;
  readonly idempotencyKey?: string;
}

export const DEFAULT_TICKET: Required<Pick<TicketInput, 'reporterEmail' | 'subject' | 'description' | 'sof'>> = {
  reporterEmail: 'noc@acme.example',
  subject: 'Packet loss on the Madrid transit',
  description: 'Since 08:40 we see 3% packet loss towards AS3352.',
  sof: 'SOF-10001',
};

/** createTicket as the Acme partner (or `token`); returns the union member, failing on GraphQL errors. */
export async function createTicket(desk: TestDesk, input: TicketInput = {}, token: string = desk.credentials.partnerKey): Promise<CreateTicketPayload> {
  const result = await gql<{ createTicket: CreateTicketPayload }>(desk, CREATE_TICKET, { input: { ...DEFAULT_TICKET, ...input } }, token);
  expect(result.errors).toBeUndefined();
  const payload = result.data?.createTicket;
  if (!payload) throw new Error(`createTicket returned nothing (HTTP ${result.status})`);
  return payload;
}

/** createTicket that must succeed; returns the ticket. */
export async function openTicket(desk: TestDesk, input: TicketInput = {}, token?: string): Promise<TicketView> {
  const payload = await createTicket(desk, input, token);
  if (!payload.ticket) throw new Error(`createTicket failed: ${payload.__typename} ${payload.message ?? ''}`);
  return payload.ticket;
}

export async function countRows(desk: TestDesk, table: 'tickets' | 'outbox' | 'ticket_events' | 'messages' | 'idempotency_keys' | 'audit_log'): Promise<number> {
  const row = await desk.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The first GraphQL error's code, failing when the call had none. */
export function errorCode(result: GraphQLResult): unknown {
  expect(result.errors?.length ?? 0).toBeGreaterThan(0);
  return result.errors?.[0]?.extensions?.code;
}

export interface CustomerView {
  readonly id: string;
  readonly name: string;
  readonly contacts: readonly { readonly id: string; readonly email: string; readonly roles: readonly string[]; readonly active: boolean }[];
  readonly services: readonly { readonly id: string; readonly sof: string; readonly status: string }[];
}

/** Every customer with contacts and services, as the bootstrap admin sees them, by name. */
export async function customersByName(desk: TestDesk): Promise<Record<string, CustomerView>> {
  const result = await gql<{ customers: { edges: { node: CustomerView }[] } }>(
    desk,
    `{ customers(first: 100) { edges { node { id name contacts { id email roles active } services { id sof status } } } } }`,
    {},
    desk.credentials.adminToken,
  );
  expect(result.errors).toBeUndefined();
  return Object.fromEntries((result.data?.customers.edges ?? []).map((e) => [e.node.name, e.node]));
}

/** The row id behind a Relay global id, to look at the store directly. */
export function rowId(globalId: string): string {
  return decodeGlobalID(globalId).id;
}
