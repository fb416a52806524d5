import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LANGUAGES,
  TICKET_STATUSES,
  formatTicketNumber,
  parseTicketNumber,
  spokenDigits,
  spokenEscalation,
  spokenLevel,
  spokenStatus,
  spokenTicketNumberCheck,
  spokenTicketStatus,
  type SpokenTicketInput,
} from '../src/index.js';

const onTrack = { slaState: 'ON_TRACK', target: 'FIRST_RESPONSE', remainingMs: 12 * 60_000, paused: false } as const;

describe('ticket numbers are read digit by digit in groups of three', () => {
  it('a speech engine gets single digits with a pause between groups', () => {
    expect(spokenDigits('1000002')).toBe('1 0 0, 0 0 0, 2');
    expect(spokenDigits('1000426')).toBe('1 0 0, 0 4 2, 6');
  });

  it('prefix and separators of the displayed form are not read', () => {
    expect(spokenDigits('NCC#100-042-6')).toBe('1 0 0, 0 4 2, 6');
  });

  it('every digit is read once, in order, whatever the number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (sequence) => {
        const number = formatTicketNumber(sequence);
        const spoken = spokenDigits(number);
        expect(spoken.replace(/[ ,]/g, '')).toBe(number);
        for (const group of spoken.split(', ')) expect(group.split(' ').length).toBeLessThanOrEqual(3);
      }),
    );
  });
});

describe('status and level in words, in both languages', () => {
  it.each(LANGUAGES)('every status has words in %s', (language) => {
    const words = TICKET_STATUSES.map((status) => spokenStatus(status, language));
    expect(new Set(words).size).toBe(TICKET_STATUSES.length);
  });

  it('the level is said with its number and its name', () => {
    expect(spokenLevel(1, 'en')).toBe('priority level 1, Maximum');
    expect(spokenLevel(3, 'es')).toBe('nivel 3, Prioridad estándar');
  });
});

describe('a ticket read out to a caller', () => {
  const ticket: SpokenTicketInput = { number: '1000002', status: 'IN_PROGRESS', level: 2, sla: onTrack };

  it('says number, status, level and SLA state, the same in English and Spanish', () => {
    expect(spokenTicketStatus(ticket, 'en')).toBe(
      'Ticket 1 0 0, 0 0 0, 2 is in progress: an engineer is working on it. It has priority level 2, High. Service level: on track: first response due in 12 minutes.',
    );
    expect(spokenTicketStatus(ticket, 'es')).toBe(
      'El ticket 1 0 0, 0 0 0, 2 está en curso: un ingeniero está trabajando en él. Tiene nivel 2, Prioridad alta. Nivel de servicio: en plazo: primera respuesta en 12 minutos.',
    );
  });

  it('says nothing of subject or customer unless details are given', () => {
    expect(spokenTicketStatus(ticket, 'en')).not.toMatch(/about/);
    expect(spokenTicketStatus({ ...ticket, details: { subject: 'Link down in Madrid', customer: 'Acme Networks' } }, 'en')).toMatch(
      /It is about: Link down in Madrid, for Acme Networks\.$/,
    );
    expect(spokenTicketStatus({ ...ticket, details: { subject: 'Enlace caído', customer: 'Acme Networks' } }, 'es')).toMatch(
      /Trata de: Enlace caído, para Acme Networks\.$/,
    );
  });

  it('a resolved ticket has no SLA sentence: nothing is due', () => {
    expect(spokenTicketStatus({ ...ticket, status: 'RESOLVED', sla: { slaState: 'ON_TRACK', target: null, remainingMs: null, paused: false } }, 'en')).toBe(
      'Ticket 1 0 0, 0 0 0, 2 is resolved. It has priority level 2, High.',
    );
  });

  it('a subject is read as one short line: control characters and markup-looking text are left out', () => {
    const spoken = spokenTicketStatus({ ...ticket, details: { subject: `<Hangup/>\nLink\u0000 down ${'x'.repeat(300)}`, customer: 'Acme' } }, 'en');
    expect([...spoken].some((c) => c === '<' || c === '>' || c === '\n' || c === '\u0000')).toBe(false);
    expect(spoken.length).toBeLessThan(400);
  });
});

describe('checking a number a caller entered', () => {
  it('a transposed number is refused with the reason, and the digits are read back', () => {
    // 1000002 with its last two digits swapped.
    expect(spokenTicketNumberCheck('1000020', parseTicketNumber('1000020'), 'en')).toBe(
      'You entered 1 0 0, 0 0 2, 0. The last digit does not match: a digit was mistyped, or two were swapped.',
    );
    expect(spokenTicketNumberCheck('1000020', parseTicketNumber('1000020'), 'es')).toBe(
      'Ha marcado 1 0 0, 0 0 2, 0. El último dígito no coincide: hay un dígito mal marcado, o dos intercambiados.',
    );
  });

  it('a valid number is read back', () => {
    expect(spokenTicketNumberCheck('NCC#1000002', parseTicketNumber('NCC#1000002', { prefix: 'NCC#' }), 'en')).toBe('1 0 0, 0 0 0, 2 is a well-formed ticket number.');
  });

  it.each(LANGUAGES)('every rejection has its own sentence in %s', (language) => {
    const sentences = ['', 'abc', '4', '1'.repeat(21), '1000020'].map((entered) => {
      const parse = parseTicketNumber(entered);
      expect(parse.ok).toBe(false);
      return spokenTicketNumberCheck(entered, parse, language);
    });
    expect(new Set(sentences).size).toBe(sentences.length);
  });
});

describe('the answer to an escalation', () => {
  const at = new Date('2026-11-26T09:10:00Z');

  it('a counted escalation says engineers were alerted', () => {
    expect(spokenEscalation({ counted: true, escalatedAt: at, now: at }, 'en')).toBe('Your escalation is recorded, and the engineer on call has been alerted.');
    expect(spokenEscalation({ counted: true, escalatedAt: at, now: at }, 'es')).toBe('Hemos registrado su escalado y avisado al ingeniero de guardia.');
  });

  it('a repeat within the window says when it was escalated, so the caller need not call again', () => {
    const now = new Date(at.getTime() + 4 * 60_000 + 30_000);
    expect(spokenEscalation({ counted: false, escalatedAt: at, now }, 'en')).toBe(
      'This ticket was already escalated 4 minutes ago, and the engineer on call has been alerted: there is no need to call again.',
    );
    expect(spokenEscalation({ counted: false, escalatedAt: at, now: new Date(at.getTime() + 20_000) }, 'es')).toBe(
      'Este ticket ya se escaló hace menos de un minuto, y el ingeniero de guardia está avisado: no hace falta volver a llamar.',
    );
  });
});
