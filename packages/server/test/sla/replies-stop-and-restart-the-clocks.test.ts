// Regression tests for what broke in another service desk's SLA clock, here through the API and the
// scheduler: each test is named after the failure it proves we do not have.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_JOBS } from '../../src/scheduler/jobs.js';
import { createScheduler, type Scheduler } from '../../src/scheduler/scheduler.js';
import { openTicket } from '../api/operations.js';
import { worked } from '../lifecycle/lifecycle-operations.js';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/index.js';
import { historyOf } from '../phone/phone-operations.js';

const MINUTE = 60_000;

describe.each(DIALECTS)('replies stop and restart the SLA clocks (%s)', (dialect) => {
  let desk: TestDesk;
  let scheduler: Scheduler;
  beforeAll(async () => {
    // Level 2 gets a periodic update (60 minutes) shorter than its first response (2 hours), as in Zammad #5177.
    desk = await createTestDesk(dialect, { NOCDESK_SLA: '{"periodicUpdateMinutes":{"2":60}}' });
    scheduler = createScheduler(desk, { jobs: DESK_JOBS, intervalMs: 60_000 });
  });
  afterAll(async () => {
    await scheduler.stop();
    await desk.close();
  });

  async function after(ms: number): Promise<void> {
    desk.advance(ms);
    await scheduler.runOnce();
  }

  async function slaEvents(number: string): Promise<string[]> {
    return (await historyOf(desk, number)).filter((e) => e.type.startsWith('SLA_')).map((e) => `${e.type} ${String(e.data.target)}`);
  }

  it('a reply that sets the ticket waiting for the customer is the first response, not a disabled clock (Zammad #3551)', async () => {
    const ticket = await openTicket(desk, { subject: 'New VLAN for the Lisbon office', requestedLevel: 3 });
    await after(30 * MINUTE);
    await worked(desk, 'replyToTicket', { ticketId: ticket.id, body: 'Which VLAN id should we use?', status: 'WAITING_CUSTOMER' }, desk.credentials.engineerToken);
    for (let step = 0; step < 30; step++) await after(60 * MINUTE);
    expect(await slaEvents(ticket.number)).toEqual([]);
  });

  it('a reply that resolves in the same step stops the first-response clock too', async () => {
    const ticket = await openTicket(desk, { subject: 'Wrong reverse DNS for 192.0.2.10', requestedLevel: 1 });
    await after(5 * MINUTE);
    await worked(desk, 'replyToTicket', { ticketId: ticket.id, body: 'The PTR record is fixed.', status: 'RESOLVED' }, desk.credentials.engineerToken);
    await after(20 * MINUTE);
    await after(5 * 60 * MINUTE);
    expect(await slaEvents(ticket.number)).toEqual([]);
  });

  it('an engineer’s reply restarts the update clock: no update alert for the window the reply closed (Zammad #3140)', async () => {
    const ticket = await openTicket(desk, { subject: 'Jitter on the Madrid–Paris wave', requestedLevel: 1 });
    await after(5 * MINUTE);
    const body = { ticketId: ticket.id, body: 'Still investigating with the carrier.' };
    await worked(desk, 'replyToTicket', body, desk.credentials.engineerToken);
    // Level 1 expects an update every 60 minutes: reply every 40, before the 48-minute at-risk mark.
    for (let round = 0; round < 4; round++) {
      await after(40 * MINUTE);
      await worked(desk, 'replyToTicket', body, desk.credentials.engineerToken);
    }
    expect((await slaEvents(ticket.number)).filter((e) => e.endsWith('PERIODIC_UPDATE'))).toEqual([]);
    // Then silence: the update is at risk 48 minutes after the last reply, once.
    await after(48 * MINUTE);
    await after(MINUTE);
    expect((await slaEvents(ticket.number)).filter((e) => e.endsWith('PERIODIC_UPDATE'))).toEqual(['SLA_AT_RISK PERIODIC_UPDATE']);
  });

  it('a shorter update target does not take over before the first response: the first response is what is alerted (Zammad #5177)', async () => {
    const ticket = await openTicket(desk, { subject: 'Optimise the routing towards Frankfurt', requestedLevel: 2 });
    // 60-minute updates at level 2, but nobody answered yet: only the 2-hour first response runs.
    for (let step = 0; step < 9; step++) await after(10 * MINUTE);
    expect(await slaEvents(ticket.number)).toEqual([]);
    await after(6 * MINUTE);
    expect(await slaEvents(ticket.number)).toEqual(['SLA_AT_RISK FIRST_RESPONSE']);
  });
});
