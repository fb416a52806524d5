// takeNextTicket hands out the top of the strict queue atomically (SPEC §2.6): two engineers calling at
// once never get the same ticket, and nobody gets a level-2 ticket while an unassigned level-1 is open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTicket } from '../api/operations.js';
import { DIALECTS, createTestDesk, type TestDesk } from '../support/index.js';
import { anotherEngineer, work, worked } from './lifecycle-operations.js';

describe.each(DIALECTS)('takeNextTicket (%s)', (dialect) => {
  let desk: TestDesk;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    alice = await anotherEngineer(desk, 'alice');
    bob = await anotherEngineer(desk, 'bob');
  });
  afterAll(async () => {
    await desk.close();
  });

  it('takes the oldest level-1 ticket first, then level 2, whatever order they arrived in', async () => {
    const level2 = await openTicket(desk, { subject: 'Latency creeping up', requestedLevel: 2 });
    desk.advance(60_000);
    const level1 = await openTicket(desk, { subject: 'Total outage in Lisbon', requestedLevel: 1 });
    const first = await worked(desk, 'takeNextTicket', null, alice);
    expect(first).toMatchObject({ number: level1.number, status: 'IN_PROGRESS', assignedTo: 'alice' });
    expect(first.events.at(-1)).toMatchObject({ type: 'TAKEN', actor: 'staff:alice', data: { from: 'OPEN', to: 'IN_PROGRESS', assignee: 'alice' } });
    const second = await worked(desk, 'takeNextTicket', null, bob);
    expect(second).toMatchObject({ number: level2.number, assignedTo: 'bob' });
    expect(await work(desk, 'takeNextTicket', null, alice)).toMatchObject({ __typename: 'QueueEmptyError' });
  });

  it('50 rounds of two engineers taking at once: never the same ticket, never level 2 while a level-1 is unassigned', async () => {
    for (let round = 0; round < 50; round++) {
      // One level-1 and one level-2 ticket per round: whoever is second must get the level-2 one.
      const level2 = await openTicket(desk, { subject: `Round ${round}: slow`, requestedLevel: 2 });
      const level1 = await openTicket(desk, { subject: `Round ${round}: down`, requestedLevel: 1 });
      const [a, b] = await Promise.all([worked(desk, 'takeNextTicket', null, alice), worked(desk, 'takeNextTicket', null, bob)]);
      expect(a.number, `round ${round}`).not.toBe(b.number);
      expect(new Set([a.number, b.number]), `round ${round}`).toEqual(new Set([level1.number, level2.number]));
      const tookLevel1 = a.number === level1.number ? a : b;
      const tookLevel2 = a.number === level1.number ? b : a;
      // The level-2 ticket was handed out after the level-1 one was taken, never while it waited.
      const level1Events = await eventIds(desk, level1.number);
      const level2Events = await eventIds(desk, level2.number);
      expect(level2Events.taken, `round ${round}`).toBeGreaterThan(level1Events.taken);
      expect(tookLevel2.assignedTo).not.toBe(tookLevel1.assignedTo);
    }
  });
});

/** The position of the TAKEN event in the desk-wide history: later events have higher ids. */
async function eventIds(desk: TestDesk, number: string): Promise<{ taken: number }> {
  const row = await desk.store.db
    .selectFrom('ticket_events')
    .innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
    .select('ticket_events.id')
    .where('tickets.number', '=', number)
    .where('ticket_events.type', '=', 'TAKEN')
    .executeTakeFirstOrThrow();
  return { taken: Number(row.id) };
}
