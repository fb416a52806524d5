/**
 * What the desk says on the phone (SPEC §4.2): the IVR, and an engineer reading a ticket out to a
 * caller, use the same sentences, in English and Spanish, saying the same things in the same order.
 * Ticket numbers are read digit by digit in groups of three, because a speech engine reads
 * "1000002" as "one million two" while the caller has to key it digit by digit.
 */
import type { Language } from './language.js';
import { priorityName } from './priority.js';
import type { PriorityLevel } from './priority.js';
import { describeSlaState } from './sla.js';
import type { SlaStatus } from './sla.js';
import { UNRESOLVED_TICKET_STATUSES } from './ticket-lifecycle.js';
import type { TicketStatus } from './ticket-lifecycle.js';
import type { TicketNumberParse } from './ticket-number.js';

/**
 * Digits as a speech engine should read them: one by one, in groups of `groupSize` from the left,
 * a comma between groups so the voice pauses. Anything but digits is left out.
 *
 * ### Examples
 * ```ts
 * spokenDigits('1000002');    // '1 0 0, 0 0 0, 2'
 * spokenDigits('NCC#100-042-6'); // '1 0 0, 0 4 2, 6'
 * spokenDigits('123456', 2);  // '1 2, 3 4, 5 6'
 * ```
 */
export function spokenDigits(text: string, groupSize = 3): string {
  const digits = text.replace(/\D/g, '');
  const size = Math.max(1, Math.floor(groupSize));
  const groups: string[] = [];
  for (let start = 0; start < digits.length; start += size) groups.push(digits.slice(start, start + size).split('').join(' '));
  return groups.join(', ');
}

const STATUS_WORDS: Readonly<Record<Language, Readonly<Record<TicketStatus, string>>>> = {
  en: {
    OPEN: 'open, waiting for an engineer',
    IN_PROGRESS: 'in progress: an engineer is working on it',
    WAITING_CUSTOMER: 'waiting for your answer to our last message',
    RESOLVED: 'resolved',
    CLOSED: 'closed',
  },
  es: {
    OPEN: 'abierto, a la espera de un ingeniero',
    IN_PROGRESS: 'en curso: un ingeniero está trabajando en él',
    WAITING_CUSTOMER: 'a la espera de su respuesta a nuestro último mensaje',
    RESOLVED: 'resuelto',
    CLOSED: 'cerrado',
  },
};

/**
 * A ticket's status as a caller hears it.
 *
 * ### Examples
 * ```ts
 * spokenStatus('IN_PROGRESS', 'en'); // 'in progress: an engineer is working on it'
 * spokenStatus('OPEN', 'es');        // 'abierto, a la espera de un ingeniero'
 * ```
 */
export function spokenStatus(status: TicketStatus, language: Language): string {
  return STATUS_WORDS[language][status];
}

/**
 * A priority level as a caller hears it: its number and its name.
 *
 * ### Examples
 * ```ts
 * spokenLevel(1, 'en'); // 'priority level 1, Maximum'
 * spokenLevel(2, 'es'); // 'nivel 2, Prioridad alta'
 * ```
 */
export function spokenLevel(level: PriorityLevel, language: Language): string {
  return language === 'es' ? `nivel ${level}, ${priorityName(level, 'es')}` : `priority level ${level}, ${priorityName(level, 'en')}`;
}

/** What is read out about a ticket. `details` only for a caller known to be the ticket's customer. */
export interface SpokenTicketInput {
  readonly number: string;
  readonly status: TicketStatus;
  readonly level: PriorityLevel;
  readonly sla: Pick<SlaStatus, 'slaState' | 'target' | 'remainingMs' | 'paused'>;
  /** Subject and customer: spoken only when the calling number is a registered phone of that customer (ticket numbers can be guessed). */
  readonly details?: { readonly subject: string; readonly customer: string } | null;
}

interface TicketSentences {
  readonly ticket: (digits: string, status: string) => string;
  readonly level: (level: string) => string;
  readonly sla: (state: string) => string;
  readonly details: (subject: string, customer: string) => string;
}

const TICKET_SENTENCES: Readonly<Record<Language, TicketSentences>> = {
  en: {
    ticket: (digits, status) => `Ticket ${digits} is ${status}.`,
    level: (level) => `It has ${level}.`,
    sla: (state) => `Service level: ${state}.`,
    details: (subject, customer) => `It is about: ${subject}, for ${customer}.`,
  },
  es: {
    ticket: (digits, status) => `El ticket ${digits} está ${status}.`,
    level: (level) => `Tiene ${level}.`,
    sla: (state) => `Nivel de servicio: ${state}.`,
    details: (subject, customer) => `Trata de: ${subject}, para ${customer}.`,
  },
};

/** A caller's text kept to one spoken line: no markup-looking or control characters, not too long to listen to. */
function speakable(text: string, max = 120): string {
  const line = text.replace(/[\p{Cc}<>]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/**
 * A ticket read out to a caller: number, status, level and, while it is unresolved, its SLA state;
 * subject and customer only when `details` are given.
 *
 * ### Examples
 * ```ts
 * spokenTicketStatus({ number: '1000002', status: 'OPEN', level: 1,
 *   sla: { slaState: 'AT_RISK', target: 'FIRST_RESPONSE', remainingMs: 180_000, paused: false } }, 'en');
 * // 'Ticket 1 0 0, 0 0 0, 2 is open, waiting for an engineer. It has priority level 1, Maximum. Service level: at risk: first response due in 3 minutes.'
 * ```
 */
export function spokenTicketStatus(ticket: SpokenTicketInput, language: Language): string {
  const words = TICKET_SENTENCES[language];
  const sentences = [words.ticket(spokenDigits(ticket.number), spokenStatus(ticket.status, language)), words.level(spokenLevel(ticket.level, language))];
  if (UNRESOLVED_TICKET_STATUSES.includes(ticket.status)) sentences.push(words.sla(describeSlaState(ticket.sla, language)));
  if (ticket.details) sentences.push(words.details(speakable(ticket.details.subject), speakable(ticket.details.customer, 80)));
  return sentences.join(' ');
}

const NUMBER_CHECK: Readonly<Record<Language, { readonly valid: (digits: string) => string; readonly entered: (digits: string) => string; readonly reasons: Readonly<Record<Exclude<TicketNumberParse, { ok: true }>['reason'], string>> }>> = {
  en: {
    valid: (digits) => `${digits} is a well-formed ticket number.`,
    entered: (digits) => `You entered ${digits}.`,
    reasons: {
      EMPTY: 'No ticket number was entered.',
      NOT_DIGITS: 'A ticket number has only digits.',
      TOO_SHORT: 'That number is too short: a digit is missing.',
      TOO_LONG: 'That number is too long: there is a digit too many.',
      CHECK_DIGIT: 'The last digit does not match: a digit was mistyped, or two were swapped.',
    },
  },
  es: {
    valid: (digits) => `${digits} es un número de ticket bien formado.`,
    entered: (digits) => `Ha marcado ${digits}.`,
    reasons: {
      EMPTY: 'No se ha marcado ningún número de ticket.',
      NOT_DIGITS: 'Un número de ticket solo tiene dígitos.',
      TOO_SHORT: 'Ese número es demasiado corto: falta algún dígito.',
      TOO_LONG: 'Ese número es demasiado largo: sobra algún dígito.',
      CHECK_DIGIT: 'El último dígito no coincide: hay un dígito mal marcado, o dos intercambiados.',
    },
  },
};

/**
 * What to tell a caller about a number they entered, from `parseTicketNumber`'s verdict: a valid
 * number read back, or the digits they entered and why they are not a ticket number. It says
 * nothing about whether the ticket exists.
 *
 * ### Examples
 * ```ts
 * spokenTicketNumberCheck('1000020', parseTicketNumber('1000020'), 'en');
 * // 'You entered 1 0 0, 0 0 2, 0. The last digit does not match: a digit was mistyped, or two were swapped.'
 * spokenTicketNumberCheck('1000002', parseTicketNumber('1000002'), 'es');
 * // '1 0 0, 0 0 0, 2 es un número de ticket bien formado.'
 * ```
 */
export function spokenTicketNumberCheck(entered: string, parse: TicketNumberParse, language: Language): string {
  const words = NUMBER_CHECK[language];
  if (parse.ok) return words.valid(spokenDigits(parse.number));
  const digits = spokenDigits(entered);
  return digits === '' ? words.reasons[parse.reason] : `${words.entered(digits)} ${words.reasons[parse.reason]}`;
}

/** The outcome of an escalation, as the caller is told it. */
export interface SpokenEscalationInput {
  /** False when it repeated one counted within the window. */
  readonly counted: boolean;
  /** When the escalation that counted was recorded. */
  readonly escalatedAt: Date;
  readonly now: Date;
}

function minutesAgo(ms: number, language: Language): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (language === 'es') return minutes < 1 ? 'hace menos de un minuto' : `hace ${minutes} ${minutes === 1 ? 'minuto' : 'minutos'}`;
  return minutes < 1 ? 'less than a minute ago' : `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ago`;
}

/**
 * What the caller hears after asking to escalate: that it was recorded and engineers alerted, or,
 * for a repeat within the window, that it already was (and when), so they need not call again.
 *
 * ### Examples
 * ```ts
 * spokenEscalation({ counted: true, escalatedAt: new Date('2026-11-26T09:10:00Z'), now: new Date('2026-11-26T09:10:00Z') }, 'en');
 * // 'Your escalation is recorded, and the engineer on call has been alerted.'
 * spokenEscalation({ counted: false, escalatedAt: new Date('2026-11-26T09:10:00Z'), now: new Date('2026-11-26T09:14:00Z') }, 'es');
 * // 'Este ticket ya se escaló hace 4 minutos, y el ingeniero de guardia está avisado: no hace falta volver a llamar.'
 * ```
 */
export function spokenEscalation(outcome: SpokenEscalationInput, language: Language): string {
  if (outcome.counted) {
    return language === 'es'
      ? 'Hemos registrado su escalado y avisado al ingeniero de guardia.'
      : 'Your escalation is recorded, and the engineer on call has been alerted.';
  }
  const ago = minutesAgo(outcome.now.getTime() - outcome.escalatedAt.getTime(), language);
  return language === 'es'
    ? `Este ticket ya se escaló ${ago}, y el ingeniero de guardia está avisado: no hace falta volver a llamar.`
    : `This ticket was already escalated ${ago}, and the engineer on call has been alerted: there is no need to call again.`;
}
