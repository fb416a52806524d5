// client.tickets against a real desk on 127.0.0.1: open a ticket and read it back, an idempotent retry
// after the network lost the answer, every page of a list, and what a customer does on its tickets.
import { NotFoundError, type Ticket, type TypedDocument } from '@nocdesk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, startProxy, TEST_RETRY, type RunningDesk } from './support.js';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(() => desk.close());

/** A staff step the partner client does not offer, sent through `request` with a hand-written document. */
function staffDocument<TResult>(query: string): TypedDocument<TResult, Record<string, unknown>> {
  return { toString: () => query } as TypedDocument<TResult, Record<string, unknown>>;
}

async function resolveAsEngineer(ticket: Ticket): Promise<void> {
  const engineer = desk.client(desk.credentials.engineerToken);
  await engineer.request(staffDocument('mutation ($id: ID!) { assignTicket(input: { ticketId: $id }) { __typename } }'), { id: ticket.id });
  const resolved = await engineer.request(
    staffDocument<{ resolveTicket: { __typename: string } }>('mutation ($id: ID!) { resolveTicket(input: { ticketId: $id, resolution: "Replaced the optic." }) { __typename } }'),
    { id: ticket.id },
  );
  expect(resolved.resolveTicket.__typename).toBe('MutationResolveTicketSuccess');
}

describe('tickets.create', () => {
  it('opens a ticket as the Acme partner and reads it back by display number', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const ticket = await acme.tickets.create({ reporterEmail: 'ops@acme.example', subject: 'Packet loss towards Lisbon', description: 'About 3% since 08:40 UTC.', sof: 'SOF-10001' });

    expect(ticket).toMatchObject({ status: 'OPEN', channel: 'PORTAL', slaState: 'ON_TRACK', customer: { name: 'Acme Networks' }, reporter: { email: 'ops@acme.example' }, service: { sof: 'SOF-10001' } });
    expect(ticket.number).toMatch(/^\d+$/);
    expect(ticket.displayNumber).toBe(`NCC#${ticket.number}`);

    const read = await acme.tickets.get(ticket.displayNumber);
    expect(read).toMatchObject({ id: ticket.id, subject: 'Packet loss towards Lisbon' });
    expect(read?.events.map((event) => event.type)).toEqual(['CREATED', 'ACKNOWLEDGEMENT_QUEUED']);
    expect(read?.events[0]?.data).toMatchObject({ prioritySource: ticket.priority.source });
  });

  it('makes one ticket when the network drops the answer and the client retries with its own key', async () => {
    const isCreate = (body: unknown) => JSON.stringify(body).includes('mutation CreateTicket');
    const proxy = await startProxy(desk.url, { drop: isCreate });
    try {
      const acme = desk.client(desk.credentials.partnerKey, { url: proxy.url });
      const subject = 'BGP session down after maintenance';
      const ticket = await acme.tickets.create({ reporterEmail: 'noc@acme.example', subject, description: 'AS64500 peer since 02:00.' });

      const creates = proxy.forwarded.filter(isCreate) as { variables: { input: { idempotencyKey: string } } }[];
      expect(creates).toHaveLength(2);
      expect(creates[0]!.variables.input.idempotencyKey).toMatch(/^[0-9a-f-]{32,36}$/);
      expect(creates[1]!.variables.input.idempotencyKey).toBe(creates[0]!.variables.input.idempotencyKey);

      const same: Ticket[] = [];
      for await (const t of desk.client(desk.credentials.partnerKey).tickets.all()) if (t.subject === subject) same.push(t);
      expect(same.map((t) => t.number)).toEqual([ticket.number]);
    } finally {
      await proxy.close();
    }
  });

  it('keeps the caller’s idempotency key: a retry by the caller returns the first ticket', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const input = { reporterEmail: 'noc@acme.example', subject: 'Flapping port', description: 'xe-0/0/3.' };
    const first = await acme.tickets.create(input, { idempotencyKey: 'portal-form-77' });
    const again = await acme.tickets.create(input, { idempotencyKey: 'portal-form-77' });
    expect(again.id).toBe(first.id);
  });
});

describe('tickets.list and tickets.all', () => {
  it('walks every page of the partner’s own tickets, newest first, one request per page', async () => {
    const globex = desk.client(desk.credentials.otherPartnerKey);
    const opened: Ticket[] = [];
    for (let i = 1; i <= 7; i++) {
      opened.push(await globex.tickets.create({ reporterEmail: 'noc@globex.example', subject: `Globex ticket ${i}`, description: `Number ${i}.` }));
      desk.advance(60_000);
    }
    const requests: string[] = [];
    const counting = desk.client(desk.credentials.otherPartnerKey, { onResponse: ({ operationName }) => requests.push(operationName ?? '') });

    const seen: string[] = [];
    for await (const ticket of counting.tickets.all({ pageSize: 3 })) seen.push(ticket.number);

    expect(seen).toEqual(opened.map((t) => t.number).reverse());
    expect(requests).toEqual(['Tickets', 'Tickets', 'Tickets']);
  });

  it('returns one page with the cursor for the next, and applies the filter', async () => {
    const globex = desk.client(desk.credentials.otherPartnerKey);
    const page = await globex.tickets.list({ first: 2, filter: { status: ['OPEN'], channel: 'PORTAL' } });
    expect(page.nodes.map((t) => t.subject)).toEqual(['Globex ticket 7', 'Globex ticket 6']);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, endCursor: expect.any(String) });

    const next = await globex.tickets.list({ first: 2, after: page.pageInfo.endCursor });
    expect(next.nodes.map((t) => t.subject)).toEqual(['Globex ticket 5', 'Globex ticket 4']);
  });

  it('never shows another customer’s ticket: null by number', async () => {
    const globexTicket = (await desk.client(desk.credentials.otherPartnerKey).tickets.list({ first: 1 })).nodes[0]!;
    expect(await desk.client(desk.credentials.partnerKey).tickets.get(globexTicket.number)).toBeNull();
  });
});

describe('what a customer does on its tickets', () => {
  it('adds a message; on a resolved ticket the message sends it back to work', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const ticket = await acme.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Optic errors on xe-0/0/1', description: 'CRC errors rising.' });
    await resolveAsEngineer(ticket);

    const reopened = await acme.tickets.addMessage({ ticketId: ticket.id, body: 'The errors are back since 10:00.' });
    expect(reopened).toMatchObject({ id: ticket.id, status: 'IN_PROGRESS' });
    const detail = await acme.tickets.get(ticket.number);
    expect(detail?.messages.map((m) => m.body)).toContain('The errors are back since 10:00.');
  });

  it('reopens its own resolved ticket with a reason', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const ticket = await acme.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Latency to Frankfurt', description: '40 ms more than usual.' });
    await resolveAsEngineer(ticket);

    const reopened = await acme.tickets.reopen({ ticketId: ticket.id, reason: 'Latency is still high.' });
    expect(reopened.status).not.toBe('RESOLVED');
    expect((await acme.tickets.get(ticket.number))?.events.map((e) => [e.type, e.reason]).at(-1)).toEqual(['REOPENED', 'Latency is still high.']);
  });

  it('a message added after a dropped answer is added once', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const ticket = await acme.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Slow DNS', description: 'Resolvers answer in 2 s.' });
    const proxy = await startProxy(desk.url, { drop: (body) => JSON.stringify(body).includes('mutation AddTicketMessage') });
    try {
      await desk.client(desk.credentials.partnerKey, { url: proxy.url, retry: TEST_RETRY }).tickets.addMessage({ ticketId: ticket.id, body: 'Resolver 2 too.' });
    } finally {
      await proxy.close();
    }
    const messages = (await acme.tickets.get(ticket.number))?.messages.filter((m) => m.body === 'Resolver 2 too.');
    expect(messages).toHaveLength(1);
  });

  it('another customer’s ticket is not found, never forbidden', async () => {
    const acmeTicket = await desk.client(desk.credentials.partnerKey).tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Acme only', description: 'Private.' });
    const error = await desk.client(desk.credentials.otherPartnerKey).tickets.addMessage({ ticketId: acmeTicket.id, body: 'Hello?' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });
});
