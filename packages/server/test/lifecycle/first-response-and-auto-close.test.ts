// The first response is an engineer's first public message, also when the same step resolves the ticket
// (Zammad #3551 counted only plain replies); resolved tickets close by themselves after the reopen window,
// once, however many server processes run the scheduler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTicket } from '../api/operations.js';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import { DESK_JOBS } from '../../src/scheduler/jobs.js';
import { DIALECTS, createTestDesk, type TestDesk } from '../support/index.js';
import { staffView, worked } from './lifecycle-operations.js';

const DAY = 86_400_000;

describe.each(DIALECTS)('first response and closing (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('a reply that resolves in one step is the first response (Zammad #3551)', async () => {
    const ticket = await openTicket(desk, { subject: 'Wrong reverse DNS' });
    desk.advance(5 * 60_000);
    const resolved = await worked(desk, 'replyToTicket', { ticketId: ticket.id, body: 'Updated the PTR records.', status: 'RESOLVED' }, desk.credentials.engineerToken);
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.firstRespondedAt).toBe(desk.now().toISOString());
    expect(resolved.resolvedAt).toBe(desk.now().toISOString());
    expect(resolved.assignedTo).toBe('demo-engineer');
  });

  it('a reply that asks the customer something is the first response too, and only the first one counts', async () => {
    const ticket = await openTicket(desk, { subject: 'Need a new VLAN' });
    desk.advance(60_000);
    const asked = await worked(desk, 'replyToTicket', { ticketId: ticket.id, body: 'Which VLAN id?', status: 'WAITING_CUSTOMER' }, desk.credentials.engineerToken);
    const first = asked.firstRespondedAt;
    expect(first).toBe(desk.now().toISOString());
    desk.advance(60_000);
    const again = await worked(desk, 'replyToTicket', { ticketId: ticket.id, body: 'Any news?' }, desk.credentials.engineerToken);
    expect(again.firstRespondedAt).toBe(first);
  });

  it('a resolved ticket closes after the reopen window, once, with two schedulers running', async () => {
    const ticket = await openTicket(desk, { subject: 'Close me later' });
    await worked(desk, 'resolveTicket', { ticketId: ticket.id, resolution: 'Done.' }, desk.credentials.engineerToken);
    const one = createScheduler(desk, { jobs: DESK_JOBS, intervalMs: 60_000 });
    const two = createScheduler(desk, { jobs: DESK_JOBS, intervalMs: 60_000 });
    desk.advance(6 * DAY);
    await Promise.all([one.runOnce(), two.runOnce()]);
    expect((await staffView(desk, ticket.number)).status).toBe('RESOLVED');

    desk.advance(DAY + 60_000);
    const reports = await Promise.all([one.runOnce(), two.runOnce()]);
    // One process holds the lease and closes what is due (this ticket among them); the other does nothing.
    expect(reports.filter((r) => r['auto-close'] === 'not-leader')).toHaveLength(1);
    expect(reports.find((r) => r['auto-close'] !== 'not-leader')?.['auto-close']).toBeGreaterThanOrEqual(1);
    const closed = await staffView(desk, ticket.number);
    expect(closed.status).toBe('CLOSED');
    expect(closed.events.filter((e) => e.type === 'CLOSED')).toEqual([expect.objectContaining({ actor: 'scheduler', data: expect.objectContaining({ from: 'RESOLVED', to: 'CLOSED' }) })]);
    await one.stop();
    await two.stop();
  });

  it('a customer message on a resolved ticket reopens it to its engineer, so it never closes', async () => {
    const ticket = await openTicket(desk, { subject: 'Came back' });
    await worked(desk, 'resolveTicket', { ticketId: ticket.id, resolution: 'Rebooted the switch.' }, desk.credentials.engineerToken);
    desk.advance(3 * DAY);
    const reopened = await worked(desk, 'addTicketMessage', { ticketId: ticket.id, body: 'It is down again.' }, desk.credentials.partnerKey);
    expect(reopened).toMatchObject({ status: 'IN_PROGRESS', assignedTo: 'demo-engineer', resolvedAt: null });
    desk.advance(8 * DAY);
    await createScheduler(desk, { jobs: DESK_JOBS, intervalMs: 60_000 }).runOnce();
    expect((await staffView(desk, ticket.number)).status).toBe('IN_PROGRESS');
  });
});
