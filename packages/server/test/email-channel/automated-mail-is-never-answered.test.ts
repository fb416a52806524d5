// RFC 3834 over real SMTP: an out-of-office, a bounce and a mailing-list message never open a ticket and
// are never answered; the ones about one of our tickets are recorded on it (a bounce as BOUNCE_RECEIVED).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ackMessageId, DIALECTS, FIRST_TICKET, fixture, fixtureAnsweringAck, outboxRows, startWithAcknowledgedReport, ticketByNumber, ticketNumbers, type EmailChannelServer } from './email-channel-server.js';

describe.each(DIALECTS)('automated mail is never answered (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    // Ticket 1000002 is opened and acknowledged: the messages below are answers to that acknowledgement.
    desk = await startWithAcknowledgedReport(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  /** Nothing new: still one ticket, still only the acknowledgement in the outbox, nothing more to send. */
  async function expectNothingOpenedOrAnswered() {
    expect(await ticketNumbers(desk)).toEqual([FIRST_TICKET]);
    expect((await outboxRows(desk)).map((r) => r.dedupe_key)).toHaveLength(1);
    expect(await desk.server.dispatcher.runOnce()).toBe(0);
    expect(desk.outboxFiles()).toEqual([`${await ackMessageId(desk)}.eml`]);
  }

  it('an Outlook out-of-office about an unknown ticket opens nothing and is not answered', async () => {
    expect(await desk.sendSmtp(fixture('outlook-out-of-office'), { from: '' })).toMatch(/^250 /);
    await expectNothingOpenedOrAnswered();
  });

  it('an Outlook out-of-office in reply to our acknowledgement is recorded on the ticket, unanswered', async () => {
    await desk.sendSmtp(await fixtureAnsweringAck(desk, 'outlook-out-of-office-to-ack'), { from: '' });
    await expectNothingOpenedOrAnswered();
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    const oof = ticket?.messages.find((m) => m.subject.startsWith('Automatic reply:'));
    expect(oof?.direction).toBe('IN');
    expect(oof?.automated).toMatch(/^AUTO_REPLY: /);
    expect(ticket?.events.filter((e) => e.type === 'BOUNCE_RECEIVED')).toEqual([]);
  });

  it('an RFC 3464 bounce of our acknowledgement threads onto the ticket as BOUNCE_RECEIVED, unanswered', async () => {
    await desk.sendSmtp(await fixtureAnsweringAck(desk, 'bounce-of-ack'), { from: '' });
    await expectNothingOpenedOrAnswered();
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    const bounce = ticket?.events.filter((e) => e.type === 'BOUNCE_RECEIVED') ?? [];
    expect(bounce).toHaveLength(1);
    expect(bounce[0]?.data).toMatchObject({
      automated: 'BOUNCE',
      deliveryStatus: { originalMessageId: await ackMessageId(desk), action: 'failed', status: '5.1.1', finalRecipient: 'former.employee@acme.example' },
    });
    expect(ticket?.messages.find((m) => m.subject === 'Undelivered Mail Returned to Sender')?.automated).toMatch(/^BOUNCE: /);
  });

  it('a bounce of a message we do not know opens nothing and is not answered', async () => {
    await desk.sendSmtp(fixture('bounce-rfc3464'), { from: '' });
    await expectNothingOpenedOrAnswered();
  });

  it('a mailing-list message from an authorised contact opens nothing and is not answered', async () => {
    await desk.sendSmtp(fixture('mailing-list'), { from: 'noc-announce-bounces+ncc=nocdesk.example@lists.acme.example' });
    await expectNothingOpenedOrAnswered();
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    expect(ticket?.messages.map((m) => m.subject)).not.toContain('[noc-announce] Planned maintenance window 2025-11-22 02:00-04:00 CET');
  });
});
