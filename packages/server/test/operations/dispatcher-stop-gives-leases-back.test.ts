// A dispatcher that stops finishes the message in hand and gives back the others it leased, so another
// instance sends them at once rather than a minute later when the leases would have run out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/dispatch/dispatcher.js';
import type { EmailTransport } from '../../src/channels/email/outbound/email-transport.js';
import { DIALECTS, outboxRows, plainMail, startEmailChannelServer, type EmailChannelServer } from '../support/index.js';

describe.each(DIALECTS)('dispatcher stop on %s', (dialect) => {
  let desk: EmailChannelServer;
  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('sends the message in hand, releases the rest, and another dispatcher sends them without waiting', async () => {
    for (const n of [1, 2, 3]) {
      expect(await desk.sendSmtp(plainMail({ from: 'noc@acme.example', subject: `Link down at site ${n}`, body: 'No service.', messageId: `site-${n}@acme.example` }))).toMatch(/^250/);
    }
    let release!: () => void;
    const inHand = new Promise<void>((resolve) => (release = resolve));
    let sending!: () => void;
    const sendStarted = new Promise<void>((resolve) => (sending = resolve));
    const slow: EmailTransport = {
      async send() {
        sending();
        await inHand;
        return { accepted: true, detail: '250 OK' };
      },
    };
    const stopping = createDispatcher(desk.server.desk, { transport: slow, intervalMs: 1 });
    stopping.start();
    await sendStarted;
    const stopped = stopping.stop();
    release();
    await stopped;

    const rows = await outboxRows(desk);
    expect(rows.map((r) => r.status)).toEqual(['SENT', 'PENDING', 'PENDING']);
    const leases = await desk.server.desk.store.db.selectFrom('outbox').select(['leased_by', 'leased_until']).where('status', '=', 'PENDING').execute();
    expect(leases).toEqual([{ leased_by: null, leased_until: null }, { leased_by: null, leased_until: null }]);

    // The clock has not moved: only released leases let another dispatcher take these now.
    const fast: EmailTransport = { send: async () => ({ accepted: true, detail: '250 OK' }) };
    expect(await createDispatcher(desk.server.desk, { transport: fast }).runOnce()).toBe(2);
  });
});
