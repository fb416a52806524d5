// A whole conversation over the real SMTP listener (SPEC §2.6): customer mail → ticket → an engineer's
// reply, sent as a person's threaded mail → the customer's answer to that mail threads back and moves the
// ticket → the resolution mail → an answer after the ticket closed opens a follow-up linked to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime, { type Email } from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DESK_ADDRESS,
  DIALECTS,
  FIRST_TICKET,
  OUTAGE_REPORT_ID,
  plainMail,
  startWithAcknowledgedReport,
  ticketByNumber,
  ticketNumbers,
  type EmailChannelServer,
} from '../support/index.js';

const DAY = 86_400_000;

const WORK = `mutation W($reply: ReplyToTicketInput!) { replyToTicket(input: $reply) { __typename ... on MutationReplyToTicketSuccess { ticket { id status } } } }`;
const RESOLVE = `mutation R($input: ResolveTicketInput!) { resolveTicket(input: $input) { __typename ... on MutationResolveTicketSuccess { ticket { status } } } }`;

describe.each(DIALECTS)('an engineer answers by email, the customer answers back (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    desk = await startWithAcknowledgedReport(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  async function sentMail(prefix: string): Promise<{ file: string; raw: string; mail: Email }> {
    const file = desk.outboxFiles().find((f) => f.startsWith(prefix));
    if (!file) throw new Error(`no ${prefix}… in the outbox: ${desk.outboxFiles().join(', ')}`);
    const raw = readFileSync(join(desk.outboxDir, file), 'latin1');
    return { file, raw, mail: await PostalMime.parse(raw) };
  }

  async function ticketId(): Promise<string> {
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    if (!ticket) throw new Error('no first ticket');
    return ticket.id;
  }

  it('threads both ways, resolves, and a reply after closing follows up on a new ticket', async () => {
    const engineer = desk.credentials.engineerToken;
    const id = await ticketId();

    // 1. The engineer asks the customer something: one human mail, threaded, tagged, no auto-reply markers,
    //    in the ticket's language (the reporter's is Spanish).
    const asked = await desk.gql<{ replyToTicket: { __typename: string; ticket: { status: string } } }>(
      WORK,
      { reply: { ticketId: id, body: 'Could you send a traceroute from the CPE to 8.8.8.8?', status: 'WAITING_CUSTOMER' } },
      engineer,
    );
    expect(asked.data?.replyToTicket).toMatchObject({ __typename: 'MutationReplyToTicketSuccess', ticket: { status: 'WAITING_CUSTOMER' } });
    expect(await desk.server.dispatcher.runOnce()).toBe(1);
    const reply = await sentMail('reply.');
    expect(reply.mail.subject).toBe(`[NCC#${FIRST_TICKET}] Re: Outage: no service at Valencia site - SOF-20417`);
    expect(reply.mail.from?.address).toBe(DESK_ADDRESS);
    expect(reply.mail.to?.[0]?.address).toBe('noc@acme.example');
    expect(reply.mail.inReplyTo).toBe(`<${OUTAGE_REPORT_ID}>`);
    expect(reply.mail.references).toContain(`<${OUTAGE_REPORT_ID}>`);
    expect(reply.raw).not.toMatch(/^Auto-Submitted:/im);
    expect(reply.raw).not.toMatch(/^X-Auto-Response-Suppress:/im);
    expect(reply.mail.text).toContain('Could you send a traceroute');
    expect(reply.mail.text).toContain('Esperamos su respuesta');
    const replyId = (reply.mail.messageId ?? '').replace(/^<|>$/g, '');
    expect(replyId).toMatch(new RegExp(`^reply\\.${FIRST_TICKET}\\.[0-9a-f]+@nocdesk\\.example$`));

    // 2. The customer answers that mail from their client: it threads (In-Reply-To) and the ticket goes back to work.
    desk.advance(10 * 60_000);
    await desk.sendSmtp(
      plainMail({
        from: 'Ana Torres <noc@acme.example>',
        subject: (reply.mail.subject ?? '').replace(/^\[[^\]]+\] /, 'Re: '),
        body: 'Here it is:\n 1  10.0.0.1  1 ms\n 2  * * *\n\nOn Thu, the desk wrote:\n> Could you send a traceroute',
        messageId: 'answer-1@acme.example',
        inReplyTo: replyId,
        references: [OUTAGE_REPORT_ID, replyId],
      }),
      { from: 'noc@acme.example' },
    );
    const answered = await ticketByNumber(desk, FIRST_TICKET);
    expect(answered?.status).toBe('IN_PROGRESS');
    expect(answered?.messages.at(-1)).toMatchObject({ direction: 'IN', from: 'noc@acme.example', messageId: 'answer-1@acme.example' });
    expect(answered?.messages.at(-1)?.body).not.toContain('> Could you send');
    expect(await ticketNumbers(desk)).toEqual([FIRST_TICKET]);

    // 3. Resolved: the resolution goes out as a threaded mail continuing the conversation.
    const resolved = await desk.gql<{ resolveTicket: { ticket: { status: string } } }>(RESOLVE, { input: { ticketId: id, resolution: 'A faulty optic in Madrid was replaced.' } }, engineer);
    expect(resolved.data?.resolveTicket.ticket.status).toBe('RESOLVED');
    expect(await desk.server.dispatcher.runOnce()).toBe(1);
    const resolution = await sentMail('resolution.');
    expect(resolution.mail.subject).toBe(`[NCC#${FIRST_TICKET}] Re: Outage: no service at Valencia site - SOF-20417`);
    expect(resolution.mail.inReplyTo).toBe('<answer-1@acme.example>');
    expect(resolution.mail.text).toContain('A faulty optic in Madrid was replaced.');
    expect(resolution.mail.text).toContain('en un plazo de 7 días');

    // 4. Seven days later the scheduler closes it; a later answer opens a follow-up that says so.
    desk.advance(7 * DAY + 60_000);
    await desk.server.scheduler.runOnce();
    expect((await ticketByNumber(desk, FIRST_TICKET))?.status).toBe('CLOSED');
    const resolutionId = (resolution.mail.messageId ?? '').replace(/^<|>$/g, '');
    await desk.sendSmtp(
      plainMail({ from: 'noc@acme.example', subject: resolution.mail.subject ?? '', body: 'It failed again this morning.', messageId: 'answer-2@acme.example', inReplyTo: resolutionId }),
      { from: 'noc@acme.example' },
    );
    const numbers = await ticketNumbers(desk);
    expect(numbers).toHaveLength(2);
    const followUpNumber = numbers.find((n) => n !== FIRST_TICKET) ?? '';
    const followUp = await desk.gql<{ ticket: { followUpOf: { number: string } | null; status: string } }>('query ($n: String!) { ticket(number: $n) { status followUpOf { number } } }', { n: followUpNumber });
    expect(followUp.data?.ticket).toEqual({ status: 'OPEN', followUpOf: { number: FIRST_TICKET } });
    expect((await ticketByNumber(desk, FIRST_TICKET))?.status).toBe('CLOSED');
    expect(await desk.server.dispatcher.runOnce()).toBe(1);
    const ack = await sentMail(`ack.${followUpNumber}.`);
    expect(ack.mail.text).toContain(`Da continuidad al ticket NCC#${FIRST_TICKET}`);
  });
});
