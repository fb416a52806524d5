// SPEC §2.1: staff may change a ticket's level; a reason is mandatory and recorded in the history with
// who changed it, and the first-response deadline follows the new level (counted from reception).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { countRows, openTicket, TICKET_FIELDS, type TicketView } from './operations.js';

const CHANGE_PRIORITY = `mutation ($input: ChangeTicketPriorityInput!) { changeTicketPriority(input: $input) {
  __typename ... on Error { code message } ... on InputValidationError { issues { path message } }
  ... on MutationChangeTicketPrioritySuccess { ticket { ${TICKET_FIELDS} } } } }`;

interface ChangePayload {
  readonly __typename: string;
  readonly code?: string;
  readonly issues?: readonly { readonly path: readonly string[]; readonly message: string }[];
  readonly ticket?: TicketView;
}

const MINUTE = 60_000;

describe.each(DIALECTS)('changeTicketPriority (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  async function change(input: Record<string, unknown>, token: string = desk.credentials.engineerToken) {
    return gql<{ changeTicketPriority: ChangePayload }>(desk, CHANGE_PRIORITY, { input }, token);
  }

  it('with a reason: new level, PRIORITY_CHANGED in the history with reason and actor, deadline recomputed from reception', async () => {
    const ticket = await openTicket(desk, { subject: 'Invoice question', description: 'Where is the invoice for October?' });
    expect(ticket.priority.level).toBe(3);
    desk.advance(30 * MINUTE);
    const result = await change({ ticketId: ticket.id, level: 1, reason: 'Customer confirms the whole site is down' });
    expect(result.errors).toBeUndefined();
    const changed = result.data?.changeTicketPriority.ticket;
    expect(changed?.priority).toMatchObject({ level: 1, source: 'STAFF', name: 'Maximum' });
    expect(changed?.firstResponseDue).toBe(new Date(Date.parse(ticket.receivedAt) + 15 * MINUTE).toISOString());
    expect(changed?.events.at(-1)).toEqual({ type: 'PRIORITY_CHANGED', actor: 'staff:demo-engineer', reason: 'Customer confirms the whole site is down', data: { from: 3, to: 1 } });
  });

  it('clears the PRIORITY_MISMATCH flag once staff have decided', async () => {
    const ticket = await openTicket(desk, { requestedLevel: 1, category: 'ADMINISTRATIVE', subject: 'Contract renewal', description: 'Renewal terms.' });
    expect(ticket.flags).toContain('PRIORITY_MISMATCH');
    const result = await change({ ticketId: ticket.id, level: 3, reason: 'Administrative matter, not an outage' });
    expect(result.data?.changeTicketPriority.ticket?.flags).not.toContain('PRIORITY_MISMATCH');
  });

  it.each(['', '  ', 'ok'])('without a real reason (%j): InputValidationError on reason, and nothing changes', async (reason) => {
    const ticket = await openTicket(desk);
    const events = await countRows(desk, 'ticket_events');
    const result = await change({ ticketId: ticket.id, level: 1, reason });
    expect(result.errors).toBeUndefined();
    const payload = result.data?.changeTicketPriority;
    expect(payload?.__typename).toBe('InputValidationError');
    expect(payload?.issues?.map((i) => i.path)).toContainEqual(['input', 'reason']);
    expect(payload?.issues?.find((i) => i.path.includes('reason'))?.message).toMatch(/reason is required/i);
    expect(await countRows(desk, 'ticket_events')).toBe(events);
    const after = await gql<{ ticket: { priority: { level: number } } }>(desk, 'query ($n: String!) { ticket(number: $n) { priority { level } } }', { n: ticket.number }, desk.credentials.engineerToken);
    expect(after.data?.ticket.priority.level).toBe(ticket.priority.level);
  });

  it('with the reason left out entirely: refused by the schema (400), nothing changes', async () => {
    const ticket = await openTicket(desk);
    const events = await countRows(desk, 'ticket_events');
    const result = await change({ ticketId: ticket.id, level: 1 });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/reason/);
    expect(await countRows(desk, 'ticket_events')).toBe(events);
  });

  it('refuses level 4: InputValidationError on level', async () => {
    const ticket = await openTicket(desk);
    const payload = (await change({ ticketId: ticket.id, level: 4, reason: 'Testing limits' })).data?.changeTicketPriority;
    expect(payload?.__typename).toBe('InputValidationError');
    expect(payload?.issues?.map((i) => i.path)).toContainEqual(['input', 'level']);
  });

  it('answers NotFoundError for an id that is not a ticket', async () => {
    const payload = (await change({ ticketId: 'VGlja2V0Om5vbmU=', level: 1, reason: 'Does not exist' })).data?.changeTicketPriority;
    expect(payload?.__typename).toBe('NotFoundError');
  });

  it('is for engineers: a partner is refused', async () => {
    const ticket = await openTicket(desk);
    const result = await change({ ticketId: ticket.id, level: 1, reason: 'Please hurry' }, desk.credentials.partnerKey);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.data).toBeNull();
  });
});
