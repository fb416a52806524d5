// Reading through the client: one ticket, pages, the paging iterator, the queue and the public lookups.
import { createNocdeskClient, TicketsDocument, type FetchLike, type Ticket } from '@nocdesk/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDesk, type TestDesk } from '../../server/test/support/test-desk.js';
import { clientFor, DESK_URL } from './support/desk-client.js';

const ACME_TICKETS = 7;

let desk: TestDesk;
let opened: Ticket[];
beforeAll(async () => {
  desk = await createTestDesk('sqlite');
  const acme = clientFor(desk, desk.credentials.partnerKey);
  opened = [];
  for (let i = 1; i <= ACME_TICKETS; i++) {
    opened.push(await acme.createTicket({ reporterEmail: 'ops@acme.example', subject: `Ticket ${i}`, description: `Number ${i}.` }));
    desk.advance(60_000);
  }
  await clientFor(desk, desk.credentials.otherPartnerKey).createTicket({ reporterEmail: 'noc@globex.example', subject: 'Globex only', description: 'Not for Acme.' });
});
afterAll(() => desk.close());

describe('tickets', () => {
  it('returns one page, newest first, with the cursor for the next', async () => {
    const page = await clientFor(desk, desk.credentials.partnerKey).tickets({ first: 3 });

    expect(page.nodes.map((t) => t.subject)).toEqual(['Ticket 7', 'Ticket 6', 'Ticket 5']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.endCursor).toEqual(expect.any(String));
  });

  it('allTickets walks every page of the partner’s own tickets, and only those', async () => {
    const fetch = vi.fn<FetchLike>((url, init) => desk.yoga.fetch(url, init));
    const acme = createNocdeskClient({ url: DESK_URL, token: desk.credentials.partnerKey, fetch });

    const seen: string[] = [];
    for await (const ticket of acme.allTickets({ pageSize: 3 })) seen.push(ticket.number);

    expect(seen).toEqual(opened.map((t) => t.number).reverse());
    expect(fetch).toHaveBeenCalledTimes(Math.ceil(ACME_TICKETS / 3));
  });

  it('allTickets applies the filter on every page', async () => {
    const staff = clientFor(desk, desk.credentials.adminToken);
    const channels = new Set<string>();
    let count = 0;
    for await (const ticket of staff.allTickets({ filter: { channel: 'PORTAL', status: ['OPEN'] }, pageSize: 2 })) {
      channels.add(ticket.channel);
      count++;
    }
    expect([...channels]).toEqual(['PORTAL']);
    expect(count).toBe(ACME_TICKETS + 1);
  });

  it('request runs a generated document and returns the raw answer', async () => {
    const data = await clientFor(desk, desk.credentials.partnerKey).request(TicketsDocument, { first: 1 });
    expect(data.tickets.edges[0]?.node.subject).toBe('Ticket 7');
  });
});

describe('ticket', () => {
  it('accepts the number with prefix, spaces or dashes', async () => {
    const acme = clientFor(desk, desk.credentials.partnerKey);
    const [first] = opened;
    const spaced = first!.number.replace(/(\d{3})(?=\d)/g, '$1 ');
    expect((await acme.ticket(spaced))?.id).toBe(first!.id);
    expect((await acme.ticket(first!.displayNumber))?.id).toBe(first!.id);
  });

  it('is null for another customer’s ticket, never forbidden', async () => {
    const globex = clientFor(desk, desk.credentials.otherPartnerKey);
    expect(await globex.ticket(opened[0]!.number)).toBeNull();
  });
});

describe('queue', () => {
  it('gives engineers the open tickets in priority order', async () => {
    const page = await clientFor(desk, desk.credentials.engineerToken).queue({ first: 100 });
    const levels = page.nodes.map((t) => t.priority.level);
    expect(page.nodes).toHaveLength(ACME_TICKETS + 1);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
  });
});

describe('checkTicketNumber', () => {
  it('explains a wrong check digit', async () => {
    const { number } = opened[0]!;
    const wrongDigit = String((Number(number.at(-1)) + 1) % 10);
    const check = await clientFor(desk).checkTicketNumber(number.slice(0, -1) + wrongDigit);

    expect(check).toMatchObject({ valid: false, reason: 'CHECK_DIGIT', number: null });
    expect(check.message).toEqual(expect.any(String));
  });

  it('gives the canonical form of a valid number, without a token', async () => {
    const check = await clientFor(desk).checkTicketNumber(opened[0]!.displayNumber);
    expect(check).toMatchObject({ valid: true, number: opened[0]!.number, displayNumber: opened[0]!.displayNumber });
  });
});

describe('hotlines and viewer', () => {
  it('lists support numbers, optionally of one region', async () => {
    const anonymous = clientFor(desk);
    const all = await anonymous.hotlines();
    expect(all.length).toBeGreaterThan(0);
    const region = all[0]!.region;
    const some = await anonymous.hotlines(region);
    expect(some.length).toBeGreaterThan(0);
    expect(some.every((h) => h.region === region)).toBe(true);
  });

  it('tells a partner which customer its key belongs to', async () => {
    const viewer = await clientFor(desk, desk.credentials.partnerKey).viewer();
    expect(viewer).toMatchObject({ kind: 'PARTNER', customer: { name: 'Acme Networks' } });
    expect(viewer.customer?.contacts.map((c) => c.email)).toContain('noc@acme.example');
  });

  it('is anonymous without a token', async () => {
    expect(await clientFor(desk).viewer()).toMatchObject({ kind: 'ANONYMOUS', customer: null });
  });
});
