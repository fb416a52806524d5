// The IVR of SPEC §4.2 over real HTTP on 127.0.0.1: signed form-encoded requests walk the menu (language,
// ticket number with `#`, a wrong check digit refused with the reason and asked again, status, press 1 to
// escalate); anything unsigned or wrongly signed gets 403; without the auth token the webhook is absent.
// The desk sits "behind a proxy": the platform signs https://desk.example.com/…, the desk listens on a
// loopback port, and only NOCDESK_PUBLIC_URL makes the two agree.
import fs from 'node:fs';
import path from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, ticketByNumber, startEmailChannelServer, type EmailChannelServer } from '../support/index.js';
import { IVR_TOKEN, PUBLIC_URL, VoiceCall, postWebhook } from './voice-platform.js';

const CREATE = `mutation ($input: CreateTicketInput!) { createTicket(input: $input) { ... on MutationCreateTicketSuccess { ticket { number displayNumber } } } }`;

/** The number with its last two differing neighbouring digits swapped. */
function transposed(number: string): string {
  const digits = [...number];
  let i = digits.length - 2;
  while (digits[i] === digits[i + 1]) i--;
  [digits[i], digits[i + 1]] = [digits[i + 1] ?? '', digits[i] ?? ''];
  return digits.join('');
}

const spelt = (number: string) => new RegExp([...number].join('[ ,]+'));

describe.each(DIALECTS)('the IVR over HTTP (%s)', (dialect) => {
  let desk: EmailChannelServer;
  let local: string;
  let ticket: { number: string; displayNumber: string };

  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect, { env: { NOCDESK_TWILIO_AUTH_TOKEN: IVR_TOKEN, NOCDESK_PUBLIC_URL: PUBLIC_URL, NOCDESK_ONCALL_EMAIL: 'oncall@noc.example' } });
    local = `http://127.0.0.1:${desk.server.httpPort}`;
    const created = await desk.gql<{ createTicket: { ticket: { number: string; displayNumber: string } } }>(
      CREATE,
      { input: { reporterEmail: 'ops@acme.example', subject: 'Transit port down in Madrid', description: 'No traffic since 08:50.', requestedLevel: 1 } },
      desk.credentials.partnerKey,
    );
    ticket = created.data!.createTicket.ticket;
  });
  afterAll(async () => {
    await desk.close();
  });

  it('a caller picks English, mistypes the number, is told why, keys it right, hears the status and escalates', async () => {
    const call = new VoiceCall(local, '+34 611 222 333');
    const greeting = await call.dial();
    expect(greeting.status).toBe(200);
    expect(greeting.contentType).toContain('text/xml');
    expect(greeting.says.map((s) => s.language)).toEqual(['es-ES', 'en-GB']);
    expect(greeting.spoken).toContain('Para español, pulse 1.');
    expect(greeting.spoken).toContain('For English, press 2.');
    expect(greeting.gather).toMatchObject({ numDigits: '1' });

    const askNumber = await call.press('2');
    expect(askNumber.spoken).toBe('Please enter your ticket number on the keypad, then press the hash key.');
    expect(askNumber.gather).toMatchObject({ finishOnKey: '#', numDigits: null });

    const wrong = await call.press(transposed(ticket.number));
    expect(wrong.spoken).toContain('The last digit does not match: a digit was mistyped, or two were swapped.');
    expect(wrong.spoken).toContain('Please enter the ticket number again');
    expect(wrong.gather).not.toBeNull();

    const status = await call.press(ticket.number);
    expect(status.spoken).toMatch(spelt(ticket.number));
    expect(status.spoken).toContain('is open, waiting for an engineer.');
    expect(status.spoken).toContain('It has priority level 1, Maximum.');
    expect(status.spoken).toContain('Service level: on track: first response due in 15 minutes.');
    // Not a registered phone of the customer: status only, never the subject or the customer.
    expect(status.spoken).not.toContain('Transit port');
    expect(status.spoken).not.toContain('Acme');
    expect(status.spoken).toContain('To escalate this ticket, press 1.');

    const escalated = await call.press('1');
    expect(escalated.spoken).toBe('Your escalation is recorded, and the engineer on call has been alerted. Thank you for calling. Goodbye.');
    expect(escalated.hangup).toBe(true);
    const view = await ticketByNumber(desk, ticket.number);
    expect(view?.events.filter((e) => e.type === 'ESCALATED')).toEqual([
      expect.objectContaining({ actor: 'ivr:+34 611 222 333', data: { via: 'IVR', count: 1, callerPhone: '+34 611 222 333', callerRegistered: false } }),
    ]);
    // The dispatcher sends the on-call notice like any outgoing mail.
    const before = desk.outboxFiles().length;
    expect(await desk.server.dispatcher.runOnce()).toBeGreaterThanOrEqual(1);
    const sent = await Promise.all(desk.outboxFiles().slice(before).map((file) => PostalMime.parse(fs.readFileSync(path.join(desk.outboxDir, file)))));
    const notices = sent.filter((mail) => mail.to?.[0]?.address === 'oncall@noc.example');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.headers.find((h) => h.key === 'auto-submitted')?.value).toBe('auto-generated');
    expect(notices[0]?.text).toContain('Calling number: +34 611 222 333 (not a registered phone of the customer).');
  });

  it('a registered phone of the customer hears the subject and the customer too, in Spanish', async () => {
    const call = new VoiceCall(local, '+34600000001');
    await call.dial();
    await call.press('1');
    const status = await call.press(ticket.number);
    expect(status.says.every((s) => s.language === 'es-ES')).toBe(true);
    expect(status.spoken).toContain('está abierto, a la espera de un ingeniero.');
    expect(status.spoken).toContain('Trata de: Transit port down in Madrid, para Acme Networks.');
    // Escalated a minute ago by the first caller: one escalation, and the caller is told so.
    desk.advance(60_000);
    const repeat = await call.press('1');
    expect(repeat.spoken).toContain('Este ticket ya se escaló hace 1 minuto');
    expect((await ticketByNumber(desk, ticket.number))?.events.filter((e) => e.type === 'ESCALATED')).toHaveLength(1);
  });

  it('three wrong numbers end the call politely', async () => {
    const call = new VoiceCall(local, null);
    await call.dial();
    await call.press('2');
    await call.press('12');
    await call.press(null);
    const last = await call.press('abc');
    expect(last.hangup).toBe(true);
    expect(last.spoken).toContain('Please call our support hotline');
  });

  it('an unsigned request is refused with 403', async () => {
    const answer = await postWebhook(local, { url: `${PUBLIC_URL}/ivr/twilio`, params: { CallSid: 'CA1', From: '+34600000001', To: '+34910000200' }, signature: null });
    expect(answer.status).toBe(403);
  });

  it('a request signed with another token, or for another URL, or with a keyed digit changed after signing, is refused with 403', async () => {
    const params = { CallSid: 'CA1', From: '+34600000001', To: '+34910000200' };
    expect((await postWebhook(local, { url: `${PUBLIC_URL}/ivr/twilio`, params, token: 'another-auth-token-000000000000' })).status).toBe(403);
    // Signed for the address the desk listens on, not the public one the platform calls.
    expect((await postWebhook(local, { url: `${local}/ivr/twilio`, params })).status).toBe(403);
    const state = `${PUBLIC_URL}/ivr/twilio?step=TICKET&try=1&lang=en&ticket=${ticket.number}`;
    const { default: twilio } = await import('twilio');
    const signed = twilio.getExpectedTwilioSignature(IVR_TOKEN, state, { ...params, Digits: '2' });
    expect((await postWebhook(local, { url: state, params: { ...params, Digits: '1' }, signature: signed })).status).toBe(403);
    expect((await postWebhook(local, { url: state, params: { ...params, Digits: '2' }, signature: signed })).status).toBe(200);
  });

  it('answers 405 to anything but POST', async () => {
    const response = await fetch(`${local}/ivr/twilio`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('the IVR without an auth token', () => {
  it('does not exist: 404, signed or not', async () => {
    const desk = await startEmailChannelServer('sqlite');
    try {
      const answer = await postWebhook(`http://127.0.0.1:${desk.server.httpPort}`, { url: `${PUBLIC_URL}/ivr/twilio`, params: { CallSid: 'CA1', From: '+34600000001' } });
      expect(answer.status).toBe(404);
      expect(answer.xml).not.toContain('<Response>');
    } finally {
      await desk.close();
    }
  });
});
