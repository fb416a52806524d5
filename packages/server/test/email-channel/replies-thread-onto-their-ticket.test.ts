// SPEC §2.5 step 5: replies thread onto their ticket by the subject tag (valid check digit), In-Reply-To or
// References, and never open a second ticket; a tag with a wrong check digit threads nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  FIRST_TICKET,
  OUTAGE_REPORT_ID,
  fixtureAnsweringAck,
  outboxRows,
  plainMail,
  startWithAcknowledgedReport,
  ticketByNumber,
  ticketNumbers,
  type EmailChannelServer,
} from './email-channel-server.js';

describe.each(DIALECTS)('replies thread onto their ticket (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    desk = await startWithAcknowledgedReport(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  async function inboundBodies(number = FIRST_TICKET) {
    return (await ticketByNumber(desk, number))?.messages.filter((m) => m.direction === 'IN').map((m) => m.body) ?? [];
  }

  it('a Gmail reply (In-Reply-To and References name our acknowledgement) is added to the ticket, never a second ticket, never acknowledged', async () => {
    expect(await desk.sendSmtp(await fixtureAnsweringAck(desk, 'gmail-reply-to-ack'))).toMatch(/^250 /);
    expect(await ticketNumbers(desk)).toEqual([FIRST_TICKET]);
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    const reply = ticket?.messages.at(-1);
    expect(reply).toMatchObject({ direction: 'IN', from: 'noc@acme.example', messageId: 'CAF7ZtLs3pW8x-Jk2dV1fQ6nA4yV9zU2cS7tK3eH8bM1rO5gX0B@mail.gmail.com' });
    // The quoted acknowledgement is not stored again as the customer's words.
    expect(reply?.body).toContain('The link is back up since 10:40.');
    expect(reply?.body).not.toContain('> Hello');
    expect(ticket?.events.filter((e) => e.type === 'MESSAGE_ADDED').map((e) => e.actor)).toEqual(['email:noc@acme.example']);
    expect(await outboxRows(desk)).toHaveLength(1);
    expect(await desk.server.dispatcher.runOnce()).toBe(0);
  });

  it('References alone (the subject lost its tag) thread the reply', async () => {
    const raw = await fixtureAnsweringAck(desk, 'gmail-reply-to-ack', FIRST_TICKET, (text) =>
      text.replace(/^Subject: .*$/m, 'Subject: Re: Valencia site').replace(/^In-Reply-To: .*\n/m, ''),
    );
    await desk.sendSmtp(raw);
    expect(await ticketNumbers(desk)).toEqual([FIRST_TICKET]);
    expect(await inboundBodies()).toHaveLength(2);
  });

  it("In-Reply-To naming the customer's own first message threads a follow-up sent before the acknowledgement was read", async () => {
    await desk.sendSmtp(plainMail({ from: 'Ana Torres <noc@acme.example>', subject: 'Re: Outage: no service at Valencia site', body: 'Site power checked, still down.', messageId: 'follow-up-1@acme.example', inReplyTo: OUTAGE_REPORT_ID }));
    expect(await ticketNumbers(desk)).toEqual([FIRST_TICKET]);
    expect((await inboundBodies()).at(-1)).toContain('Site power checked, still down.');
  });

  it('the subject tag [NCC#<number>] with a valid check digit threads a message that has no other link, from another contact of the customer', async () => {
    await desk.sendSmtp(plainMail({ from: 'ops@acme.example', subject: `[NCC#${FIRST_TICKET}] traceroute from Madrid`, body: 'Loss starts at hop 4.', messageId: 'tagged-1@acme.example' }), { from: 'ops@acme.example' });
    expect(await ticketNumbers(desk)).toEqual([FIRST_TICKET]);
    expect((await inboundBodies()).at(-1)).toContain('Loss starts at hop 4.');
  });

  it('a tag with a wrong check digit does not thread: the message opens its own ticket and the first one is untouched', async () => {
    const wrong = `${FIRST_TICKET.slice(0, -1)}3`;
    await desk.sendSmtp(plainMail({ from: 'ops@acme.example', subject: `[NCC#${wrong}] more details`, body: 'Details for the Valencia outage.', messageId: 'typo-1@acme.example' }), { from: 'ops@acme.example' });
    const numbers = await ticketNumbers(desk);
    expect(numbers).toHaveLength(2);
    expect(numbers).not.toContain(wrong);
    expect(await inboundBodies()).toHaveLength(1);
  });
});
