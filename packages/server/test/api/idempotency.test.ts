// SPEC §4: mutations that create things take an idempotencyKey; a retry with the same key returns the
// first result (one ticket, one acknowledgement), a reuse with a different input is an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/test-desk.js';
import { countRows, createTicket, openTicket } from './operations.js';

describe.each(DIALECTS)('idempotent createTicket (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  async function counts() {
    return { tickets: await countRows(desk, 'tickets'), outbox: await countRows(desk, 'outbox'), events: await countRows(desk, 'ticket_events') };
  }

  it('the same key twice makes one ticket with one number and one acknowledgement', async () => {
    const before = await counts();
    const first = await openTicket(desk, { idempotencyKey: 'retry-1' });
    desk.advance(5_000);
    const second = await openTicket(desk, { idempotencyKey: 'retry-1' });
    expect(second.id).toBe(first.id);
    expect(second.number).toBe(first.number);
    expect(second.createdAt).toBe(first.createdAt);
    expect(await counts()).toEqual({ tickets: before.tickets + 1, outbox: before.outbox + 1, events: before.events + 2 });
  });

  it('the same key with another input is IdempotencyKeyReusedError, and nothing new is stored', async () => {
    const first = await openTicket(desk, { idempotencyKey: 'retry-2' });
    const before = await counts();
    const payload = await createTicket(desk, { idempotencyKey: 'retry-2', subject: 'Something else entirely' });
    expect(payload.__typename).toBe('IdempotencyKeyReusedError');
    expect(payload.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(payload.key).toBe('retry-2');
    expect(payload.message).toMatch(/new key/i);
    expect(await counts()).toEqual(before);
    const again = await openTicket(desk, { idempotencyKey: 'retry-2' });
    expect(again.number).toBe(first.number);
  });

  it('different keys make different tickets', async () => {
    const a = await openTicket(desk, { idempotencyKey: 'retry-3a' });
    const b = await openTicket(desk, { idempotencyKey: 'retry-3b' });
    expect(a.number).not.toBe(b.number);
  });

  it('a refused request does not use up its key: the corrected retry creates the ticket', async () => {
    const refused = await createTicket(desk, { idempotencyKey: 'retry-4', reporterEmail: 'billing@acme.example' });
    expect(refused.__typename).toBe('ReporterNotAuthorizedError');
    const created = await openTicket(desk, { idempotencyKey: 'retry-4' });
    expect(created.reporter.email).toBe('noc@acme.example');
  });

  it('the same key sent 20 times at once still makes one ticket and one acknowledgement', async () => {
    const before = await counts();
    const payloads = await Promise.all(Array.from({ length: 20 }, () => createTicket(desk, { idempotencyKey: 'burst-1' })));
    expect(payloads.map((p) => p.__typename)).toEqual(payloads.map(() => 'MutationCreateTicketSuccess'));
    expect(new Set(payloads.map((p) => p.ticket?.number)).size).toBe(1);
    const after = await counts();
    expect(after.tickets).toBe(before.tickets + 1);
    expect(after.outbox).toBe(before.outbox + 1);
  });
});
