// The portal/API channel (SPEC §2.5 step 3): an accepted request gets a check-digit number, its first
// history event and a queued acknowledgement in one go; the level comes from the request, the
// category or keywords; bad input is a typed InputValidationError that stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { countRows, createTicket, openTicket } from './operations.js';

const MINUTE = 60_000;

describe.each(DIALECTS)('createTicket (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('numbers the ticket, records who opened it and queues exactly one acknowledgement to the reporter', async () => {
    const before = { tickets: await countRows(desk, 'tickets'), outbox: await countRows(desk, 'outbox') };
    const ticket = await openTicket(desk, { reporterEmail: 'ops@acme.example' });

    expect(ticket.number).toMatch(/^\d+$/);
    expect(ticket.displayNumber).toBe(`NCC#${ticket.number}`);
    const check = await gql<{ checkTicketNumber: { valid: boolean } }>(desk, 'query ($n: String!) { checkTicketNumber(input: $n) { valid } }', { n: ticket.number });
    expect(check.data?.checkTicketNumber.valid).toBe(true);
    expect(ticket).toMatchObject({ status: 'OPEN', channel: 'PORTAL', acknowledgedAt: null, customer: { name: 'Acme Networks' }, reporter: { email: 'ops@acme.example' } });
    expect(ticket.createdAt).toBe(desk.now().toISOString());
    expect(ticket.events.map((e) => [e.type, e.actor])).toEqual([
      ['CREATED', 'partner:Acme portal'],
      ['ACKNOWLEDGEMENT_QUEUED', 'system'],
    ]);

    expect(await countRows(desk, 'tickets')).toBe(before.tickets + 1);
    expect(await countRows(desk, 'outbox')).toBe(before.outbox + 1);
    const [id] = await desk.store.db.selectFrom('tickets').select('id').where('number', '=', ticket.number).execute();
    const acks = await desk.store.db.selectFrom('outbox').selectAll().where('ticket_id', '=', id?.id ?? '').execute();
    expect(acks.map((a) => [a.recipient, a.status])).toEqual([['ops@acme.example', 'PENDING']]);
    expect(acks[0]?.payload).toContain(ticket.displayNumber);
  });

  it('gives consecutive tickets distinct numbers', async () => {
    const a = await openTicket(desk);
    const b = await openTicket(desk);
    expect(a.number).not.toBe(b.number);
  });

  it.each([
    { input: { category: 'OUTAGE' }, level: 1, source: 'CATEGORY', due: 15 },
    { input: { category: 'DEGRADATION' }, level: 2, source: 'CATEGORY', due: 120 },
    { input: { requestedLevel: 2 }, level: 2, source: 'REQUESTED', due: 120 },
    { input: { subject: 'Caída total del enlace', description: 'Sin servicio desde las 9.' }, level: 1, source: 'KEYWORD', due: 15 },
    { input: { subject: 'Invoice address', description: 'Please update our invoice address.' }, level: 3, source: 'KEYWORD', due: 24 * 60 },
    { input: { subject: 'Access procedure', description: 'Please send us the access procedure for the data centre.' }, level: 3, source: 'DEFAULT', due: 24 * 60 },
  ])('decides level $level from $source and sets the SLA deadline', async ({ input, level, source, due }) => {
    const ticket = await openTicket(desk, input);
    expect(ticket.priority).toMatchObject({ level, source });
    expect(Date.parse(ticket.firstResponseDue) - Date.parse(ticket.receivedAt)).toBe(due * MINUTE);
  });

  it('flags PRIORITY_MISMATCH when level 1 is asked for an administrative matter', async () => {
    const ticket = await openTicket(desk, { requestedLevel: 1, category: 'ADMINISTRATIVE', subject: 'Change billing contact', description: 'New invoice address.' });
    expect(ticket.priority.level).toBe(1);
    expect(ticket.flags).toContain('PRIORITY_MISMATCH');
  });

  it.each([
    { field: 'subject', input: { subject: '   ' } },
    { field: 'description', input: { description: '' } },
    { field: 'reporterEmail', input: { reporterEmail: 'not-an-address' } },
    { field: 'requestedLevel', input: { requestedLevel: 4 } },
  ])('answers InputValidationError naming $field and stores nothing', async ({ field, input }) => {
    const before = { tickets: await countRows(desk, 'tickets'), outbox: await countRows(desk, 'outbox') };
    const payload = await createTicket(desk, input);
    expect(payload.__typename).toBe('InputValidationError');
    expect(payload.code).toBe('INVALID_INPUT');
    expect(payload.issues?.map((i) => i.path)).toContainEqual(['input', field]);
    expect({ tickets: await countRows(desk, 'tickets'), outbox: await countRows(desk, 'outbox') }).toEqual(before);
  });
});
