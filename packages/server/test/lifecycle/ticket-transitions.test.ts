// SPEC §2.6 over the API, on every dialect: each row of the transition table (docs/lifecycle.md) from each
// status, by the actor the API allows for it. The domain's own tests cover every actor × action pair;
// these prove the mutations apply exactly those rules and record them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDesk, gql, type TestDesk } from '../support/index.js';
import { ticketIn, work, type ReachableStatus, type WorkMutation } from './lifecycle-operations.js';

type Who = 'engineer' | 'partner';

interface Row {
  readonly mutation: WorkMutation;
  readonly who: Who;
  readonly input: (ticketId: string) => Record<string, unknown>;
  /** Per status: the status it leads to, or the refusal's reason. */
  readonly expect: Readonly<Record<ReachableStatus, string>>;
}

const REFUSED = (reason: string) => `refused:${reason}`;

const ROWS: Readonly<Record<string, Row>> = {
  'assign (engineer)': {
    mutation: 'assignTicket',
    who: 'engineer',
    input: (ticketId) => ({ ticketId }),
    expect: { OPEN: 'IN_PROGRESS', IN_PROGRESS: 'IN_PROGRESS', WAITING_CUSTOMER: 'WAITING_CUSTOMER', RESOLVED: REFUSED('REOPEN_FIRST'), CLOSED: REFUSED('TICKET_CLOSED') },
  },
  'reply (engineer)': {
    mutation: 'replyToTicket',
    who: 'engineer',
    input: (ticketId) => ({ ticketId, body: 'We are on it.' }),
    expect: { OPEN: 'IN_PROGRESS', IN_PROGRESS: 'IN_PROGRESS', WAITING_CUSTOMER: 'IN_PROGRESS', RESOLVED: REFUSED('REOPEN_FIRST'), CLOSED: REFUSED('TICKET_CLOSED') },
  },
  'reply asking the customer (engineer)': {
    mutation: 'replyToTicket',
    who: 'engineer',
    input: (ticketId) => ({ ticketId, body: 'Which port?', status: 'WAITING_CUSTOMER' }),
    expect: { OPEN: 'WAITING_CUSTOMER', IN_PROGRESS: 'WAITING_CUSTOMER', WAITING_CUSTOMER: 'WAITING_CUSTOMER', RESOLVED: REFUSED('REOPEN_FIRST'), CLOSED: REFUSED('TICKET_CLOSED') },
  },
  'reply that resolves (engineer)': {
    mutation: 'replyToTicket',
    who: 'engineer',
    input: (ticketId) => ({ ticketId, body: 'Fixed: the route is back.', status: 'RESOLVED' }),
    expect: { OPEN: 'RESOLVED', IN_PROGRESS: 'RESOLVED', WAITING_CUSTOMER: 'RESOLVED', RESOLVED: REFUSED('REOPEN_FIRST'), CLOSED: REFUSED('TICKET_CLOSED') },
  },
  'internal note (engineer)': {
    mutation: 'addInternalNote',
    who: 'engineer',
    input: (ticketId) => ({ ticketId, body: 'Customer is on the old firmware.' }),
    expect: { OPEN: 'OPEN', IN_PROGRESS: 'IN_PROGRESS', WAITING_CUSTOMER: 'WAITING_CUSTOMER', RESOLVED: 'RESOLVED', CLOSED: REFUSED('TICKET_CLOSED') },
  },
  'resolve (engineer)': {
    mutation: 'resolveTicket',
    who: 'engineer',
    input: (ticketId) => ({ ticketId, resolution: 'Replaced the optic.' }),
    expect: { OPEN: 'RESOLVED', IN_PROGRESS: 'RESOLVED', WAITING_CUSTOMER: 'RESOLVED', RESOLVED: REFUSED('ALREADY_RESOLVED'), CLOSED: REFUSED('TICKET_CLOSED') },
  },
  'customer message (partner)': {
    mutation: 'addTicketMessage',
    who: 'partner',
    input: (ticketId) => ({ ticketId, body: 'Here is the traceroute you asked for.' }),
    // A closed ticket takes no more messages: the answer is a new ticket that follows it up.
    expect: { OPEN: 'OPEN', IN_PROGRESS: 'IN_PROGRESS', WAITING_CUSTOMER: 'IN_PROGRESS', RESOLVED: 'IN_PROGRESS', CLOSED: 'follow-up' },
  },
  'reopen (engineer)': {
    mutation: 'reopenTicket',
    who: 'engineer',
    input: (ticketId) => ({ ticketId, reason: 'The customer says it is back.' }),
    expect: { OPEN: REFUSED('NOT_RESOLVED'), IN_PROGRESS: REFUSED('NOT_RESOLVED'), WAITING_CUSTOMER: REFUSED('NOT_RESOLVED'), RESOLVED: 'IN_PROGRESS', CLOSED: REFUSED('TICKET_CLOSED') },
  },
  'reopen (partner)': {
    mutation: 'reopenTicket',
    who: 'partner',
    input: (ticketId) => ({ ticketId, reason: 'Still down from Lisbon.' }),
    expect: { OPEN: REFUSED('NOT_RESOLVED'), IN_PROGRESS: REFUSED('NOT_RESOLVED'), WAITING_CUSTOMER: REFUSED('NOT_RESOLVED'), RESOLVED: 'IN_PROGRESS', CLOSED: REFUSED('TICKET_CLOSED') },
  },
  'close (engineer)': {
    mutation: 'closeTicket',
    who: 'engineer',
    input: (ticketId) => ({ ticketId, reason: 'Confirmed.' }),
    expect: { OPEN: REFUSED('NOT_RESOLVED'), IN_PROGRESS: REFUSED('NOT_RESOLVED'), WAITING_CUSTOMER: REFUSED('NOT_RESOLVED'), RESOLVED: 'CLOSED', CLOSED: REFUSED('TICKET_CLOSED') },
  },
};

const STATUSES: readonly ReachableStatus[] = ['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED'];

const CASES = Object.entries(ROWS).flatMap(([name, row]) => STATUSES.map((status) => [name, status, row.expect[status]] as const));

describe.each(DIALECTS)('the transition table over the API (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  const token = (who: Who) => (who === 'engineer' ? desk.credentials.engineerToken : desk.credentials.partnerKey);

  it.each(CASES)('%s from %s → %s', async (name, status, expected) => {
    const row = ROWS[name];
    if (!row) throw new Error(name);
    const before = await ticketIn(desk, status);
    const answer = await work(desk, row.mutation, row.input(before.id), token(row.who));
    if (expected.startsWith('refused:')) {
      expect(answer).toMatchObject({ __typename: 'TicketTransitionRefusedError', code: 'TRANSITION_REFUSED', reason: expected.slice('refused:'.length), status });
      return;
    }
    expect(answer.__typename).not.toBe('TicketTransitionRefusedError');
    const ticket = answer.ticket;
    if (!ticket) throw new Error(`${answer.__typename}: ${answer.message ?? ''}`);
    if (expected === 'follow-up') {
      expect(ticket.number).not.toBe(before.number);
      expect(ticket.followUpOf?.number).toBe(before.number);
      expect(ticket.status).toBe('OPEN');
      return;
    }
    expect(ticket.status).toBe(expected);
    // Every step is in the history, with who made it.
    const last = ticket.events.at(-1);
    expect(last?.actor).toBe(row.who === 'engineer' ? 'staff:demo-engineer' : 'partner:Acme portal');
    if (status !== expected) expect(last?.data).toMatchObject({ from: status, to: expected });
  });

  it('take next from an empty queue is a typed error, not null', async () => {
    const fresh = await createTestDesk(dialect);
    try {
      expect(await work(fresh, 'takeNextTicket', null, fresh.credentials.engineerToken)).toMatchObject({ __typename: 'QueueEmptyError', code: 'QUEUE_EMPTY' });
    } finally {
      await fresh.close();
    }
  });

  it('a partner may neither reply, note, resolve, assign nor close: those are engineer operations', async () => {
    const ticket = await ticketIn(desk, 'IN_PROGRESS');
    for (const [mutation, input] of [
      ['replyToTicket', { ticketId: ticket.id, body: 'x' }],
      ['addInternalNote', { ticketId: ticket.id, body: 'x' }],
      ['resolveTicket', { ticketId: ticket.id, resolution: 'x' }],
      ['assignTicket', { ticketId: ticket.id }],
      ['closeTicket', { ticketId: ticket.id }],
    ] as const) {
      await expect(work(desk, mutation, input, desk.credentials.partnerKey), mutation).rejects.toThrow(/FORBIDDEN/);
    }
  });

  it("another customer's partner finds none of Acme's tickets to message or reopen: not found, nothing changes", async () => {
    const resolved = await ticketIn(desk, 'RESOLVED');
    for (const [mutation, input] of [
      ['addTicketMessage', { ticketId: resolved.id, body: 'Let me in.' }],
      ['reopenTicket', { ticketId: resolved.id, reason: 'Let me in.' }],
    ] as const) {
      expect(await work(desk, mutation, input, desk.credentials.otherPartnerKey), mutation).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    const after = await gql<{ ticket: { status: string; events: unknown[] } }>(desk, 'query ($n: String!) { ticket(number: $n) { status events { type } } }', { n: resolved.number }, desk.credentials.engineerToken);
    expect(after.data?.ticket.status).toBe('RESOLVED');
  });
});
