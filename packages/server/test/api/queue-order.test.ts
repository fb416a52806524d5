// SPEC §2.1: the queue of open tickets is strict: level, then received time, then ticket number. A
// level-2 ticket is never offered while a level-1 ticket is open, and paging walks it without gaps or
// repeats.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { openTicket, type TicketView } from './operations.js';

const MINUTE = 60_000;
const QUEUE = `query ($first: Int, $after: String) { queue(first: $first, after: $after) {
  edges { cursor node { number priority { level } receivedAt } }
  pageInfo { hasNextPage endCursor } } }`;

interface QueuePage {
  readonly queue: {
    readonly edges: readonly { readonly cursor: string; readonly node: { readonly number: string; readonly priority: { readonly level: number }; readonly receivedAt: string } }[];
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  };
}

/** The sequence part of a ticket number (the last digit is the check digit): the creation order. */
const sequenceOf = (number: string) => Number(number.slice(0, -1));

function strictOrder(tickets: readonly TicketView[]): string[] {
  return [...tickets]
    .sort((a, b) => a.priority.level - b.priority.level || Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || sequenceOf(a.number) - sequenceOf(b.number))
    .map((t) => t.number);
}

describe.each(DIALECTS)('queue order (%s)', (dialect) => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await createTestDesk(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  async function queue(first?: number, after?: string | null, token: string = desk.credentials.engineerToken) {
    const result = await gql<QueuePage>(desk, QUEUE, { first, after }, token);
    expect(result.errors).toBeUndefined();
    if (!result.data) throw new Error('no queue');
    return result.data.queue;
  }

  async function walk(pageSize: number): Promise<string[]> {
    const numbers: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page: QueuePage['queue'] = await queue(pageSize, after);
      expect(page.edges.length).toBeLessThanOrEqual(pageSize);
      numbers.push(...page.edges.map((e) => e.node.number));
      if (!page.pageInfo.hasNextPage) return numbers;
      after = page.pageInfo.endCursor;
    }
    throw new Error('the queue never ended');
  }

  it('offers a level-1 ticket created after two level-2 tickets first', async () => {
    const standard = await openTicket(desk, { requestedLevel: 3 });
    desk.advance(MINUTE);
    const high1 = await openTicket(desk, { requestedLevel: 2 });
    desk.advance(MINUTE);
    const high2 = await openTicket(desk, { requestedLevel: 2 });
    desk.advance(MINUTE);
    const maximum = await openTicket(desk, { requestedLevel: 1 });
    const page = await queue(10);
    expect(page.edges.map((e) => e.node.number)).toEqual([maximum.number, high1.number, high2.number, standard.number]);
    expect(page.edges.map((e) => e.node.priority.level)).toEqual([1, 2, 2, 3]);
  });

  it('orders tickets received at the same instant by number', async () => {
    const tickets = [];
    for (let i = 0; i < 4; i++) tickets.push(await openTicket(desk, { requestedLevel: 2 }));
    expect((await queue(10)).edges.map((e) => e.node.number)).toEqual(tickets.map((t) => t.number));
  });

  it('pages with first/after through the whole queue in strict order, without gaps or repeats', async () => {
    const tickets: TicketView[] = [];
    const levels = [3, 2, 2, 1, 3, 1, 2, 3, 1, 2, 2, 3, 1];
    for (const [i, level] of levels.entries()) {
      if (i % 3 !== 0) desk.advance(MINUTE);
      tickets.push(await openTicket(desk, { requestedLevel: level }));
    }
    const expected = strictOrder(tickets);
    expect((await queue(100)).edges.map((e) => e.node.number)).toEqual(expected);
    for (const size of [1, 2, 3, 5]) {
      const walked = await walk(size);
      expect(walked, `pages of ${size}`).toEqual(expected);
      expect(new Set(walked).size).toBe(walked.length);
    }
  });

  it('a ticket raised to level 1 jumps ahead of every level-2 ticket', async () => {
    const high = await openTicket(desk, { requestedLevel: 2 });
    desk.advance(MINUTE);
    const standard = await openTicket(desk, { requestedLevel: 3 });
    const changed = await gql(
      desk,
      'mutation ($input: ChangeTicketPriorityInput!) { changeTicketPriority(input: $input) { __typename } }',
      { input: { ticketId: standard.id, level: 1, reason: 'It is an outage after all' } },
      desk.credentials.engineerToken,
    );
    expect(changed.data).toEqual({ changeTicketPriority: { __typename: 'MutationChangeTicketPrioritySuccess' } });
    expect((await queue(10)).edges.map((e) => e.node.number)).toEqual([standard.number, high.number]);
  });

  it('does not page backwards: last/before is refused with a message saying how to page', async () => {
    await openTicket(desk);
    const result = await gql(desk, '{ queue(last: 2) { edges { node { number } } } }', {}, desk.credentials.engineerToken);
    expect(result.errors?.[0]?.message).toMatch(/first\/after/);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor it did not hand out', async () => {
    const result = await gql(desk, '{ queue(first: 2, after: "not-a-cursor") { edges { node { number } } } }', {}, desk.credentials.engineerToken);
    expect(result.errors?.[0]?.message).toMatch(/pass an endCursor returned by queue/);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a handed-out cursor whose time was tampered with, as bad input rather than a server fault', async () => {
    await openTicket(desk);
    await openTicket(desk);
    const page = await gql<{ queue: { pageInfo: { endCursor: string } } }>(desk, '{ queue(first: 1) { pageInfo { endCursor } } }', {}, desk.credentials.engineerToken);
    const real = Buffer.from(page.data?.queue.pageInfo.endCursor ?? '', 'base64').toString('utf8');
    const forged = Buffer.from(real.replace(/"\d{4}-[^"]+"/, '"yesterday"'), 'utf8').toString('base64');
    expect(forged).not.toBe(page.data?.queue.pageInfo.endCursor);
    const result = await gql(desk, 'query($a: String) { queue(first: 2, after: $a) { edges { node { number } } } }', { a: forged }, desk.credentials.engineerToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a rejectedIntakes cursor it did not hand out', async () => {
    const result = await gql(desk, '{ rejectedIntakes(first: 2, after: "bm9wZQ==") { edges { node { id } } } }', {}, desk.credentials.engineerToken);
    expect(result.errors?.[0]?.message).toMatch(/pass an endCursor returned by rejectedIntakes/);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
