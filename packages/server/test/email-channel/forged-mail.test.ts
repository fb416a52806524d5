// Mail that pretends: an "automatic" message from a stranger quoting a ticket number is not shown on
// that ticket, and the explanation for unregistered senders never goes to a list of third parties or
// to a From that the return path contradicts (backscatter).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ackMessageId, DIALECTS, FIRST_TICKET, OUTAGE_REPORT_ID, outboxRows, plainMail, startWithAcknowledgedReport, ticketByNumber, type EmailChannelServer } from './email-channel-server.js';

describe.each(DIALECTS)('forged mail (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    desk = await startWithAcknowledgedReport(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  const explanations = async () => (await outboxRows(desk)).filter((r) => r.dedupe_key.startsWith('explain:'));

  it('an auto-reply from a stranger quoting the ticket number is kept apart, not added to the ticket', async () => {
    const forged = plainMail({ from: 'attacker@evil.example', subject: `Re: [NCC#${FIRST_TICKET}] Received`, body: 'Please wire the payment to account 123.', messageId: 'forged-1@evil.example', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(await desk.sendSmtp(forged, { from: 'attacker@evil.example' })).toMatch(/^250 /);
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    expect(ticket?.messages.map((m) => m.body).join('\n')).not.toContain('wire the payment');
    const kept = await desk.server.desk.store.db.selectFrom('messages').select(['ticket_id', 'automated']).where('message_id', '=', 'forged-1@evil.example').executeTakeFirstOrThrow();
    expect(kept.ticket_id).toBeNull();
    expect(kept.automated).toMatch(/^AUTO_REPLY/);
  });

  it('an auto-reply quoting the Message-ID of our acknowledgement is recorded on the ticket, whoever sends it', async () => {
    const reply = plainMail({ from: 'vacation@relay.acme-mail.example', subject: 'Out of office', body: 'I am away until Monday.', messageId: 'oof-2@relay.acme-mail.example', inReplyTo: await ackMessageId(desk), headers: { 'Auto-Submitted': 'auto-replied' } });
    await desk.sendSmtp(reply, { from: 'vacation@relay.acme-mail.example' });
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    expect(ticket?.messages.some((m) => m.body.includes('away until Monday'))).toBe(true);
  });

  it('an auto-reply quoting our acknowledgement among later messages of the thread is still recorded on the ticket', async () => {
    const ack = await ackMessageId(desk);
    await desk.sendSmtp(plainMail({ from: 'noc@acme.example', subject: `Re: [NCC#${FIRST_TICKET}] Received`, body: 'Still down.', messageId: 'still-down@acme.example', inReplyTo: ack }), { from: 'noc@acme.example' });
    const oof = plainMail({
      from: 'colleague@acme-holding.example',
      subject: 'Automatic reply: Still down',
      body: 'Out of the office this week.',
      messageId: 'oof-3@acme-holding.example',
      inReplyTo: 'still-down@acme.example',
      references: [OUTAGE_REPORT_ID, ack, 'still-down@acme.example'],
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await desk.sendSmtp(oof, { from: 'colleague@acme-holding.example' });
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    expect(ticket?.messages.some((m) => m.body.includes('Out of the office this week'))).toBe(true);
  });

  it('a From naming several mailboxes gets no explanation (and the message is still kept for review)', async () => {
    const spam = plainMail({ from: 'Victims <v1@one.example, v2@two.example, v3@three.example>', subject: 'BUY CHEAP', body: 'Spam.', messageId: 'spam-1@spam.example' });
    await desk.sendSmtp(spam, { from: 'v1@one.example' });
    expect(await explanations()).toEqual([]);
    const rejected = await desk.server.desk.store.db.selectFrom('rejected_intakes').select('subject').execute();
    expect(rejected.map((r) => r.subject)).toContain('BUY CHEAP');
  });

  it('a From that the return path contradicts gets no explanation; a matching one gets one', async () => {
    await desk.sendSmtp(plainMail({ from: 'innocent@bystander.example', subject: 'Hello', body: 'Forged sender.', messageId: 'forged-2@spam.example' }), { from: 'bulk@spammer.example' });
    expect(await explanations()).toEqual([]);
    await desk.sendSmtp(plainMail({ from: 'Pat <pat@newcustomer.example>', subject: 'Our link is down', body: 'Please help.', messageId: 'pat-1@newcustomer.example' }), { from: 'Pat@NewCustomer.example' });
    expect((await explanations()).map((r) => r.recipient)).toEqual(['pat@newcustomer.example']);
  });
});
