// Security probe, finding "a registered contact quoting another customer's ticket number learned the
// number exists": a Globex contact writing `[NCC#<an Acme ticket>]` was answered "not a contact of the
// customer this ticket belongs to", while an unknown number opened a ticket — ticket numbers are
// sequential, so anyone could map which exist. A thread found only by number, from someone who is no
// contact of that ticket's customer and quotes none of our Message-IDs, is now no thread at all: the
// mail is handled exactly as with an unknown number. Over the real SMTP listener.
import { formatTicketNumber } from '@nocdesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, FIRST_TICKET, fixture, startEmailChannelServer, ticketByNumber, type EmailChannelServer } from '../support/index.js';

/** A valid ticket number (right check digit) that no ticket has. */
const UNKNOWN_TICKET = formatTicketNumber(100_777);

/** Everything the sender and the desk can observe of one message, with ticket numbers and the sender's address made neutral. */
interface Observed {
  readonly smtpReply: string;
  readonly ticket: unknown;
  readonly rejected: unknown;
  readonly mailed: unknown[];
}

describe.each(DIALECTS)('a ticket number in a subject reveals nothing (%s)', (dialect) => {
  let desk: EmailChannelServer;
  let serial = 0;

  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect);
    // Acme's ticket FIRST_TICKET exists and was acknowledged.
    await desk.sendSmtp(fixture('plain-outage-report'));
    expect(await desk.server.dispatcher.runOnce()).toBe(1);
  });
  afterAll(async () => {
    await desk.close();
  });

  /** Sends one mail quoting `number` and records what came of it. */
  async function observe(from: string, number: string): Promise<Observed> {
    const db = desk.server.desk.store.db;
    const lastTicket = (await db.selectFrom('tickets').select(db.fn.max('seq').as('seq')).executeTakeFirst())?.seq ?? 0;
    const lastOutbox = (await db.selectFrom('outbox').select(db.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0;
    const lastIntake = new Set((await db.selectFrom('rejected_intakes').select('id').execute()).map((r) => r.id));
    const raw = Buffer.from(
      [`From: ${from}`, 'To: ncc@nocdesk.example', `Subject: [NCC#${number}] Is this ticket still open?`, `Message-ID: <probe.${++serial}@probe.example>`, 'Content-Type: text/plain', '', 'Please tell me the status.', ''].join('\r\n'),
    );
    const smtpReply = (await desk.sendSmtp(raw, { from })).slice(0, 3);
    await desk.server.dispatcher.runOnce();

    const neutral = (value: unknown) =>
      JSON.parse(
        JSON.stringify(value ?? null)
          .replaceAll(number, '<quoted number>')
          .replaceAll(from, '<sender>')
          .replace(/\b\d{7}\b/g, '<new number>')
          .replace(/"(?:[A-Za-z0-9+/]{20,}=*)"/g, '"<id>"'),
      ) as unknown;
    const created = await db.selectFrom('tickets').select('number').where('seq', '>', Number(lastTicket)).execute();
    const ticket = created[0] ? await ticketByNumber(desk, created[0].number) : null;
    const intakes = await db.selectFrom('rejected_intakes').select(['id', 'reason', 'customer_id', 'explanation', 'subject']).execute();
    const rejected = intakes.filter((r) => !lastIntake.has(r.id)).map(({ reason, customer_id, explanation, subject }) => ({ reason, customer_id, explanation, subject }));
    const outbox = await db.selectFrom('outbox').select(['kind', 'recipient', 'payload']).where('id', '>', Number(lastOutbox)).orderBy('id').execute();
    const mailed = outbox.map((row) => {
      const payload = JSON.parse(row.payload) as { subject: string; text: string };
      return { kind: row.kind, recipient: row.recipient, subject: payload.subject, text: payload.text };
    });
    return {
      smtpReply,
      ticket: neutral(ticket && { subject: ticket.subject, status: ticket.status, flags: ticket.flags, reporter: ticket.reporter, events: ticket.events.map((e) => e.type), messages: ticket.messages.map((m) => ({ direction: m.direction, subject: m.subject, body: m.body })) }),
      rejected: neutral(rejected),
      mailed: neutral(mailed) as unknown[],
    };
  }

  it('answers another customer’s contact quoting an existing ticket exactly as for an unknown number', async () => {
    const existing = await observe('noc@globex.example', FIRST_TICKET);
    const unknown = await observe('noc@globex.example', UNKNOWN_TICKET);
    expect(existing).toEqual(unknown);
    // What that is: a new ticket of the sender's own customer, acknowledged to the sender.
    expect(existing.ticket).toMatchObject({ status: 'OPEN', reporter: { email: '<sender>' } });
    expect(existing.mailed).toEqual([expect.objectContaining({ kind: 'ACKNOWLEDGEMENT', recipient: '<sender>' })]);
    // And nothing reached the Acme ticket.
    const acme = await ticketByNumber(desk, FIRST_TICKET);
    expect(acme?.messages.filter((m) => m.direction === 'IN')).toHaveLength(1);
  });

  it('answers a stranger quoting an existing ticket exactly as for an unknown number', async () => {
    const existing = await observe('someone@stranger-one.example', FIRST_TICKET);
    const unknown = await observe('someone@stranger-two.example', UNKNOWN_TICKET);
    expect(existing).toEqual(unknown);
    expect(existing.ticket).toBeNull();
    expect(existing.rejected).toEqual([expect.objectContaining({ reason: 'UNKNOWN_SENDER', customer_id: null })]);
    expect(existing.mailed).toEqual([expect.objectContaining({ kind: 'EXPLANATION', recipient: '<sender>' })]);
  });

  it('still threads the ticket’s own customer’s mail by number alone', async () => {
    const before = (await ticketByNumber(desk, FIRST_TICKET))?.messages.length ?? 0;
    await desk.sendSmtp(
      Buffer.from(['From: ops@acme.example', 'To: ncc@nocdesk.example', `Subject: [NCC#${FIRST_TICKET}] More details`, 'Message-ID: <more.1@acme.example>', 'Content-Type: text/plain', '', 'Traceroute attached.', ''].join('\r\n')),
      { from: 'ops@acme.example' },
    );
    expect((await ticketByNumber(desk, FIRST_TICKET))?.messages.length).toBe(before + 1);
  });
});
