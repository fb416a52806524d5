// Step 2 of the procedure over the API (SPEC §2.5, §4.1 `escalateTicket`): "si percibe una demora en
// nuestra respuesta … puede marcar uno de nuestros números de centro de llamadas / IVR … con el número de
// ticket". The number is checked first, a partner escalates only its own tickets, repeats within 10
// minutes are one escalation, and a counted one reaches the on-call address and the assignee.
import { formatTicketNumber } from '@nocdesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffToken } from '../../src/auth/credentials.js';
import { openTicket } from '../api/operations.js';
import { worked } from '../lifecycle/lifecycle-operations.js';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/index.js';
import { escalate, historyOf, outboxOf } from './phone-operations.js';

const MINUTE = 60_000;
const ONCALL = 'oncall@noc.example';

describe.each(DIALECTS)('escalations (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect, { NOCDESK_ONCALL_EMAIL: ONCALL });
  });
  afterAll(async () => {
    await desk.close();
  });

  it('two escalations within the window are recorded once; the second is told it already counted', async () => {
    const ticket = await openTicket(desk, { subject: 'Packet loss towards AMS-IX', requestedLevel: 2 });
    const first = await escalate(desk, ticket.displayNumber, desk.credentials.partnerKey);
    expect(first.escalation).toMatchObject({ counted: true, escalationCount: 1, ticket: { escalationCount: 1 } });
    expect(first.escalation?.en).toMatch(/^Ticket \d( \d){0,2}(, \d( \d){0,2})* is open, waiting for an engineer\. .* Your escalation is recorded/);
    desk.advance(4 * MINUTE);
    const second = await escalate(desk, ticket.number, desk.credentials.partnerKey, 'IVR');
    expect(second.escalation).toMatchObject({ counted: false, escalationCount: 1, escalatedAt: first.escalation?.escalatedAt });
    expect(second.escalation?.en).toContain('This ticket was already escalated 4 minutes ago');
    expect(second.escalation?.es).toContain('Este ticket ya se escaló hace 4 minutos');
    expect((await historyOf(desk, ticket.number)).filter((e) => e.type === 'ESCALATED')).toEqual([
      { type: 'ESCALATED', actor: 'partner:Acme portal', data: { via: 'PORTAL', count: 1 } },
    ]);
    expect((await outboxOf(desk, 'NOTICE', ticket.number)).map((row) => row.recipient)).toEqual([ONCALL]);

    desk.advance(6 * MINUTE);
    const third = await escalate(desk, ticket.number, desk.credentials.partnerKey);
    expect(third.escalation).toMatchObject({ counted: true, escalationCount: 2 });
  });

  it('the on-call notice names the ticket, who escalated and how often, without a subject tag a reply would thread on', async () => {
    const ticket = await openTicket(desk, { subject: 'Caída total del servicio SOF-10001', description: 'Sin servicio desde las 09:00' });
    await escalate(desk, ticket.number, desk.credentials.partnerKey);
    const [notice] = await outboxOf(desk, 'NOTICE', ticket.number);
    expect(notice?.mail.subject).toBe(`${ticket.displayNumber} escalado por el cliente (1): Caída total del servicio SOF-10001`);
    expect(notice?.mail.subject).not.toContain('[');
    expect(notice?.mail.text).toContain('Escalado por: partner:Acme portal.');
    expect(notice?.mail.text).toContain('Cliente: Acme Networks');
    expect(notice?.mail.headers['Auto-Submitted']).toBe('auto-generated');
  });

  it('the engineer working the ticket hears of it too, at the address their staff name is', async () => {
    const ana = await createStaffToken(desk.store.db, { name: 'ana@noc.example', role: 'ENGINEER', now: desk.now() });
    const ticket = await openTicket(desk, { subject: 'BGP session flapping', requestedLevel: 2 });
    await worked(desk, 'assignTicket', { ticketId: ticket.id }, ana.token);
    await escalate(desk, ticket.number, desk.credentials.engineerToken, 'PHONE');
    const recipients = (await outboxOf(desk, 'NOTICE', ticket.number)).map((row) => row.recipient);
    expect(recipients.sort()).toEqual(['ana@noc.example', ONCALL]);
    expect((await historyOf(desk, ticket.number)).at(-1)).toMatchObject({ type: 'ESCALATED', actor: 'staff:demo-engineer', data: { via: 'PHONE' } });
  });

  it('a partner escalates only its own customer’s tickets: another’s is not found, exactly like an unknown one', async () => {
    const ticket = await openTicket(desk, { subject: 'Latency to Lisbon', requestedLevel: 2 });
    const foreign = await escalate(desk, ticket.number, desk.credentials.otherPartnerKey);
    expect(foreign).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const unknown = await escalate(desk, formatTicketNumber(999_999), desk.credentials.otherPartnerKey);
    expect(unknown).toEqual({ ...foreign, message: unknown.message });
    expect((await historyOf(desk, ticket.number)).some((e) => e.type === 'ESCALATED')).toBe(false);
  });

  it('a transposed ticket number is refused with the reason before any lookup', async () => {
    const ticket = await openTicket(desk, { subject: 'Port down', requestedLevel: 1 });
    // Swap the last two neighbouring digits that differ: the check digit catches every such slip.
    const digits = [...ticket.number];
    let i = digits.length - 2;
    while (digits[i] === digits[i + 1]) i--;
    [digits[i], digits[i + 1]] = [digits[i + 1] ?? '', digits[i] ?? ''];
    const swapped = digits.join('');
    expect(await escalate(desk, swapped, desk.credentials.partnerKey)).toMatchObject({ __typename: 'InvalidTicketNumberError', code: 'INVALID_TICKET_NUMBER', reason: 'CHECK_DIGIT' });
  });

  it('checkTicketNumber refuses a transposed number with a reason, and says so in the caller’s language', async () => {
    const answer = await gql<{ checkTicketNumber: { valid: boolean; reason: string | null; en: string; es: string } }>(
      desk,
      '{ checkTicketNumber(input: "1000020") { valid reason en: spoken(language: en) es: spoken(language: es) } }',
    );
    expect(answer.data?.checkTicketNumber).toEqual({
      valid: false,
      reason: 'CHECK_DIGIT',
      en: 'You entered 1 0 0, 0 0 2, 0. The last digit does not match: a digit was mistyped, or two were swapped.',
      es: 'Ha marcado 1 0 0, 0 0 2, 0. El último dígito no coincide: hay un dígito mal marcado, o dos intercambiados.',
    });
    const valid = await gql<{ checkTicketNumber: { valid: boolean; spoken: string } }>(desk, '{ checkTicketNumber(input: "NCC#1000002") { valid spoken } }');
    expect(valid.data?.checkTicketNumber).toEqual({ valid: true, spoken: '1 0 0, 0 0 0, 2 is a well-formed ticket number.' });
  });

  it('a resolved ticket is not escalated: nothing is late on it', async () => {
    const ticket = await openTicket(desk, { subject: 'Copy of the March invoice', requestedLevel: 3 });
    await worked(desk, 'resolveTicket', { ticketId: ticket.id, resolution: 'Sent again.' }, desk.credentials.engineerToken);
    expect(await escalate(desk, ticket.number, desk.credentials.partnerKey)).toMatchObject({ __typename: 'EscalationRefusedError', code: 'ESCALATION_REFUSED', status: 'RESOLVED' });
  });

  it('anonymous callers cannot escalate through the API (the IVR webhook is signed instead)', async () => {
    const ticket = await openTicket(desk, { subject: 'Link down', requestedLevel: 1 });
    const answer = await gql(desk, 'mutation ($n: String!) { escalateTicket(input: { number: $n, via: IVR }) { __typename } }', { n: ticket.number });
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
