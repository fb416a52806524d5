// GraphQL documents and helpers for working tickets over the API (SPEC §2.6, §4.1), so the lifecycle
// suites read as the behaviour they prove.
import { createStaffToken } from '../../src/auth/credentials.js';
import { gql, type TestDesk } from '../support/index.js';
import { openTicket } from '../api/operations.js';

export const WORK_TICKET_FIELDS = `id number status assignedTo firstRespondedAt resolvedAt closedAt escalationCount slaState followUpOf { number } events { type actor reason data } messages { direction visibility author from to subject body messageId }`;

export interface WorkedTicket {
  readonly id: string;
  readonly number: string;
  readonly status: string;
  readonly assignedTo: string | null;
  readonly firstRespondedAt: string | null;
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
  readonly escalationCount: number;
  readonly slaState: string;
  readonly followUpOf: { readonly number: string } | null;
  readonly events: readonly { readonly type: string; readonly actor: string; readonly reason: string | null; readonly data: Record<string, unknown> }[];
  readonly messages: readonly {
    readonly direction: string;
    readonly visibility: string;
    readonly author: string | null;
    readonly from: string | null;
    readonly to: string | null;
    readonly subject: string;
    readonly body: string;
    readonly messageId: string | null;
  }[];
}

/** What a lifecycle mutation answered: the ticket, or the typed error's name and reason. */
export interface WorkAnswer {
  readonly __typename: string;
  readonly reason?: string;
  readonly status?: string;
  readonly code?: string;
  readonly message?: string;
  readonly ticket?: WorkedTicket;
}

const MUTATION_INPUT: Readonly<Record<string, string | null>> = {
  takeNextTicket: null,
  assignTicket: 'AssignTicketInput',
  replyToTicket: 'ReplyToTicketInput',
  addInternalNote: 'AddInternalNoteInput',
  resolveTicket: 'ResolveTicketInput',
  reopenTicket: 'ReopenTicketInput',
  closeTicket: 'CloseTicketInput',
  addTicketMessage: 'AddTicketMessageInput',
  changeTicketPriority: 'ChangeTicketPriorityInput',
};

export type WorkMutation = keyof typeof MUTATION_INPUT;

/** Runs one lifecycle mutation; GraphQL-level errors (e.g. FORBIDDEN) fail the call. */
export async function work(desk: TestDesk, mutation: WorkMutation, input: Record<string, unknown> | null, token: string): Promise<WorkAnswer> {
  const inputType = MUTATION_INPUT[mutation];
  const selection = `{ __typename ... on Error { code message } ... on TicketTransitionRefusedError { reason status } ... on Mutation${mutation[0]?.toUpperCase()}${mutation.slice(1)}Success { ticket { ${WORK_TICKET_FIELDS} } } }`;
  const query = inputType ? `mutation ($input: ${inputType}!) { ${mutation}(input: $input) ${selection} }` : `mutation { ${mutation} ${selection} }`;
  const result = await gql<Record<string, WorkAnswer>>(desk, query, inputType ? { input } : {}, token);
  if (result.errors) throw new Error(`${mutation}: ${JSON.stringify(result.errors)}`);
  const answer = result.data?.[mutation];
  if (!answer) throw new Error(`${mutation} answered nothing`);
  return answer;
}

/** Like `work`, but the step must succeed; returns the ticket. */
export async function worked(desk: TestDesk, mutation: WorkMutation, input: Record<string, unknown> | null, token: string): Promise<WorkedTicket> {
  const answer = await work(desk, mutation, input, token);
  if (!answer.ticket) throw new Error(`${mutation} refused: ${answer.__typename} ${answer.reason ?? ''} ${answer.message ?? ''}`);
  return answer.ticket;
}

/** A ticket as staff see it. */
export async function staffView(desk: TestDesk, number: string): Promise<WorkedTicket> {
  const result = await gql<{ ticket: WorkedTicket | null }>(desk, `query ($n: String!) { ticket(number: $n) { ${WORK_TICKET_FIELDS} } }`, { n: number }, desk.credentials.engineerToken);
  if (!result.data?.ticket) throw new Error(`ticket ${number} not found: ${JSON.stringify(result.errors)}`);
  return result.data.ticket;
}

/** A second engineer, with a token of their own. */
export async function anotherEngineer(desk: TestDesk, name: string): Promise<string> {
  return (await createStaffToken(desk.store.db, { name, role: 'ENGINEER', now: desk.now() })).token;
}

export type ReachableStatus = 'OPEN' | 'IN_PROGRESS' | 'WAITING_CUSTOMER' | 'RESOLVED' | 'CLOSED';

/** A fresh partner ticket brought to `status` through the API, the way engineers get it there. */
export async function ticketIn(desk: TestDesk, status: ReachableStatus): Promise<WorkedTicket> {
  const opened = await openTicket(desk, { subject: `Ticket to bring to ${status}`, requestedLevel: 3 });
  const engineer = desk.credentials.engineerToken;
  const ticketId = opened.id;
  switch (status) {
    case 'OPEN':
      return staffView(desk, opened.number);
    case 'IN_PROGRESS':
      return worked(desk, 'assignTicket', { ticketId }, engineer);
    case 'WAITING_CUSTOMER':
      return worked(desk, 'replyToTicket', { ticketId, body: 'Could you send us a traceroute?', status: 'WAITING_CUSTOMER' }, engineer);
    case 'RESOLVED':
      return worked(desk, 'resolveTicket', { ticketId, resolution: 'The transit provider fixed the route.' }, engineer);
    case 'CLOSED':
      await worked(desk, 'resolveTicket', { ticketId, resolution: 'The transit provider fixed the route.' }, engineer);
      return worked(desk, 'closeTicket', { ticketId, reason: 'Confirmed with the customer by phone.' }, engineer);
  }
}
