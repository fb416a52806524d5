// Subscriptions over SSE: a partner hears its own customer's new tickets and nothing of another
// customer's; engineers hear the queue move.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/test-desk.js';
import { openTicket } from './operations.js';

interface SseEvent {
  readonly data?: { readonly ticketChanged?: { type: string; ticket: { number: string; customer: { name: string } } } | null; readonly queueChanged?: { type: string; ticket: { number: string } } | null };
  readonly errors?: readonly { message: string }[];
}

/** Opens an SSE subscription through yoga.fetch and collects events until `count` arrive or it is closed. */
async function subscribe(desk: TestDesk, query: string, token: string, variables: Record<string, unknown> = {}) {
  const controller = new AbortController();
  const response = await desk.yoga.fetch('http://nocdesk.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  if (!response.headers.get('content-type')?.includes('text/event-stream')) {
    // Refused before the stream opened: the answer is one GraphQL result.
    events.push((await response.json()) as SseEvent);
    return { events, status: response.status, close: async () => undefined };
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (data) events.push(JSON.parse(data) as SseEvent);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    events,
    status: response.status,
    async close() {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      await pump;
    },
  };
}

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe.each(DIALECTS)('subscriptions (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('tells a partner about its own new ticket and nothing about another customer’s', async () => {
    const query = 'subscription { ticketChanged { type ticket { number customer { name } } } }';
    const acme = await subscribe(desk, query, desk.credentials.partnerKey);
    const globex = await subscribe(desk, query, desk.credentials.otherPartnerKey);
    await new Promise((r) => setTimeout(r, 50));
    const mine = await openTicket(desk, { reporterEmail: 'noc@acme.example', subject: 'Link down SOF-10001', description: 'No traffic.' }, desk.credentials.partnerKey);
    await until(() => acme.events.length > 0);
    await new Promise((r) => setTimeout(r, 100));
    await acme.close();
    await globex.close();
    expect(acme.events.map((e) => e.data?.ticketChanged)).toContainEqual({ type: 'CREATED', ticket: { number: mine.number, customer: { name: 'Acme Networks' } } });
    expect(globex.events).toEqual([]);
  });

  it('moves the queue for engineers', async () => {
    const queue = await subscribe(desk, 'subscription { queueChanged { type ticket { number } } }', desk.credentials.engineerToken);
    await new Promise((r) => setTimeout(r, 50));
    const ticket = await openTicket(desk, { reporterEmail: 'noc@globex.example', subject: 'Packet loss', description: 'Loss towards AMS.', sof: 'SOF-20001' }, desk.credentials.otherPartnerKey);
    await until(() => queue.events.length > 0);
    await queue.close();
    expect(queue.events[0]?.data?.queueChanged).toEqual({ type: 'CREATED', ticket: { number: ticket.number } });
  });

  it('refuses the queue to a partner and an unknown ticket number to anyone', async () => {
    const partnerQueue = await subscribe(desk, 'subscription { queueChanged { type } }', desk.credentials.partnerKey);
    await until(() => partnerQueue.events.length > 0);
    await partnerQueue.close();
    expect(partnerQueue.events[0]?.errors?.[0]?.message).toMatch(/not allow/);
    const unknown = await subscribe(desk, 'subscription($n: String) { ticketChanged(number: $n) { type } }', desk.credentials.partnerKey, { n: '1000019' });
    await until(() => unknown.events.length > 0);
    await unknown.close();
    expect(unknown.events[0]?.errors?.[0]?.message).toBe('Ticket was not found.');
  });
});
