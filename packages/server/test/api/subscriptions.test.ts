// Subscriptions over SSE: a partner hears its own customer's new tickets and nothing of another
// customer's; engineers hear the queue move.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, subscribe, until, type TestDesk } from '../support/index.js';
import { openTicket } from './operations.js';

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
