// SPEC §3: the same message delivered twice makes one ticket: by Message-ID, and for mail without one, by
// the same sender and text within minutes. Over SMTP, through the mailgate's GraphQL path, and both.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, fixture, outboxRows, startEmailChannelServer, ticketByNumber, ticketNumbers, type EmailChannelServer } from './email-channel-server.js';

const MINUTE = 60_000;

describe.each(DIALECTS)('duplicate email delivery (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  async function ingestByGraphQL(raw: Buffer) {
    const answer = await desk.gql<{ ingestEmail: { __typename: string; outcome?: string; ticket?: { number: string } | null } }>(
      `mutation I($raw: String!) { ingestEmail(raw: $raw, encoding: BASE64) { __typename ... on IngestEmailSuccess { outcome ticket { number } } } }`,
      { raw: raw.toString('base64') },
    );
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data?.ingestEmail;
  }

  it('the same Message-ID delivered twice over SMTP makes one ticket and one acknowledgement', async () => {
    expect(await desk.sendSmtp(fixture('plain-outage-report'))).toMatch(/^250 /);
    desk.advance(5 * MINUTE);
    // The sending MTA did not see our 250 (a dropped connection) and delivers again: it must get 250 again.
    expect(await desk.sendSmtp(fixture('plain-outage-report'))).toMatch(/^250 /);
    const numbers = await ticketNumbers(desk);
    expect(numbers).toHaveLength(1);
    expect((await ticketByNumber(desk, numbers[0] ?? ''))?.messages).toHaveLength(1);
    expect(await outboxRows(desk)).toHaveLength(1);
  });

  it('the same Message-ID over SMTP and again through ingestEmail (the mailgate) is one ticket, and the second answer says DUPLICATE', async () => {
    await desk.sendSmtp(fixture('spanish-iso-8859-1-qp'));
    const again = await ingestByGraphQL(fixture('spanish-iso-8859-1-qp'));
    const numbers = await ticketNumbers(desk);
    expect(numbers).toHaveLength(1);
    expect(again).toEqual({ __typename: 'IngestEmailSuccess', outcome: 'DUPLICATE', ticket: { number: numbers[0] } });
  });

  it('the same Message-ID arriving on two SMTP connections at once makes one ticket, and both senders get 250', async () => {
    const replies = await Promise.all([desk.sendSmtp(fixture('traceroute-attachment'), { from: 'ops@acme.example' }), desk.sendSmtp(fixture('traceroute-attachment'), { from: 'ops@acme.example' })]);
    expect(replies.every((reply) => reply.startsWith('250 '))).toBe(true);
    const numbers = await ticketNumbers(desk);
    expect(numbers).toHaveLength(1);
    expect((await ticketByNumber(desk, numbers[0] ?? ''))?.messages[0]?.attachments).toHaveLength(1);
    expect(await outboxRows(desk)).toHaveLength(1);
  });

  it('without a Message-ID, the same sender and text within minutes is one ticket', async () => {
    await desk.sendSmtp(fixture('outage-report-without-message-id'));
    desk.advance(3 * MINUTE);
    await desk.sendSmtp(fixture('outage-report-without-message-id'));
    expect(await ticketNumbers(desk)).toHaveLength(1);
    expect(await outboxRows(desk)).toHaveLength(1);
  });

  it('without a Message-ID, the same text a day later is a new report, not a duplicate', async () => {
    await desk.sendSmtp(fixture('outage-report-without-message-id'));
    desk.advance(24 * 60 * MINUTE);
    await desk.sendSmtp(fixture('outage-report-without-message-id'));
    expect(await ticketNumbers(desk)).toHaveLength(2);
  });

  it('a duplicate of a rejected intake is not kept twice and does not explain twice', async () => {
    const raw = fixture('plain-outage-report', (text) => text.replace('From: Ana Torres <noc@acme.example>', 'From: Ana Torres <ana.torres@gmail.example>'));
    await desk.sendSmtp(raw, { from: 'ana.torres@gmail.example' });
    desk.advance(25 * 60 * MINUTE);
    await desk.sendSmtp(raw, { from: 'ana.torres@gmail.example' });
    const rejected = await desk.gql<{ rejectedIntakes: { edges: unknown[] } }>('{ rejectedIntakes(first: 10) { edges { node { id } } } }');
    expect(rejected.data?.rejectedIntakes.edges).toHaveLength(1);
    expect(await outboxRows(desk)).toHaveLength(1);
  });
});
