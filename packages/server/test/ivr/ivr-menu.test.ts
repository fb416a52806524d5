// The voice menu apart from any voice platform (SPEC §4.2): its input is where the call is and what was
// keyed, its output what to say and what to gather next, so a second adapter (an Asterisk FastAGI one)
// drives the same menu. The desk behind it is a stand-in here.
import { describe, expect, it } from 'vitest';
import { runIvrMenu, type IvrDesk, type IvrReply, type IvrState } from '../../src/channels/ivr/ivr-menu.js';
import { EscalationRefusedError } from '../../src/errors.js';
import type { EscalationOutcome } from '../../src/tickets/escalate-ticket.js';
import type { CallerTicketView } from '../../src/tickets/look-up-ticket-by-phone.js';
import type { TicketRow } from '../../src/store/tables.js';

const NOW = new Date('2026-11-26T09:10:00Z');

function standIn(status: TicketRow['status']): IvrDesk & { escalations: string[] } {
  const escalations: string[] = [];
  const ticket = { number: '1000002', status, level: 2 } as TicketRow;
  const view: CallerTicketView = { ticket, details: null, sla: { slaState: 'ON_TRACK', target: 'FIRST_RESPONSE', dueAt: null, remainingMs: 90 * 60_000, paused: false, targets: [] } };
  return {
    escalations,
    ticketPrefix: 'NCC#',
    lookUp: async (number) => (number === '1000002' ? view : undefined),
    escalate: async (number) => {
      if (status === 'RESOLVED') throw new EscalationRefusedError(status);
      escalations.push(number);
      return { ticket, counted: true, escalatedAt: NOW, now: NOW, sla: view.sla, spoken: () => '' } as EscalationOutcome;
    },
  };
}

const text = (reply: IvrReply) => reply.say.map((s) => s.text).join(' ');
const next = (reply: IvrReply): IvrState => {
  if (reply.kind !== 'GATHER') throw new Error(`the call ended: ${text(reply)}`);
  return reply.next;
};

describe('the voice menu', () => {
  it('walks from the greeting to an escalation', async () => {
    const desk = standIn('OPEN');
    const greeting = await runIvrMenu(desk, { state: null, digits: null, callerPhone: null });
    expect(greeting).toMatchObject({ kind: 'GATHER', gather: 'ONE_KEY', next: { step: 'LANGUAGE', tries: 1 } });
    const number = await runIvrMenu(desk, { state: next(greeting), digits: '1', callerPhone: null });
    expect(number).toMatchObject({ kind: 'GATHER', gather: 'NUMBER_UNTIL_HASH', next: { step: 'NUMBER', language: 'es' } });
    const ticket = await runIvrMenu(desk, { state: next(number), digits: '1000002#', callerPhone: null });
    expect(text(ticket)).toContain('El ticket 1 0 0, 0 0 0, 2 está abierto');
    expect(text(ticket)).toContain('Para escalar este ticket, pulse 1.');
    const done = await runIvrMenu(desk, { state: next(ticket), digits: '1', callerPhone: null });
    expect(done.kind).toBe('HANG_UP');
    expect(text(done)).toBe('Hemos registrado su escalado y avisado al ingeniero de guardia. Gracias por llamar. Adiós.');
    expect(desk.escalations).toEqual(['1000002']);
  });

  it('asks again up to three times, saying why, then ends the call', async () => {
    const desk = standIn('OPEN');
    let state: IvrState = { step: 'NUMBER', language: 'en', tries: 1 };
    const first = await runIvrMenu(desk, { state, digits: '1000020', callerPhone: null });
    expect(text(first)).toMatch(/^You entered 1 0 0, 0 0 2, 0\. The last digit does not match/);
    state = next(first);
    expect(state).toMatchObject({ tries: 2 });
    const second = await runIvrMenu(desk, { state, digits: '1000015', callerPhone: null });
    expect(text(second)).toContain('We found no ticket with the number 1 0 0, 0 0 1, 5.');
    const third = await runIvrMenu(desk, { state: next(second), digits: null, callerPhone: null });
    expect(third.kind).toBe('HANG_UP');
    expect(text(third)).toContain('No ticket number was entered.');
  });

  it('a language key nobody offered is refused in both languages', async () => {
    const reply = await runIvrMenu(standIn('OPEN'), { state: { step: 'LANGUAGE', tries: 1 }, digits: '7', callerPhone: null });
    expect(reply.say.map((s) => s.language)).toEqual(['es', 'en', 'es', 'en']);
    expect(text(reply)).toMatch(/^Esa no es una de las opciones\. That is not one of the options\./);
  });

  it('a resolved ticket is not offered an escalation, and pressing 1 anyway says why', async () => {
    const desk = standIn('RESOLVED');
    const ticket = await runIvrMenu(desk, { state: { step: 'NUMBER', language: 'en', tries: 1 }, digits: '1000002', callerPhone: null });
    expect(text(ticket)).toContain('is resolved.');
    expect(text(ticket)).not.toContain('press 1');
    const refused = await runIvrMenu(desk, { state: next(ticket), digits: '1', callerPhone: null });
    expect(text(refused)).toContain('cannot be escalated');
    expect(desk.escalations).toEqual([]);
    const unknownKey = await runIvrMenu(desk, { state: next(refused), digits: '5', callerPhone: null });
    expect(text(unknownKey)).toBe('That is not one of the options. To check another ticket, press 2.');
  });
});
