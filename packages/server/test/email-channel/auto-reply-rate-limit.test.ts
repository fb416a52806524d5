// SPEC §3: automatic replies are rate-limited per sender. A contact who sends twelve new requests within ten
// minutes gets at most ten acknowledgements; every request still becomes a ticket, and the history of the
// unacknowledged ones says why.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUTO_REPLY_TIERS } from '@nocdesk/domain';
import { DIALECTS, outboxRows, plainMail, startEmailChannelServer, ticketByNumber, ticketNumbers, type EmailChannelServer } from './email-channel-server.js';

describe.each(DIALECTS)('the auto-reply rate limit (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  async function burst(count: number, stepMs: number) {
    for (let n = 1; n <= count; n++) {
      await desk.sendSmtp(plainMail({ from: 'ops@acme.example', subject: `Port flapping on switch ${n}`, body: `Port ge-0/0/${n} is flapping.`, messageId: `flap-${n}@acme.example` }), { from: 'ops@acme.example' });
      desk.advance(stepMs);
    }
  }

  it('12 distinct new requests within 10 minutes: 12 tickets, 10 acknowledgements, AUTO_REPLY_SUPPRESSED on the other 2', async () => {
    expect(DEFAULT_AUTO_REPLY_TIERS[0]).toEqual({ max: 10, windowMinutes: 10 });
    await burst(12, 45_000);
    const numbers = (await ticketNumbers(desk)).reverse();
    expect(numbers).toHaveLength(12);
    expect(await outboxRows(desk)).toHaveLength(10);
    expect(await desk.server.dispatcher.runOnce()).toBe(10);
    expect(desk.outboxFiles()).toHaveLength(10);

    const tickets = await Promise.all(numbers.map((n) => ticketByNumber(desk, n)));
    const acknowledged = tickets.filter((t) => t?.acknowledgedAt);
    const suppressed = tickets.filter((t) => t?.events.some((e) => e.type === 'AUTO_REPLY_SUPPRESSED'));
    expect(acknowledged).toHaveLength(10);
    expect(suppressed.map((t) => t?.number)).toEqual(numbers.slice(10));
    for (const ticket of suppressed) {
      const event = ticket?.events.find((e) => e.type === 'AUTO_REPLY_SUPPRESSED');
      expect(event?.reason).toBe('At most 10 automatic replies per 10 minutes to ops@acme.example.');
      expect(ticket?.acknowledgedAt).toBeNull();
      expect(ticket?.events.map((e) => e.type)).not.toContain('ACKNOWLEDGEMENT_QUEUED');
    }
  });

  it('12 requests arriving at the same moment still get at most 10 acknowledgements', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        desk.sendSmtp(plainMail({ from: 'ops@acme.example', subject: `Burst ${i + 1}: BGP session down`, body: `Session ${i + 1} to the upstream is idle.`, messageId: `burst-${i + 1}@acme.example` }), { from: 'ops@acme.example' }),
      ),
    );
    expect(await ticketNumbers(desk)).toHaveLength(12);
    expect(await outboxRows(desk)).toHaveLength(10);
  });

  it('another contact of the same customer is not held back by the first one’s limit', async () => {
    await burst(11, 1_000);
    await desk.sendSmtp(plainMail({ from: 'noc@acme.example', subject: 'Fibre cut near Valencia', body: 'Our provider reports a fibre cut.', messageId: 'cut@acme.example' }), { from: 'noc@acme.example' });
    const rows = await outboxRows(desk);
    expect(rows.filter((r) => r.recipient === 'ops@acme.example')).toHaveLength(10);
    expect(rows.filter((r) => r.recipient === 'noc@acme.example')).toHaveLength(1);
  });
});
