// SPEC §2.3 on the portal/API channel: a SOF number is optional ("for a faster answer"). A missing,
// foreign, unknown or inactive SOF never blocks the ticket; it flags it for triage, and only the
// customer's own active service is attached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { countRows, openTicket } from './operations.js';

describe.each(DIALECTS)('SOF numbers on createTicket (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('attaches the customer’s own active service and raises no flag', async () => {
    const ticket = await openTicket(desk, { sof: 'SOF-10001' });
    expect(ticket.flags).toEqual([]);
    expect(ticket.service).toEqual({ sof: 'SOF-10001', status: 'ACTIVE' });
    expect(ticket.sof).toBe('SOF-10001');
  });

  it('reads the SOF in the forms people write it', async () => {
    for (const sof of ['sof 10001', 'SOF#10001', 'SOF: 10001', ' sof-10001 ']) {
      const ticket = await openTicket(desk, { sof });
      expect(ticket.flags, sof).toEqual([]);
      expect(ticket.service?.sof, sof).toBe('SOF-10001');
    }
  });

  it('finds a SOF quoted in the subject or description when none is given', async () => {
    const ticket = await openTicket(desk, { sof: undefined, subject: 'Latency on SOF-10001', description: 'Latency doubled since 08:00.' });
    expect(ticket.flags).toEqual([]);
    expect(ticket.service?.sof).toBe('SOF-10001');
  });

  it('creates the ticket flagged SOF_MISSING when no SOF is given anywhere', async () => {
    const before = await countRows(desk, 'outbox');
    const ticket = await openTicket(desk, { sof: undefined, subject: 'Slow DNS', description: 'Resolvers answer in 900 ms.' });
    expect(ticket.flags).toEqual(['SOF_MISSING']);
    expect(ticket.service).toBeNull();
    expect(ticket.sof).toBeNull();
    expect(await countRows(desk, 'outbox')).toBe(before + 1);
  });

  it('creates the ticket flagged when an Acme reporter quotes a Globex SOF: SOF_FOREIGN for staff, SOF_UNKNOWN for the partner', async () => {
    const ticket = await openTicket(desk, { sof: 'SOF-20001' });
    // The partner must not learn that the number belongs to another customer.
    expect(ticket.flags).toEqual(['SOF_UNKNOWN']);
    const unknown = await openTicket(desk, { sof: 'SOF-99999' });
    expect(unknown.flags).toEqual(ticket.flags);
    const asStaff = await gql<{ ticket: { flags: string[]; events: { data: { flags: string[] } }[] } }>(
      desk,
      'query($n: String!) { ticket(number: $n) { flags events { data } } }',
      { n: ticket.number },
      desk.credentials.engineerToken,
    );
    expect(asStaff.data?.ticket.flags).toEqual(['SOF_FOREIGN']);
    expect(asStaff.data?.ticket.events[0]?.data.flags).toEqual(['SOF_FOREIGN']);
    expect(ticket.service).toBeNull();
    expect(ticket.sof).toBe('SOF-20001');
    expect(ticket.customer.name).toBe('Acme Networks');
  });

  it('creates the ticket flagged SOF_INACTIVE for the terminated SOF-10002', async () => {
    const ticket = await openTicket(desk, { sof: 'SOF-10002' });
    expect(ticket.flags).toEqual(['SOF_INACTIVE']);
    expect(ticket.service).toBeNull();
    expect(ticket.sof).toBe('SOF-10002');
  });

  it('creates the ticket flagged SOF_UNKNOWN for a SOF nobody has', async () => {
    const ticket = await openTicket(desk, { sof: 'SOF-99999' });
    expect(ticket.flags).toEqual(['SOF_UNKNOWN']);
    expect(ticket.service).toBeNull();
  });

  it('records the flags in the first history event', async () => {
    const ticket = await openTicket(desk, { sof: 'SOF-20001' });
    expect(ticket.events[0]?.type).toBe('CREATED');
    expect(ticket.events[0]?.data).toMatchObject({ flags: ['SOF_UNKNOWN'] });
  });
});
