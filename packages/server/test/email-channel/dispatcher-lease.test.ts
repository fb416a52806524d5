// Two dispatchers on one database: a message is sent by the one holding its lease. When a slow send
// outlives the lease of its batch, the rest of the batch goes to the other dispatcher, and nothing twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundEmail } from '../../src/notifications/outbound-email.js';
import { createDispatcher } from '../../src/dispatch/dispatcher.js';
import type { EmailTransport } from '../../src/channels/email/outbound/email-transport.js';
import { openTicket } from '../api/operations.js';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/test-desk.js';

function recordingTransport(sent: string[], gate?: Promise<void>): EmailTransport {
  let first = true;
  return {
    async send(mail: OutboundEmail) {
      if (gate && first) {
        first = false;
        await gate;
      }
      sent.push(mail.messageId);
      return { accepted: true, detail: '250 ok' };
    },
  };
}

describe.each(DIALECTS)('outbox leases (%s)', (dialect) => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await createTestDesk(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  it('a dispatcher whose batch lease ran out does not send the rest of the batch again', async () => {
    for (const subject of ['Link down A', 'Link down B', 'Link down C']) {
      await openTicket(desk, { reporterEmail: 'noc@acme.example', subject, description: 'No traffic.' });
    }
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sentBySlow: string[] = [];
    const sentByOther: string[] = [];
    const slow = createDispatcher(desk, { transport: recordingTransport(sentBySlow, gate), leaseMs: 60_000 });
    const other = createDispatcher(desk, { transport: recordingTransport(sentByOther), leaseMs: 60_000 });

    const slowRun = slow.runOnce();
    await new Promise((r) => setTimeout(r, 50));
    desk.advance(120_000);
    // The batch lease ran out: the other dispatcher takes the two messages not yet claimed for sending;
    // the one in flight keeps its longer send lease.
    expect(await other.runOnce()).toBe(2);
    release();
    await slowRun;

    expect(sentBySlow).toHaveLength(1);
    const all = [...sentBySlow, ...sentByOther];
    expect(new Set(all).size).toBe(3);
    expect(all).toHaveLength(3);
    // No attempt is counted for a send that was not tried.
    const attempts = await desk.store.db.selectFrom('outbox').select('attempts').execute();
    expect(attempts.map((r) => r.attempts)).toEqual([1, 1, 1]);
    const rows = await desk.store.db.selectFrom('outbox').select(['status']).execute();
    expect(rows.map((r) => r.status)).toEqual(['SENT', 'SENT', 'SENT']);
  });

  it('a dispatcher within its lease sends each message once, and a second pass sends nothing', async () => {
    await openTicket(desk, { reporterEmail: 'noc@acme.example', subject: 'Packet loss', description: 'Loss.' });
    const sent: string[] = [];
    const a = createDispatcher(desk, { transport: recordingTransport(sent) });
    const b = createDispatcher(desk, { transport: recordingTransport(sent) });
    await Promise.all([a.runOnce(), b.runOnce()]);
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect(sent).toHaveLength(1);
  });
});
