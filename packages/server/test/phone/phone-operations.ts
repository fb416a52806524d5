// GraphQL documents and helpers for the phone channel, escalations and the SLA alerts (SPEC §2.2, §2.5
// step 2, §2.6), so the phone, IVR and SLA suites read as the behaviour they prove.
import { gql, type TestDesk } from '../support/index.js';

export const PHONE_TICKET_FIELDS = `id number displayNumber status channel flags sof language reporter { email } customer { name } priority { level } events { type actor data } messages { direction channel from body author }`;

export interface PhoneTicket {
  readonly id: string;
  readonly number: string;
  readonly displayNumber: string;
  readonly status: string;
  readonly channel: string;
  readonly flags: readonly string[];
  readonly sof: string | null;
  readonly language: string;
  readonly reporter: { readonly email: string };
  readonly customer: { readonly name: string };
  readonly priority: { readonly level: number };
  readonly events: readonly { readonly type: string; readonly actor: string; readonly data: Record<string, unknown> }[];
  readonly messages: readonly { readonly direction: string; readonly channel: string; readonly from: string | null; readonly body: string; readonly author: string | null }[];
}

export interface PhoneAnswer {
  readonly __typename: string;
  readonly code?: string;
  readonly message?: string;
  readonly failed?: string;
  readonly reason?: string;
  readonly phoneCallId?: string;
  readonly issues?: readonly { readonly path: readonly string[]; readonly message: string }[];
  readonly ticket?: PhoneTicket;
}

const OPEN_PHONE_TICKET = `
  mutation ($input: OpenPhoneTicketInput!) {
    openPhoneTicket(input: $input) {
      __typename
      ... on Error { code message }
      ... on PhoneCallerNotVerifiedError { failed reason phoneCallId }
      ... on InputValidationError { issues { path message } }
      ... on MutationOpenPhoneTicketSuccess { ticket { ${PHONE_TICKET_FIELDS} } }
    }
  }
`;

export interface PhoneCallInput {
  readonly callerEmail?: string;
  readonly callerPhone?: string;
  readonly sof: string;
  readonly subject?: string;
  readonly description?: string;
  readonly requestedLevel?: number;
  readonly idempotencyKey?: string;
}

/** An engineer takes a call and enters what the caller says (a second after the previous one). */
export async function takeCall(desk: TestDesk, input: PhoneCallInput, token = desk.credentials.engineerToken): Promise<PhoneAnswer> {
  desk.advance(1000);
  const result = await gql<{ openPhoneTicket: PhoneAnswer }>(
    desk,
    OPEN_PHONE_TICKET,
    { input: { subject: 'Link down in Madrid', description: 'The caller says the 10G transit port has been down since 08:50.', ...input } },
    token,
  );
  if (result.errors) throw new Error(`openPhoneTicket: ${JSON.stringify(result.errors)}`);
  if (!result.data) throw new Error('openPhoneTicket answered nothing');
  return result.data.openPhoneTicket;
}

export interface PhoneCallView {
  readonly id: string;
  readonly agent: string;
  readonly callerEmail: string | null;
  readonly callerPhone: string | null;
  readonly sof: string | null;
  readonly outcome: string;
  readonly failed: string | null;
  readonly reason: string | null;
  readonly message: string | null;
  readonly customer: { readonly name: string } | null;
  readonly ticket: { readonly number: string } | null;
}

/** The calls staff see, newest first. */
export async function phoneCalls(desk: TestDesk, args: { outcome?: string; first?: number; after?: string } = {}, token = desk.credentials.engineerToken) {
  const result = await gql<{ phoneCalls: { edges: { node: PhoneCallView }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
    desk,
    `query ($outcome: PhoneCallOutcome, $first: Int, $after: String) {
      phoneCalls(outcome: $outcome, first: $first, after: $after) {
        edges { node { id agent callerEmail callerPhone sof outcome failed reason message customer { name } ticket { number } } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
    { first: 50, ...args },
    token,
  );
  return result;
}

export interface EscalationAnswer {
  readonly __typename: string;
  readonly code?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly status?: string;
  readonly escalation?: {
    readonly counted: boolean;
    readonly escalatedAt: string;
    readonly escalationCount: number;
    readonly slaState: string;
    readonly en: string;
    readonly es: string;
    readonly ticket: { readonly number: string; readonly escalationCount: number };
  };
}

const ESCALATE_TICKET = `
  mutation ($input: EscalateTicketInput!) {
    escalateTicket(input: $input) {
      __typename
      ... on Error { code message }
      ... on InvalidTicketNumberError { reason }
      ... on EscalationRefusedError { status }
      ... on MutationEscalateTicketSuccess {
        escalation { counted escalatedAt escalationCount slaState en: spoken(language: en) es: spoken(language: es) ticket { number escalationCount } }
      }
    }
  }
`;

export async function escalate(desk: TestDesk, number: string, token: string, via = 'PORTAL'): Promise<EscalationAnswer> {
  const result = await gql<{ escalateTicket: EscalationAnswer }>(desk, ESCALATE_TICKET, { input: { number, via } }, token);
  if (result.errors) throw new Error(`escalateTicket: ${JSON.stringify(result.errors)}`);
  if (!result.data) throw new Error('escalateTicket answered nothing');
  return result.data.escalateTicket;
}

/** The history of a ticket as staff see it. */
export async function historyOf(desk: TestDesk, number: string): Promise<{ type: string; actor: string; data: Record<string, unknown> }[]> {
  const result = await gql<{ ticket: { events: { type: string; actor: string; data: Record<string, unknown> }[] } | null }>(
    desk,
    'query ($n: String!) { ticket(number: $n) { events { type actor data } } }',
    { n: number },
    desk.credentials.engineerToken,
  );
  if (!result.data?.ticket) throw new Error(`ticket ${number} not found`);
  return result.data.ticket.events;
}

/** The outbox rows of one kind about one ticket (by number), oldest first, with what they say. */
export async function outboxOf(desk: TestDesk, kind: 'ACKNOWLEDGEMENT' | 'NOTICE', ticketNumber: string) {
  const rows = await desk.store.db
    .selectFrom('outbox')
    .innerJoin('tickets', 'tickets.id', 'outbox.ticket_id')
    .select(['outbox.recipient', 'outbox.dedupe_key', 'outbox.payload'])
    .where('outbox.kind', '=', kind)
    .where('tickets.number', '=', ticketNumber)
    .orderBy('outbox.id')
    .execute();
  return rows.map((row) => ({ recipient: row.recipient, dedupeKey: row.dedupe_key, mail: JSON.parse(row.payload) as { to: string; subject: string; text: string; headers: Record<string, string> } }));
}
