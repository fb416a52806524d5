// SPEC §3.1 over the real SMTP listener: behind an MTA the operator trusts (NOCDESK_TRUSTED_AUTHSERV_IDS),
// a DMARC failure for a registered contact's address is a forgery: kept for staff as a rejected intake,
// nothing mailed to the real owner, never threaded onto a ticket. A pass is a ticket as before; no verdict
// (or a header from an MTA nobody trusts) is a ticket flagged SENDER_UNVERIFIED.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DIALECTS,
  FIRST_TICKET,
  outboxRows,
  plainMail,
  startEmailChannelServer,
  ticketByNumber,
  ticketNumbers,
  type EmailChannelServer,
} from '../support/index.js';

const TRUSTED = 'mx.isp.example';

function arHeader(authservId: string, dmarc: 'pass' | 'fail' | 'none', domain = 'acme.example'): string {
  return `${authservId}; spf=${dmarc === 'pass' ? 'pass' : 'fail'} smtp.mailfrom=${domain}; dkim=${dmarc === 'pass' ? 'pass' : 'none'} header.d=${domain}; dmarc=${dmarc} header.from=${domain}`;
}

function outage(authenticationResults: readonly string[], extra: { subject?: string; messageId?: string; inReplyTo?: string } = {}): Buffer {
  const lines = plainMail({
    from: 'Sam Patel <ops@acme.example>',
    subject: extra.subject ?? 'Link down in Madrid SOF-10001',
    body: 'No traffic since 09:00.',
    messageId: extra.messageId ?? `m-${Math.random().toString(36).slice(2)}@acme.example`,
    ...(extra.inReplyTo ? { inReplyTo: extra.inReplyTo } : {}),
  }).toString('utf8');
  // A receiving MTA prepends its header: the first one is the nearest hop.
  return Buffer.from(authenticationResults.map((value) => `Authentication-Results: ${value}\r\n`).join('') + lines, 'utf8');
}

const REJECTED = '{ rejectedIntakes(first: 20) { edges { node { reason sender senderAuthentication { result mechanism domain } } } } }';

describe.each(DIALECTS)('a forged From opens or joins nothing (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    desk = await startEmailChannelServer(dialect, { env: { NOCDESK_TRUSTED_AUTHSERV_IDS: `${TRUSTED}, mx2.isp.example` } });
  });
  afterEach(async () => {
    await desk.close();
  });

  async function rejected() {
    const answer = await desk.gql<{ rejectedIntakes: { edges: { node: { reason: string; sender: string; senderAuthentication: unknown } }[] } }>(REJECTED);
    return answer.data?.rejectedIntakes.edges.map((e) => e.node) ?? [];
  }

  it('a trusted dmarc=fail for a registered contact is a rejected intake, and nothing goes to the outbox', async () => {
    expect(await desk.sendSmtp(outage([arHeader(TRUSTED, 'fail')]), { from: 'ops@acme.example' })).toMatch(/^250/);
    expect(await ticketNumbers(desk)).toEqual([]);
    expect(await rejected()).toEqual([
      { reason: 'SENDER_NOT_AUTHENTICATED', sender: 'ops@acme.example', senderAuthentication: { result: 'fail', mechanism: 'dmarc', domain: 'acme.example' } },
    ]);
    // No acknowledgement, and no explanation to the real owner of the address (who did not write).
    expect(await outboxRows(desk)).toEqual([]);
  });

  it('a trusted dmarc=pass is a ticket as always, with the verdict kept on its message', async () => {
    await desk.sendSmtp(outage([arHeader(TRUSTED, 'pass')]), { from: 'ops@acme.example' });
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    expect(ticket?.flags).not.toContain('SENDER_UNVERIFIED');
    const verdict = await desk.gql<{ ticket: { messages: { senderAuthentication: unknown }[] } }>('query ($n: String!) { ticket(number: $n) { messages { senderAuthentication { result mechanism domain } } } }', { n: FIRST_TICKET });
    expect(verdict.data?.ticket.messages[0]?.senderAuthentication).toEqual({ result: 'pass', mechanism: 'dmarc', domain: 'acme.example' });
    expect((await outboxRows(desk)).map((r) => r.recipient)).toEqual(['ops@acme.example']);
    // Partners never see the verdict.
    const partner = await desk.gql<{ ticket: { messages: { senderAuthentication: unknown }[] } }>(
      'query ($n: String!) { ticket(number: $n) { messages { senderAuthentication { result } } } }',
      { n: FIRST_TICKET },
      desk.credentials.partnerKey,
    );
    expect(partner.data?.ticket.messages[0]?.senderAuthentication).toBeNull();
  });

  it('the same dmarc=fail from an authserv-id nobody trusts is ignored: a ticket, flagged SENDER_UNVERIFIED', async () => {
    await desk.sendSmtp(outage([arHeader('mx.attacker.example', 'fail')]), { from: 'ops@acme.example' });
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    expect(ticket?.flags).toContain('SENDER_UNVERIFIED');
    expect(await rejected()).toEqual([]);
  });

  it('only the topmost trusted header counts: a pass written below it (by the sender) changes nothing', async () => {
    await desk.sendSmtp(outage([arHeader(TRUSTED, 'fail'), arHeader(TRUSTED, 'pass')]), { from: 'ops@acme.example' });
    expect((await rejected()).map((r) => r.reason)).toEqual(['SENDER_NOT_AUTHENTICATED']);
    expect(await ticketNumbers(desk)).toEqual([]);
  });

  it('a dmarc=fail reply quoting a valid subject tag does not join the ticket', async () => {
    await desk.sendSmtp(outage([arHeader(TRUSTED, 'pass')], { messageId: 'original@acme.example' }), { from: 'ops@acme.example' });
    const before = await ticketByNumber(desk, FIRST_TICKET);
    await desk.sendSmtp(
      outage([arHeader(TRUSTED, 'fail')], { subject: `Re: [NCC#${FIRST_TICKET}] Received: Link down in Madrid`, messageId: 'forged-reply@attacker.example', inReplyTo: 'original@acme.example' }),
      { from: 'ops@acme.example' },
    );
    const after = await ticketByNumber(desk, FIRST_TICKET);
    expect(after?.messages).toEqual(before?.messages);
    expect(after?.events).toEqual(before?.events);
    expect((await rejected()).map((r) => r.reason)).toEqual(['SENDER_NOT_AUTHENTICATED']);
  });

  it('staff may still accept a rejected forgery after checking with the customer: the history says who and why', async () => {
    await desk.sendSmtp(outage([arHeader(TRUSTED, 'fail')]), { from: 'ops@acme.example' });
    const intakes = await desk.gql<{ rejectedIntakes: { edges: { node: { id: string } }[] }; customers: { edges: { node: { id: string; name: string } }[] } }>(
      '{ rejectedIntakes(first: 5) { edges { node { id } } } customers(first: 10) { edges { node { id name } } } }',
    );
    const intake = intakes.data?.rejectedIntakes.edges[0]?.node.id ?? '';
    const acme = intakes.data?.customers.edges.find((e) => e.node.name === 'Acme Networks')?.node.id ?? '';
    const accepted = await desk.gql<{ acceptRejectedIntake: { ticket?: { number: string; flags: string[]; events: { type: string; actor: string; data: Record<string, unknown> }[] } } }>(
      'mutation ($i: ID!, $c: ID!) { acceptRejectedIntake(input: { rejectedIntakeId: $i, customerId: $c, reason: "Sam confirmed by phone that he sent it" }) { ... on MutationAcceptRejectedIntakeSuccess { ticket { number flags events { type actor data } } } } }',
      { i: intake, c: acme },
    );
    const ticket = accepted.data?.acceptRejectedIntake.ticket;
    // Accepting vouches for the request, not for who wrote it: the flag stays.
    expect(ticket?.flags).toContain('SENDER_UNVERIFIED');
    expect(ticket?.events[0]).toMatchObject({
      type: 'ACCEPTED_FROM_REJECTED_INTAKE',
      actor: 'staff:admin',
      data: expect.objectContaining({ rejectedReason: 'SENDER_NOT_AUTHENTICATED', acceptedBecause: 'Sam confirmed by phone that he sent it' }),
    });
  });
});
