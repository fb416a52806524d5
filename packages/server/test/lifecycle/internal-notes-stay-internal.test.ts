// An internal note is for engineers only (SPEC §2.6): never emailed, never shown to partners — not in
// messages, not in the history, not in their subscriptions — and never a response to the customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTicket } from '../api/operations.js';
import { DIALECTS, createTestDesk, gql, subscribe, until, type TestDesk } from '../support/index.js';
import { staffView, worked } from './lifecycle-operations.js';

describe.each(DIALECTS)('internal notes (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('appear to engineers only, go to nobody, and do not stop the first-response clock', async () => {
    const ticket = await openTicket(desk, { subject: 'Flapping BGP session' });
    const outboxBefore = await outboxCount(desk);
    const noted = await worked(desk, 'addInternalNote', { ticketId: ticket.id, body: 'Their router runs a buggy release; do not mention it.' }, desk.credentials.engineerToken);
    expect(noted.status).toBe('OPEN');
    expect(noted.firstRespondedAt).toBeNull();
    expect(noted.messages.at(-1)).toMatchObject({ visibility: 'INTERNAL', author: 'staff:demo-engineer', body: 'Their router runs a buggy release; do not mention it.' });
    expect(noted.events.at(-1)).toMatchObject({ type: 'NOTE_ADDED', actor: 'staff:demo-engineer' });
    expect(await outboxCount(desk)).toBe(outboxBefore);

    const partner = await gql<{ ticket: { messages: { body: string; visibility: string }[]; events: { type: string }[] } }>(
      desk,
      'query ($n: String!) { ticket(number: $n) { messages { body visibility } events { type } } }',
      { n: ticket.number },
      desk.credentials.partnerKey,
    );
    expect(partner.data?.ticket.messages.map((m) => m.body)).not.toContain('Their router runs a buggy release; do not mention it.');
    expect(partner.data?.ticket.messages.every((m) => m.visibility === 'PUBLIC')).toBe(true);
    expect(partner.data?.ticket.events.map((e) => e.type)).not.toContain('NOTE_ADDED');
    expect(JSON.stringify(partner.data)).not.toContain('buggy');
  });

  it("a partner's subscription hears replies but never a note", async () => {
    const ticket = await openTicket(desk, { subject: 'Subscribed ticket' });
    const stream = await subscribe(desk, 'subscription ($n: String) { ticketChanged(number: $n) { type } }', desk.credentials.partnerKey, { n: ticket.number });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await worked(desk, 'addInternalNote', { ticketId: ticket.id, body: 'secret' }, desk.credentials.engineerToken);
    await worked(desk, 'replyToTicket', { ticketId: ticket.id, body: 'We are looking at it.' }, desk.credentials.engineerToken);
    await until(() => stream.events.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stream.close();
    expect(stream.events.map((e) => e.data?.ticketChanged?.type)).toEqual(['REPLIED']);
    // Staff still see both.
    expect((await staffView(desk, ticket.number)).events.map((e) => e.type)).toEqual(expect.arrayContaining(['NOTE_ADDED', 'REPLIED']));
  });
});

async function outboxCount(desk: TestDesk): Promise<number> {
  const row = await desk.store.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
