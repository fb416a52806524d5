// Many partners' portals at once (SPEC §2.4, §2.5): 200 concurrent createTicket calls make 200 tickets
// with distinct numbers, each with exactly one acknowledgement queued in the same transaction.
import { parseTicketNumber } from '@nocdesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/test-desk.js';
import { countRows, createTicket } from './operations.js';

const CONCURRENT = 200;

describe.each(DIALECTS)('concurrent intake (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it(`${CONCURRENT} concurrent createTicket calls: ${CONCURRENT} distinct valid numbers and ${CONCURRENT} acknowledgements`, async () => {
    const payloads = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        createTicket(
          desk,
          i % 2 === 0
            ? { subject: `Concurrent report ${i}`, reporterEmail: i % 4 === 0 ? 'noc@acme.example' : 'ops@acme.example' }
            : { subject: `Concurrent report ${i}`, reporterEmail: 'noc@globex.example', sof: 'SOF-20001' },
          i % 2 === 0 ? desk.credentials.partnerKey : desk.credentials.otherPartnerKey,
        ),
      ),
    );
    expect(payloads.filter((p) => p.__typename !== 'MutationCreateTicketSuccess')).toEqual([]);
    const numbers = payloads.map((p) => p.ticket?.number ?? '');
    expect(new Set(numbers).size).toBe(CONCURRENT);
    for (const number of numbers) expect(parseTicketNumber(number)).toEqual({ ok: true, number });

    expect(await countRows(desk, 'tickets')).toBe(CONCURRENT);
    const acks = await desk.store.db.selectFrom('outbox').innerJoin('tickets', 'tickets.id', 'outbox.ticket_id').select(['tickets.number', 'outbox.recipient', 'outbox.dedupe_key']).execute();
    expect(acks).toHaveLength(CONCURRENT);
    expect(new Set(acks.map((a) => a.number))).toEqual(new Set(numbers));
    for (const payload of payloads) {
      expect(acks.find((a) => a.number === payload.ticket?.number)?.recipient).toBe(payload.ticket?.reporter.email);
    }
  });
});
