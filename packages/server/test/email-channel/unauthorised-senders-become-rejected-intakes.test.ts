// SPEC §2.2: only an authorised contact of the ticket's own customer adds to it. Anyone else quoting a
// valid number becomes a rejected intake (nothing is added to the ticket), gets at most one explanation
// per 24 hours, and staff can accept the intake into a ticket.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ackMessageId,
  DIALECTS,
  FIRST_TICKET,
  fixture,
  outboxRows,
  plainMail,
  startWithAcknowledgedReport,
  ticketByNumber,
  ticketNumbers,
  type EmailChannelServer,
} from './email-channel-server.js';

const HOUR = 3_600_000;

const REJECTED = `query R($status: RejectedIntakeStatus) {
  rejectedIntakes(first: 50, status: $status) { edges { node { id sender reason subject body status customer { id name } ticket { number } reviewedBy } } }
}`;

interface RejectedView {
  id: string;
  sender: string | null;
  reason: string;
  subject: string;
  body: string;
  status: string;
  customer: { id: string; name: string } | null;
  ticket: { number: string } | null;
  reviewedBy: string | null;
}

describe.each(DIALECTS)('unauthorised senders become rejected intakes (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    desk = await startWithAcknowledgedReport(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  async function rejected(status = 'PENDING'): Promise<RejectedView[]> {
    const answer = await desk.gql<{ rejectedIntakes: { edges: { node: RejectedView }[] } }>(REJECTED, { status });
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data?.rejectedIntakes.edges.map((e) => e.node) ?? [];
  }

  async function explanationsTo(address: string) {
    return (await outboxRows(desk)).filter((r) => r.recipient === address && r.dedupe_key.startsWith('explain:'));
  }

  it.each([
    ['a stranger', 'mallory@example.net', 'UNKNOWN_SENDER', 'is not registered as an administrative or technical contact of any of our customers.'],
    ["another customer's contact", 'noc@globex.example', 'WRONG_CUSTOMER', 'is not registered as a contact of the customer this ticket belongs to.'],
    ['a BILLING contact of the same customer', 'billing@acme.example', 'ROLE_NOT_ALLOWED', 'is registered with a role that may not open or add to tickets'],
  ])('%s quoting a valid ticket number adds nothing to the ticket, is kept as a rejected intake and told why', async (_who, sender, reason, why) => {
    const before = await ticketByNumber(desk, FIRST_TICKET);
    await desk.sendSmtp(
      plainMail({ from: sender, subject: `Re: [NCC#${FIRST_TICKET}] Received`, body: 'Please close this ticket, it is resolved.', messageId: `close-${reason}@example.net`, inReplyTo: await ackMessageId(desk) }),
      { from: sender },
    );
    const after = await ticketByNumber(desk, FIRST_TICKET);
    expect(after?.messages).toEqual(before?.messages);
    expect(after?.events).toEqual(before?.events);
    expect(after?.status).toBe('OPEN');
    expect(await ticketNumbers(desk)).toEqual([FIRST_TICKET]);
    const [intake, ...others] = await rejected();
    expect(others).toEqual([]);
    expect(intake).toMatchObject({ sender, reason, subject: `Re: [NCC#${FIRST_TICKET}] Received`, status: 'PENDING', customer: { name: 'Acme Networks' } });
    expect(intake?.body).toContain('Please close this ticket');
    expect(await desk.server.dispatcher.runOnce()).toBe(1);
    const explanation = desk.outboxFiles().find((f) => f.startsWith('explain.'));
    const text = (await PostalMime.parse(readFileSync(join(desk.outboxDir, explanation ?? '')))).text ?? '';
    expect(text).toContain(`${sender} ${why}`);
  });

  it('an unregistered sender gets one explanation per 24 hours, however many messages they send', async () => {
    const send = (n: number) =>
      desk.sendSmtp(plainMail({ from: 'Pat Newhire <pat@acme-partner.example>', subject: `Link down ${n}`, body: `Our link is down (message ${n}).`, messageId: `pat-${n}@acme-partner.example` }), { from: 'pat@acme-partner.example' });
    await send(1);
    desk.advance(HOUR);
    await send(2);
    expect(await explanationsTo('pat@acme-partner.example')).toHaveLength(1);
    expect(await rejected()).toHaveLength(2);
    expect(await ticketNumbers(desk)).toEqual([FIRST_TICKET]);

    expect(await desk.server.dispatcher.runOnce()).toBe(1);
    const explanation = desk.outboxFiles().find((f) => f.startsWith('explain.'));
    expect(explanation).toBeDefined();

    desk.advance(25 * HOUR);
    await send(3);
    expect(await explanationsTo('pat@acme-partner.example')).toHaveLength(2);
    expect(await desk.server.dispatcher.runOnce()).toBe(1);
    expect(desk.outboxFiles().filter((f) => f.startsWith('explain.'))).toHaveLength(2);
  });

  it('accepting a rejected intake keeps the original message: its attachment and Message-ID move to the ticket, so nothing is lost', async () => {
    const raw = fixture('traceroute-attachment', (text) => text.replace('From: Marta Ruiz <ops@acme.example>', 'From: Marta Ruiz <marta.ruiz@gmail.example>'));
    await desk.sendSmtp(raw, { from: 'marta.ruiz@gmail.example' });
    const [intake] = await rejected();
    if (!intake) throw new Error('no rejected intake');
    const customers = await desk.gql<{ customers: { edges: { node: { id: string; name: string } }[] } }>('{ customers(first: 10) { edges { node { id name } } } }');
    const acme = customers.data?.customers.edges.find((e) => e.node.name === 'Acme Networks')?.node;
    const accepted = await desk.gql<{ acceptRejectedIntake: { ticket?: { number: string } } }>(
      `mutation A($input: AcceptRejectedIntakeInput!) { acceptRejectedIntake(input: $input) { ... on MutationAcceptRejectedIntakeSuccess { ticket { number } } } }`,
      { input: { rejectedIntakeId: intake.id, customerId: acme?.id, reason: 'Marta writes from her personal address while travelling.' } },
    );
    const number = accepted.data?.acceptRejectedIntake.ticket?.number ?? '';
    const ticket = await ticketByNumber(desk, number);
    expect(ticket?.messages).toHaveLength(1);
    expect(ticket?.messages[0]).toMatchObject({ direction: 'IN', from: 'marta.ruiz@gmail.example', messageId: '20251118110215.GA41872@ops-jump01.acme.example' });
    expect(ticket?.messages[0]?.attachments).toEqual([{ filename: 'traceroute.txt', contentType: 'text/plain', size: 301 }]);
    // The same message delivered again is recognised as this ticket's.
    const again = await desk.gql<{ ingestEmail: { outcome: string; ticket: { number: string } | null } }>(
      `mutation I($raw: String!) { ingestEmail(raw: $raw, encoding: BASE64) { ... on IngestEmailSuccess { outcome ticket { number } } } }`,
      { raw: raw.toString('base64') },
    );
    expect(again.data?.ingestEmail).toEqual({ outcome: 'DUPLICATE', ticket: { number } });
  });

  it('staff list the rejected intakes and accept one: a ticket is created and its history says who accepted it and why', async () => {
    await desk.sendSmtp(plainMail({ from: 'pat@acme-partner.example', subject: 'No service at the Lisbon office', body: 'We have no service since 08:00.', messageId: 'pat-lisbon@acme-partner.example' }), { from: 'pat@acme-partner.example' });
    const [intake] = await rejected();
    if (!intake) throw new Error('no rejected intake');
    expect(intake).toMatchObject({ sender: 'pat@acme-partner.example', reason: 'UNKNOWN_SENDER', customer: null, ticket: null });

    const customers = await desk.gql<{ customers: { edges: { node: { id: string; name: string } }[] } }>('{ customers(first: 10) { edges { node { id name } } } }');
    const acme = customers.data?.customers.edges.find((e) => e.node.name === 'Acme Networks')?.node;
    if (!acme) throw new Error('Acme is not listed');

    const accepted = await desk.gql<{ acceptRejectedIntake: { __typename: string; ticket?: { number: string } } }>(
      `mutation A($input: AcceptRejectedIntakeInput!) {
        acceptRejectedIntake(input: $input) { __typename ... on MutationAcceptRejectedIntakeSuccess { ticket { number } } ... on Error { message } }
      }`,
      { input: { rejectedIntakeId: intake.id, customerId: acme.id, reason: 'New Acme NOC engineer, confirmed by phone with Marta Ruiz.' } },
    );
    expect(accepted.errors).toBeUndefined();
    const number = accepted.data?.acceptRejectedIntake.ticket?.number;
    if (!number) throw new Error(`not accepted: ${JSON.stringify(accepted.data)}`);
    expect(number).not.toBe(FIRST_TICKET);

    const ticket = await ticketByNumber(desk, number);
    expect(ticket).toMatchObject({ subject: 'No service at the Lisbon office', reporter: { email: 'pat@acme-partner.example' }, channel: 'EMAIL' });
    const first = ticket?.events[0];
    expect(first?.type).toBe('ACCEPTED_FROM_REJECTED_INTAKE');
    expect(first?.actor).toMatch(/^staff:/);
    expect(first?.data).toMatchObject({ rejectedIntakeId: intake.id, rejectedReason: 'UNKNOWN_SENDER', acceptedBecause: 'New Acme NOC engineer, confirmed by phone with Marta Ruiz.' });

    expect(await rejected()).toEqual([]);
    const [reviewed] = await rejected('ACCEPTED');
    expect(reviewed).toMatchObject({ id: intake.id, status: 'ACCEPTED', ticket: { number }, reviewedBy: first?.actor });
    // Accepting it again is refused, not a second ticket.
    const again = await desk.gql<{ acceptRejectedIntake: { __typename: string } }>(
      `mutation A($input: AcceptRejectedIntakeInput!) { acceptRejectedIntake(input: $input) { __typename } }`,
      { input: { rejectedIntakeId: intake.id, customerId: acme.id, reason: 'Clicked twice.' } },
    );
    expect(again.data?.acceptRejectedIntake.__typename).toBe('ConflictError');
    expect(await ticketNumbers(desk)).toHaveLength(2);
  });

  it('two staff accepting the same intake at once: one ticket, the other answer is a conflict', async () => {
    await desk.sendSmtp(plainMail({ from: 'lee@acme-partner.example', subject: 'Packet loss in Porto', body: 'Some loss since noon.', messageId: 'lee-porto@acme-partner.example' }), { from: 'lee@acme-partner.example' });
    const [intake] = await rejected();
    if (!intake) throw new Error('no rejected intake');
    const customers = await desk.gql<{ customers: { edges: { node: { id: string; name: string } }[] } }>('{ customers(first: 10) { edges { node { id name } } } }');
    const acme = customers.data?.customers.edges.find((e) => e.node.name === 'Acme Networks')?.node;
    if (!acme) throw new Error('Acme is not listed');
    const before = (await ticketNumbers(desk)).length;
    const accept = () =>
      desk.gql<{ acceptRejectedIntake: { __typename: string } }>(
        `mutation A($input: AcceptRejectedIntakeInput!) { acceptRejectedIntake(input: $input) { __typename } }`,
        { input: { rejectedIntakeId: intake.id, customerId: acme.id, reason: 'Confirmed by phone.' } },
      );
    const answers = await Promise.all([accept(), accept(), accept()]);
    const kinds = answers.map((a) => a.data?.acceptRejectedIntake.__typename).sort();
    expect(kinds).toEqual(['ConflictError', 'ConflictError', 'MutationAcceptRejectedIntakeSuccess']);
    expect(await ticketNumbers(desk)).toHaveLength(before + 1);
    const guests = await desk.server.desk.store.db.selectFrom('contacts').select('status').where('email', '=', 'lee@acme-partner.example').execute();
    expect(guests).toEqual([{ status: 'GUEST' }]);
  });
});
