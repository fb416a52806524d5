// The SLA alert job never scans every ticket (SPEC §2.6, kept indexed and bounded): after a run it
// reads nothing until a ticket's next SLA moment comes or the ticket changes, and a run looks at no more
// tickets than its budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketsChangedSinceSlaCheck, ticketsWithSlaMomentDue } from '../../src/store/sla-alerts.js';
import { raiseDueSlaAlerts } from '../../src/tickets/sla-alerts.js';
import { openTicket } from '../api/operations.js';
import { worked } from '../lifecycle/lifecycle-operations.js';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/index.js';

const MINUTE = 60_000;

describe.each(DIALECTS)('the SLA alert job reads only what may be due (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  const candidates = async () => [
    ...(await ticketsChangedSinceSlaCheck(desk.store.db, { limit: 1_000 })).map((t) => t.number),
    ...(await ticketsWithSlaMomentDue(desk.store.db, { now: desk.now(), limit: 1_000 })).map((t) => t.number),
  ];

  it('reads new and changed tickets, then nothing until their next SLA moment', async () => {
    const urgent = await openTicket(desk, { subject: 'Core router down', requestedLevel: 1 });
    const routine = await openTicket(desk, { subject: 'Renewal of the contract', requestedLevel: 3 });
    expect((await candidates()).sort()).toEqual([urgent.number, routine.number].sort());
    await raiseDueSlaAlerts(desk);
    expect(await candidates()).toEqual([]);

    desk.advance(5 * MINUTE);
    await worked(desk, 'addInternalNote', { ticketId: routine.id, body: 'Asked sales for the new price list.' }, desk.credentials.engineerToken);
    expect(await candidates()).toEqual([routine.number]);
    await raiseDueSlaAlerts(desk);
    expect(await candidates()).toEqual([]);

    desk.advance(7 * MINUTE);
    expect(await candidates()).toEqual([urgent.number]);
    expect(await raiseDueSlaAlerts(desk)).toBe(1);
    expect(await candidates()).toEqual([]);
  });

  it('a run looks at no more tickets than its budget; the rest wait for the next run', async () => {
    for (let n = 0; n < 5; n++) await openTicket(desk, { subject: `Invoice question ${n}`, requestedLevel: 3 });
    expect(await candidates()).toHaveLength(5);
    await raiseDueSlaAlerts(desk, { pageSize: 2, maxTicketsPerRun: 3 });
    expect(await candidates()).toHaveLength(2);
    await raiseDueSlaAlerts(desk, { pageSize: 2, maxTicketsPerRun: 3 });
    expect(await candidates()).toEqual([]);
  });
});
