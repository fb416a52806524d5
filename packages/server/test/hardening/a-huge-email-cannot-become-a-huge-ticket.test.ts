// Security probe, finding "no size caps on the email path" (first half): a 24 MB mail body became a
// 24 MB ticket description, stored twice (description and message) and sent whole in every answer that
// asked for it. The desk now keeps 300 characters of subject and 100,000 of text inline and attaches
// the whole original as original-message.eml, so nothing is lost. Over the real SMTP listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STORED_BODY, MAX_STORED_SUBJECT } from '../../src/channels/email/inbound/ingest-email.js';
import { DIALECTS, startEmailChannelServer, ticketByNumber, ticketNumbers, type EmailChannelServer } from '../support/index.js';

/** About 20 MB of router log, one line per second, as a pasted `show log` would be. */
function hugeMail(): Buffer {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < 20_500_000; i++) {
    lines.push(`Nov 26 09:${String(i % 60).padStart(2, '0')} edge-1 %LINK-3-UPDOWN: Interface xe-0/0/${i % 48}, changed state to down`);
    size += lines[lines.length - 1]!.length + 2;
  }
  const subject = `Link flapping ${'and flapping '.repeat(100)}`;
  return Buffer.from(
    [
      'From: Sam Patel <ops@acme.example>',
      'To: ncc@nocdesk.example',
      `Subject: ${subject}`,
      'Message-ID: <huge.1@acme.example>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      ...lines,
      '',
    ].join('\r\n'),
  );
}

describe.each(DIALECTS)('a huge email cannot become a huge ticket (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('opens a ticket from a 20 MB mail with a capped subject and description, the whole original attached', async () => {
    const raw = hugeMail();
    expect(raw.byteLength).toBeGreaterThan(20_000_000);
    expect(await desk.sendSmtp(raw, { from: 'ops@acme.example' })).toMatch(/^250/);
    const [number] = await ticketNumbers(desk);
    const answer = await desk.gql<{ ticket: { subject: string; description: string; messages: { body: string; attachments: { filename: string; contentType: string; size: number }[] }[] } }>(
      'query ($n: String!) { ticket(number: $n) { subject description messages { body attachments { filename contentType size } } } }',
      { n: number },
      desk.credentials.partnerKey,
    );
    expect(answer.errors).toBeUndefined();
    const ticket = answer.data!.ticket;
    expect(ticket.subject.length).toBeLessThanOrEqual(MAX_STORED_SUBJECT);
    expect(ticket.subject).toMatch(/^Link flapping and flapping .*…$/);
    expect(ticket.description.length).toBeLessThan(MAX_STORED_BODY + 100);
    expect(ticket.description).toMatch(/^Nov 26 09:00 edge-1 %LINK-3-UPDOWN/);
    expect(ticket.description).toMatch(/the whole message is attached as original-message\.eml\)$/);
    expect(ticket.messages).toHaveLength(1);
    expect(ticket.messages[0]!.body.length).toBeLessThan(MAX_STORED_BODY + 100);
    expect(ticket.messages[0]!.attachments).toEqual([{ filename: 'original-message.eml', contentType: 'message/rfc822', size: raw.byteLength }]);

    // Nothing lost: the attachment is the message as received, byte for byte.
    const stored = await desk.server.desk.store.db
      .selectFrom('attachments')
      .innerJoin('messages', 'messages.id', 'attachments.message_id')
      .select('attachments.content')
      .where('messages.message_id', '=', 'huge.1@acme.example')
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.content).equals(raw)).toBe(true);

    // The acknowledgement quotes the capped subject, not 1,300 characters of it.
    expect(await desk.server.dispatcher.runOnce()).toBe(1);
    const ack = await ticketByNumber(desk, number!);
    expect(ack?.acknowledgedAt).not.toBeNull();
  });

  it('keeps a mail within the limit whole, without an extra attachment', async () => {
    const text = 'x'.repeat(MAX_STORED_BODY - 10);
    const raw = Buffer.from(['From: ops@acme.example', 'To: ncc@nocdesk.example', 'Subject: Exactly at the limit', 'Message-ID: <limit.1@acme.example>', 'Content-Type: text/plain', '', text, ''].join('\r\n'));
    expect(await desk.sendSmtp(raw, { from: 'ops@acme.example' })).toMatch(/^250/);
    const [number] = await ticketNumbers(desk);
    const ticket = await ticketByNumber(desk, number!);
    expect(ticket?.messages[0]?.body.trimEnd()).toBe(text);
    expect(ticket?.messages[0]?.attachments).toEqual([]);
  });
});
