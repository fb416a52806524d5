// SPEC §2.2 on the portal/API channel: only an active ADMINISTRATIVE or TECHNICAL contact may open a
// ticket. Anyone else gets ReporterNotAuthorizedError naming the failed check, and nothing is stored:
// no ticket, no message, no acknowledgement in the outbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/test-desk.js';
import { countRows, createTicket, openTicket } from './operations.js';

describe.each(DIALECTS)('reporter authorization on createTicket (%s)', (dialect) => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await createTestDesk(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  async function expectRefused(reporterEmail: string, reason: string, token?: string) {
    const before = { tickets: await countRows(desk, 'tickets'), outbox: await countRows(desk, 'outbox'), messages: await countRows(desk, 'messages') };
    const payload = await createTicket(desk, { reporterEmail }, token);
    expect(payload.__typename).toBe('ReporterNotAuthorizedError');
    expect(payload.code).toBe('REPORTER_NOT_AUTHORIZED');
    expect(payload.reason).toBe(reason);
    expect(payload.reporter).toBe(reporterEmail);
    expect(payload.ticket).toBeUndefined();
    expect({ tickets: await countRows(desk, 'tickets'), outbox: await countRows(desk, 'outbox'), messages: await countRows(desk, 'messages') }).toEqual(before);
    return payload;
  }

  it('refuses a BILLING contact: ROLE_NOT_ALLOWED, and says which roles may open tickets', async () => {
    const payload = await expectRefused('billing@acme.example', 'ROLE_NOT_ALLOWED');
    expect(payload.message).toMatch(/administrative or technical/i);
  });

  it('refuses an unknown address: UNKNOWN_SENDER, and says how to get registered', async () => {
    const payload = await expectRefused('stranger@acme.example', 'UNKNOWN_SENDER');
    expect(payload.message).toMatch(/register/i);
  });

  it('refuses a +tag variant of a registered address: sub-addressing is not stripped', async () => {
    await expectRefused('noc+x@acme.example', 'UNKNOWN_SENDER');
    await expectRefused('ops+alerts@acme.example', 'UNKNOWN_SENDER');
  });

  it('does not tell a partner that an address belongs to another customer', async () => {
    const foreign = await expectRefused('noc@acme.example', 'UNKNOWN_SENDER', desk.credentials.otherPartnerKey);
    const unknown = await expectRefused('nobody@acme.example', 'UNKNOWN_SENDER', desk.credentials.otherPartnerKey);
    expect(foreign.message).toBe(unknown.message);
  });

  it('accepts the ADMINISTRATIVE contact, whatever the case of the address', async () => {
    const ticket = await openTicket(desk, { reporterEmail: 'NOC@Acme.Example' });
    expect(ticket.reporter.email).toBe('noc@acme.example');
    expect(ticket.customer.name).toBe('Acme Networks');
  });

  it('accepts a TECHNICAL contact', async () => {
    const ticket = await openTicket(desk, { reporterEmail: 'ops@acme.example' });
    expect(ticket.reporter.email).toBe('ops@acme.example');
  });

  it('lets staff open a ticket for any customer’s contact, bound to that customer', async () => {
    const ticket = await openTicket(desk, { reporterEmail: 'noc@globex.example', sof: 'SOF-20001' }, desk.credentials.engineerToken);
    expect(ticket.customer.name).toBe('Globex Telecom');
    expect(ticket.flags).toEqual([]);
    expect(ticket.events[0]).toMatchObject({ type: 'CREATED', actor: 'staff:demo-engineer' });
  });
});
