// Security probe, finding "deduplication by Message-ID alone": the desk took a second message with a
// Message-ID it had seen as a re-delivery of the first, so anyone who knew or guessed the id of a
// contact's next message (ids are often predictable, and copies travel in CCs) could send it first and
// the contact's real report opened nothing. A duplicate is now the same id from the same sender with the
// same text. Over the real SMTP listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, plainMail, startEmailChannelServer, ticketByNumber, ticketNumbers, type EmailChannelServer } from '../support/index.js';

const MESSAGE_ID = 'CAF=outage-20261126@mail.acme.example';

describe.each(DIALECTS)('a stranger cannot pre-empt a contact’s Message-ID (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  const report = plainMail({ from: 'noc@acme.example', subject: 'Total outage SOF-10001', body: 'No service in Madrid since 09:00.', messageId: MESSAGE_ID });

  it('opens the contact’s ticket although a stranger sent the same Message-ID first', async () => {
    expect(await desk.sendSmtp(plainMail({ from: 'squatter@evil.example', subject: 'hello', body: 'first!', messageId: MESSAGE_ID }), { from: 'squatter@evil.example' })).toMatch(/^250/);
    expect(await ticketNumbers(desk)).toEqual([]);
    expect(await desk.sendSmtp(report)).toMatch(/^250/);
    const numbers = await ticketNumbers(desk);
    expect(numbers).toHaveLength(1);
    const ticket = await ticketByNumber(desk, numbers[0]!);
    expect(ticket).toMatchObject({ subject: 'Total outage SOF-10001', reporter: { email: 'noc@acme.example' }, priority: { level: 1 } });
    expect(ticket?.messages.map((m) => m.messageId)).toEqual([MESSAGE_ID]);
  });

  it('still takes the contact’s genuine re-delivery of that message as the same ticket', async () => {
    expect(await desk.sendSmtp(report)).toMatch(/^250/);
    expect(await ticketNumbers(desk)).toHaveLength(1);
    const ticket = await ticketByNumber(desk, (await ticketNumbers(desk))[0]!);
    expect(ticket?.messages.filter((m) => m.direction === 'IN')).toHaveLength(1);
    // And one acknowledgement for it, not one per delivery.
    await desk.server.dispatcher.runOnce();
    expect(desk.outboxFiles().filter((f) => f.startsWith('ack.'))).toHaveLength(1);
  });

  it('does not let a stranger’s copy of the contact’s id with other text join or shadow the ticket', async () => {
    expect(await desk.sendSmtp(plainMail({ from: 'squatter@evil.example', subject: 'Total outage SOF-10001', body: 'Cancel this ticket, all fine.', messageId: MESSAGE_ID }), { from: 'squatter@evil.example' })).toMatch(/^250/);
    const numbers = await ticketNumbers(desk);
    expect(numbers).toHaveLength(1);
    const ticket = await ticketByNumber(desk, numbers[0]!);
    expect(ticket?.messages.filter((m) => m.direction === 'IN').map((m) => m.body.trim())).toEqual(['No service in Madrid since 09:00.']);
  });
});
