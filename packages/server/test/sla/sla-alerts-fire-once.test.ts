// The SLA alerts (SPEC §2.6): the scheduler records SLA_AT_RISK and SLA_BREACHED once per target and
// ticket when the injected clock passes them, notices the assignee or else the on-call address, and stays
// quiet for a ticket an engineer answered in time. Changing the level is seen at the next run; waiting
// for the customer pauses levels 2–3 only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffToken } from '../../src/auth/credentials.js';
import { DESK_JOBS } from '../../src/scheduler/jobs.js';
import { createScheduler, type Scheduler } from '../../src/scheduler/scheduler.js';
import { raiseDueSlaAlerts } from '../../src/tickets/sla-alerts.js';
import { openTicket } from '../api/operations.js';
import { worked } from '../lifecycle/lifecycle-operations.js';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/index.js';
import { historyOf, outboxOf } from '../phone/phone-operations.js';

const MINUTE = 60_000;
const ONCALL = 'oncall@noc.example';

/** The SLA events in a ticket's history, as `KIND TARGET`. */
async function slaEvents(desk: TestDesk, number: string): Promise<string[]> {
  return (await historyOf(desk, number)).filter((e) => e.type.startsWith('SLA_')).map((e) => `${e.type} ${String(e.data.target)}`);
}

describe.each(DIALECTS)('SLA alerts (%s)', (dialect) => {
  let desk: TestDesk;
  let scheduler: Scheduler;
  beforeAll(async () => {
    desk = await createTestDesk(dialect, { NOCDESK_ONCALL_EMAIL: ONCALL });
    scheduler = createScheduler(desk, { jobs: DESK_JOBS, intervalMs: 60_000 });
  });
  afterAll(async () => {
    await scheduler.stop();
    await desk.close();
  });

  /** Moves the clock and lets the scheduler look, as its timer would. */
  async function after(ms: number): Promise<void> {
    desk.advance(ms);
    const report = await scheduler.runOnce();
    expect(report['sla-alerts']).not.toBe('not-leader');
  }

  it('an unanswered level-1 ticket is at risk at 12 minutes and breached at 15, each recorded and noticed once', async () => {
    const ticket = await openTicket(desk, { subject: 'Total outage at the Madrid POP', requestedLevel: 1 });
    await after(0);
    await after(11 * MINUTE);
    expect(await slaEvents(desk, ticket.number)).toEqual([]);
    await after(1 * MINUTE);
    expect(await slaEvents(desk, ticket.number)).toEqual(['SLA_AT_RISK FIRST_RESPONSE']);
    await after(1 * MINUTE);
    await after(2 * MINUTE);
    await after(30_000);
    expect(await slaEvents(desk, ticket.number)).toEqual(['SLA_AT_RISK FIRST_RESPONSE', 'SLA_BREACHED FIRST_RESPONSE']);

    // Unassigned: the on-call address hears of it, in the ticket's language (the reporter's is Spanish).
    const notices = await outboxOf(desk, 'NOTICE', ticket.number);
    expect(notices.map((n) => [n.recipient, n.mail.subject])).toEqual([
      [ONCALL, `${ticket.displayNumber} SLA en riesgo: primera respuesta vence 2026-11-26 09:15 UTC: Total outage at the Madrid POP`],
      [ONCALL, `${ticket.displayNumber} SLA vencido: primera respuesta vencía 2026-11-26 09:15 UTC: Total outage at the Madrid POP`],
    ]);
    expect(notices[0]?.mail.text).toContain('Tome el ticket y responda al cliente');
    const view = await gql<{ ticket: { slaState: string; sla: { target: string; secondsLeft: number } } }>(
      desk,
      'query ($n: String!) { ticket(number: $n) { slaState sla { target secondsLeft } } }',
      { n: ticket.number },
      desk.credentials.partnerKey,
    );
    expect(view.data?.ticket).toEqual({ slaState: 'BREACHED', sla: { target: 'FIRST_RESPONSE', secondsLeft: -30 } });
  });

  it('a ticket an engineer answered in time raises nothing for its first response', async () => {
    const ticket = await openTicket(desk, { subject: 'Router down in Lisbon', requestedLevel: 1 });
    await after(5 * MINUTE);
    await worked(desk, 'replyToTicket', { ticketId: ticket.id, body: 'We are on it: the line card is being replaced.' }, desk.credentials.engineerToken);
    await after(10 * MINUTE);
    await after(10 * MINUTE);
    expect(await slaEvents(desk, ticket.number)).toEqual([]);
  });

  it('the engineer working the ticket gets the notice when their staff name is an address; nobody else does', async () => {
    const ana = await createStaffToken(desk.store.db, { name: 'ana@noc.example', role: 'ENGINEER', now: desk.now() });
    const ticket = await openTicket(desk, { subject: 'Transit port flapping', requestedLevel: 1 });
    await worked(desk, 'assignTicket', { ticketId: ticket.id }, ana.token);
    await after(13 * MINUTE);
    expect((await outboxOf(desk, 'NOTICE', ticket.number)).map((n) => n.recipient)).toEqual(['ana@noc.example']);
  });

  it('raising a level is seen at the next run: the new level’s first response is at risk at once', async () => {
    const ticket = await openTicket(desk, { subject: 'Question about the contract', requestedLevel: 3 });
    await after(MINUTE);
    const changed = await gql(
      desk,
      'mutation ($input: ChangeTicketPriorityInput!) { changeTicketPriority(input: $input) { __typename } }',
      { input: { ticketId: ticket.id, level: 1, reason: 'The customer says the whole site is down.' } },
      desk.credentials.engineerToken,
    );
    expect(changed.data).toEqual({ changeTicketPriority: { __typename: 'MutationChangeTicketPrioritySuccess' } });
    await after(12 * MINUTE);
    expect(await slaEvents(desk, ticket.number)).toEqual(['SLA_AT_RISK FIRST_RESPONSE']);
  });

  it('waiting for the customer pauses a level-2 ticket’s clocks, never a level-1 ticket’s', async () => {
    const two = await openTicket(desk, { subject: 'Packet loss towards AMS-IX', requestedLevel: 2 });
    const one = await openTicket(desk, { subject: 'No service at the Valencia POP', requestedLevel: 1 });
    await after(2 * MINUTE);
    for (const ticket of [two, one]) {
      await worked(desk, 'replyToTicket', { ticketId: ticket.id, body: 'Could you send a traceroute?', status: 'WAITING_CUSTOMER' }, desk.credentials.engineerToken);
    }
    for (let step = 0; step < 30; step++) await after(10 * MINUTE);
    expect(await slaEvents(desk, two.number)).toEqual([]);
    expect(await slaEvents(desk, one.number)).toEqual(
      expect.arrayContaining(['SLA_AT_RISK PERIODIC_UPDATE', 'SLA_BREACHED PERIODIC_UPDATE', 'SLA_AT_RISK RESOLUTION', 'SLA_BREACHED RESOLUTION']),
    );
  });

  it('two jobs racing past the lease still record each event once (the store key decides)', async () => {
    const ticket = await openTicket(desk, { subject: 'Fibre cut near Zaragoza', requestedLevel: 1 });
    desk.advance(16 * MINUTE);
    const counts = await Promise.all([raiseDueSlaAlerts(desk), raiseDueSlaAlerts(desk), raiseDueSlaAlerts(desk)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    // A scheduler that looks only after the deadline sends the breach without a late at-risk warning.
    expect(await slaEvents(desk, ticket.number)).toEqual(['SLA_BREACHED FIRST_RESPONSE']);
    expect((await outboxOf(desk, 'NOTICE', ticket.number)).map((n) => n.recipient)).toEqual([ONCALL]);
  });
});
