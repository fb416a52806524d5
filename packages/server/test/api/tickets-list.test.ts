// `tickets(filter, first, after)`: newest first, a partner sees its own customer's only, staff see
// all and may filter; pages follow one another without gaps or repeats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { customersByName, openTicket, type TicketView } from './operations.js';

const TICKETS = `query ($first: Int, $after: String, $filter: TicketFilter) { tickets(first: $first, after: $after, filter: $filter) {
  edges { node { number customer { name } priority { level } } } pageInfo { hasNextPage endCursor } } }`;

interface TicketsPage {
  readonly tickets: { readonly edges: readonly { readonly node: { readonly number: string; readonly customer: { readonly name: string } } }[]; readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null } };
}

describe.each(DIALECTS)('tickets list (%s)', (dialect) => {
  let desk: TestDesk;
  const acme: TicketView[] = [];
  const globex: TicketView[] = [];
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    for (let i = 0; i < 5; i++) {
      acme.push(await openTicket(desk, { requestedLevel: (i % 3) + 1 }));
      globex.push(await openTicket(desk, { reporterEmail: 'noc@globex.example', sof: 'SOF-20001' }, desk.credentials.otherPartnerKey));
      desk.advance(60_000);
    }
  });
  afterAll(async () => {
    await desk.close();
  });

  async function list(token: string, variables: Record<string, unknown> = {}) {
    const result = await gql<TicketsPage>(desk, TICKETS, { first: 50, ...variables }, token);
    expect(result.errors).toBeUndefined();
    return result.data?.tickets.edges.map((e) => e.node.number) ?? [];
  }

  const newestFirst = (tickets: readonly TicketView[]) => [...tickets].reverse().map((t) => t.number);

  it('a partner sees its own customer’s tickets, newest first', async () => {
    expect(await list(desk.credentials.partnerKey)).toEqual(newestFirst(acme));
    expect(await list(desk.credentials.otherPartnerKey)).toEqual(newestFirst(globex));
  });

  it('staff see every customer’s and may filter by customer and level', async () => {
    const all = newestFirst([...acme, ...globex].sort((a, b) => Number(a.number.slice(0, -1)) - Number(b.number.slice(0, -1))));
    expect(await list(desk.credentials.engineerToken)).toEqual(all);
    const globexId = (await customersByName(desk))['Globex Telecom']?.id;
    expect(await list(desk.credentials.engineerToken, { filter: { customerId: globexId } })).toEqual(newestFirst(globex));
    expect(await list(desk.credentials.engineerToken, { filter: { level: 1, customerId: (await customersByName(desk))['Acme Networks']?.id } })).toEqual(newestFirst(acme.filter((t) => t.priority.level === 1)));
    expect(await list(desk.credentials.engineerToken, { filter: { status: ['OPEN'], channel: 'PORTAL' } })).toEqual(all);
    expect(await list(desk.credentials.engineerToken, { filter: { status: ['CLOSED'] } })).toEqual([]);
  });

  it('pages with first/after without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const result: { data?: TicketsPage } = await gql<TicketsPage>(desk, TICKETS, { first: 2, after }, desk.credentials.partnerKey);
      const page = result.data?.tickets;
      seen.push(...(page?.edges.map((e) => e.node.number) ?? []));
      if (!page?.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(newestFirst(acme));
  });

  it('refuses a cursor it did not hand out, saying so', async () => {
    const result = await gql(desk, TICKETS, { first: 2, after: 'abc' }, desk.credentials.partnerKey);
    expect(result.errors?.[0]?.message).toMatch(/pass an endCursor returned by tickets/);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
