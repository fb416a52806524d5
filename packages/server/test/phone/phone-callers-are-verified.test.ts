// The phone channel (SPEC §2.2, §2.5): "el cliente debe poder identificarse y proporcionar el número de
// formulario de pedido de servicio (SOF) antes de que se brinde soporte". No ticket until both checks
// pass, the refusal names the failed one, every attempt is kept, and an accepted call is a ticket like
// any other, acknowledged at the caller's registered address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/index.js';
import { outboxOf, phoneCalls, takeCall } from './phone-operations.js';

describe.each(DIALECTS)('phone callers are verified before support is given (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('a caller with another customer’s SOF is refused on the SOF check, and the attempt is recorded', async () => {
    const answer = await takeCall(desk, { callerEmail: 'noc@acme.example', sof: 'SOF-20001' });
    expect(answer).toMatchObject({ __typename: 'PhoneCallerNotVerifiedError', code: 'PHONE_CALLER_NOT_VERIFIED', failed: 'SOF', reason: 'SOF_FOREIGN' });
    const calls = await phoneCalls(desk, { outcome: 'REFUSED' });
    expect(calls.data?.phoneCalls.edges.map((e) => e.node)).toContainEqual(
      expect.objectContaining({ id: answer.phoneCallId, agent: 'staff:demo-engineer', callerEmail: 'noc@acme.example', sof: 'SOF-20001', outcome: 'REFUSED', failed: 'SOF', reason: 'SOF_FOREIGN', ticket: null }),
    );
  });

  it('a BILLING contact is refused on the contact check: that role may not open tickets', async () => {
    const answer = await takeCall(desk, { callerEmail: 'billing@acme.example', sof: 'SOF-10001' });
    expect(answer).toMatchObject({ __typename: 'PhoneCallerNotVerifiedError', failed: 'CONTACT', reason: 'ROLE_NOT_ALLOWED' });
  });

  it.each([
    ['an unknown number', { callerPhone: '+34 699 000 000', sof: 'SOF-10001' }, 'CONTACT', 'UNKNOWN_SENDER'],
    ['no SOF at all', { callerPhone: '+34 600 000 001', sof: '' }, 'SOF', 'SOF_REQUIRED'],
    ['an unreadable SOF', { callerPhone: '+34 600 000 001', sof: 'SOF-1x' }, 'SOF', 'SOF_INVALID'],
    ['a SOF nobody has', { callerPhone: '+34 600 000 001', sof: 'SOF-11111' }, 'SOF', 'SOF_UNKNOWN'],
    ['the SOF of a terminated service', { callerPhone: '+34 600 000 001', sof: 'SOF-10002' }, 'SOF', 'SOF_INACTIVE'],
  ] as const)('%s is refused, naming the check', async (_case, input, failed, reason) => {
    const before = await ticketCount(desk);
    expect(await takeCall(desk, input)).toMatchObject({ __typename: 'PhoneCallerNotVerifiedError', failed, reason });
    expect(await ticketCount(desk)).toBe(before);
  });

  it('a verified caller gets a phone ticket, acknowledged at their registered address', async () => {
    const answer = await takeCall(desk, { callerPhone: '+34 600 000 001', sof: 'sof 10001' });
    expect(answer.__typename).toBe('MutationOpenPhoneTicketSuccess');
    const ticket = answer.ticket!;
    expect(ticket).toMatchObject({ status: 'OPEN', channel: 'PHONE', sof: 'SOF-10001', language: 'es', reporter: { email: 'noc@acme.example' }, customer: { name: 'Acme Networks' }, priority: { level: 1 } });
    expect(ticket.number).toMatch(/^\d+$/);
    expect(ticket.events[0]).toMatchObject({ type: 'CREATED', actor: 'staff:demo-engineer', data: { channel: 'PHONE', caller: { phone: '+34 600 000 001', email: null } } });
    expect(ticket.messages[0]).toMatchObject({ direction: 'IN', channel: 'PHONE', author: 'staff:demo-engineer' });
    const acks = await outboxOf(desk, 'ACKNOWLEDGEMENT', ticket.number);
    expect(acks.map((row) => row.recipient)).toEqual(['noc@acme.example']);
    expect(acks[0]?.mail.text).toContain(ticket.displayNumber);

    const queue = await gql<{ queue: { edges: { node: { number: string } }[] } }>(desk, '{ queue(first: 50) { edges { node { number } } } }', {}, desk.credentials.engineerToken);
    expect(queue.data?.queue.edges.map((e) => e.node.number)).toContain(ticket.number);
    const accepted = await phoneCalls(desk, { outcome: 'ACCEPTED' });
    expect(accepted.data?.phoneCalls.edges.map((e) => e.node)).toContainEqual(
      expect.objectContaining({ outcome: 'ACCEPTED', callerPhone: '+34 600 000 001', customer: { name: 'Acme Networks' }, ticket: { number: ticket.number } }),
    );
  });

  it('the acknowledgement goes to the registered address even when the caller identifies by email in another case', async () => {
    const answer = await takeCall(desk, { callerEmail: 'OPS@Acme.Example', sof: 'SOF-10001', subject: 'Invoice copy', description: 'Please resend the March invoice.' });
    expect(answer.ticket).toMatchObject({ reporter: { email: 'ops@acme.example' }, language: 'en' });
    const acks = await outboxOf(desk, 'ACKNOWLEDGEMENT', answer.ticket?.number ?? '');
    expect(acks.map((row) => row.recipient)).toEqual(['ops@acme.example']);
  });

  it('every call is listed for staff, accepted and refused, newest first, a page at a time', async () => {
    const all = await phoneCalls(desk, { first: 3 });
    const page = all.data?.phoneCalls;
    expect(page?.edges).toHaveLength(3);
    expect(page?.pageInfo.hasNextPage).toBe(true);
    const rest = await phoneCalls(desk, { first: 50, after: page?.pageInfo.endCursor ?? '' });
    const ids = [...(page?.edges ?? []), ...(rest.data?.phoneCalls.edges ?? [])].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(9);
    expect(all.data?.phoneCalls.edges[0]?.node.outcome).toBe('ACCEPTED');
  });

  it('the caller must say who they are: an email address or a phone number', async () => {
    const answer = await takeCall(desk, { sof: 'SOF-10001' });
    expect(answer.__typename).toBe('InputValidationError');
    expect(answer.issues?.[0]).toMatchObject({ path: ['input', 'callerEmail'] });
  });

  it('a retry with the same idempotency key returns the first ticket and records one call', async () => {
    const input = { callerEmail: 'ops@acme.example', sof: 'SOF-10001', idempotencyKey: 'call-0001' };
    const first = await takeCall(desk, input);
    const callsBefore = (await phoneCalls(desk)).data?.phoneCalls.edges.length;
    const again = await takeCall(desk, input);
    expect(again.ticket?.number).toBe(first.ticket?.number);
    expect((await phoneCalls(desk)).data?.phoneCalls.edges.length).toBe(callsBefore);
  });

  it('only engineers take calls; partners neither open phone tickets nor read the calls', async () => {
    const partner = await gql(desk, 'mutation { openPhoneTicket(input: { callerEmail: "noc@acme.example", sof: "SOF-10001", subject: "x", description: "y" }) { __typename } }', {}, desk.credentials.partnerKey);
    expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await phoneCalls(desk, {}, desk.credentials.partnerKey);
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

async function ticketCount(desk: TestDesk): Promise<number> {
  const row = await desk.store.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
