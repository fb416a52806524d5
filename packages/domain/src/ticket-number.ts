/**
 * Ticket numbers: digits only, so they can be keyed on a phone keypad for the IVR,
 * ending in a Damm check digit, so every single mistyped digit and every swap of two
 * neighbouring digits is caught before any lookup (SPEC §2.4). The sequence comes
 * from the store; this module only formats, displays, parses and finds numbers.
 */
import { z } from 'zod';

/** How ticket numbers are shown to people; the canonical number never changes with these. */
export interface TicketNumberOptions {
  /** Shown before the digits and accepted when parsing, e.g. `NCC#`. Default: none. */
  readonly prefix?: string;
  /** Digits per group when displaying (`100-042-6` for 3); 0 or undefined: no grouping. */
  readonly groupSize?: number;
}

/** Validates display options from configuration: a prefix without digits or brackets, a group size 0–20. */
export const TicketNumberOptionsSchema = z.object({
  prefix: z
    .string()
    .max(16)
    .regex(/^[^\d[\]\s]*$/u, 'A ticket prefix has no digits, spaces or brackets, e.g. "NCC#".')
    .optional(),
  groupSize: z.number().int().min(0).max(20).optional(),
});

/** Shortest canonical number: one sequence digit and the check digit. */
export const TICKET_NUMBER_MIN_DIGITS = 2;
/** Longest canonical number: 19 sequence digits and the check digit. */
export const TICKET_NUMBER_MAX_DIGITS = 20;

/** The Damm quasigroup of order 10 (weakly totally anti-symmetric, zero diagonal). */
const DAMM_TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/**
 * Computes the Damm check digit of a digit string. Appending it makes the interim of the
 * whole string 0, which is how a number is validated; Damm catches every single-digit
 * error and every adjacent transposition, with no extra symbol (unlike ISO 7064 mod 11).
 *
 * Throws a `RangeError` when `digits` is empty or holds anything but ASCII digits.
 *
 * ### Examples
 * ```ts
 * dammCheckDigit('572');  // 4, so the full number is '5724'
 * dammCheckDigit('5724'); // 0: a valid number checks to 0
 * ```
 */
export function dammCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new RangeError(`Expected ASCII digits, got "${digits}".`);
  let interim = 0;
  for (const char of digits) {
    interim = DAMM_TABLE[interim]?.[char.charCodeAt(0) - 48] ?? 0;
  }
  return interim;
}

/**
 * Turns a store sequence value into the canonical ticket number: the sequence's decimal
 * digits followed by the Damm check digit. Takes a bigint for sequences beyond 2^53.
 * The prefix is for display only and never part of the canonical number.
 *
 * Throws a `RangeError` for zero, negative, fractional or unsafe (> 2^53 − 1) numbers,
 * and for sequences longer than 19 digits.
 *
 * ### Examples
 * ```ts
 * formatTicketNumber(100042);  // '1000426'
 * formatTicketNumber(100042n); // '1000426'
 * formatTicketNumber(0);       // throws RangeError
 * ```
 */
export function formatTicketNumber(sequence: number | bigint, _options?: TicketNumberOptions): string {
  if (typeof sequence === 'number' && !Number.isSafeInteger(sequence)) {
    throw new RangeError(`A ticket sequence must be a safe integer (use a bigint beyond 2^53), got ${sequence}.`);
  }
  if (sequence <= 0) throw new RangeError(`A ticket sequence must be positive, got ${sequence}.`);
  const digits = sequence.toString();
  if (digits.length > TICKET_NUMBER_MAX_DIGITS - 1) {
    throw new RangeError(`A ticket sequence has at most ${TICKET_NUMBER_MAX_DIGITS - 1} digits, got ${digits}.`);
  }
  return `${digits}${dammCheckDigit(digits)}`;
}

/**
 * Shows a canonical number to people: the configured prefix, then the digits, grouped from
 * the left when `groupSize` is set, so a long number is easier to read out on the phone.
 * Whatever it produces, `parseTicketNumber` with the same options reads back.
 *
 * Throws a `RangeError` when `number` is not all digits.
 *
 * ### Examples
 * ```ts
 * displayTicketNumber('1000426', { prefix: 'NCC#' });               // 'NCC#1000426'
 * displayTicketNumber('1000426', { prefix: 'NCC#', groupSize: 3 }); // 'NCC#100-042-6'
 * ```
 */
export function displayTicketNumber(number: string, options: TicketNumberOptions = {}): string {
  if (!/^\d+$/.test(number)) throw new RangeError(`A ticket number has only digits, got "${number}".`);
  const size = options.groupSize ?? 0;
  const groups: string[] = [];
  if (size > 0) {
    for (let start = 0; start < number.length; start += size) groups.push(number.slice(start, start + size));
  } else {
    groups.push(number);
  }
  return `${options.prefix ?? ''}${groups.join('-')}`;
}

/** Why a text is not a ticket number. */
export type TicketNumberRejection = 'EMPTY' | 'NOT_DIGITS' | 'TOO_SHORT' | 'TOO_LONG' | 'CHECK_DIGIT';

/** The result of reading a ticket number typed or spoken by a person. */
export type TicketNumberParse =
  | { readonly ok: true; readonly number: string }
  | { readonly ok: false; readonly reason: TicketNumberRejection; readonly message: string };

/** The letters of the prefix people actually type: `NCC#` → `NCC`, `#` → ``. */
function prefixCore(prefix: string | undefined): string {
  return (prefix ?? '').replace(/[^\p{L}\p{N}]+$/u, '');
}

const SEPARATORS = /[\s\-.\u2010-\u2015]/gu;

function reject(reason: TicketNumberRejection, message: string): TicketNumberParse {
  return { ok: false, reason, message };
}

/**
 * Reads a ticket number as people give it (`NCC#100-042-6`, `ncc 1000426`, `#1000426`,
 * ` 1000426 `) and validates its check digit, so a typo is reported before any lookup.
 * Accepts the prefix case-insensitively (with or without its trailing `#`), a `#`,
 * spaces, dashes, dots and surrounding brackets. Leading zeros are dropped after the check
 * (they do not change a Damm check). The message tells the person what to fix.
 *
 * ### Examples
 * ```ts
 * parseTicketNumber('NCC#100-042-6', { prefix: 'NCC#' }); // { ok: true, number: '1000426' }
 * parseTicketNumber('1000462');  // { ok: false, reason: 'CHECK_DIGIT', message: 'The last digit does not match: …' }
 * parseTicketNumber('10OO427');  // { ok: false, reason: 'NOT_DIGITS', … }
 * ```
 */
export function parseTicketNumber(input: string, options: TicketNumberOptions = {}): TicketNumberParse {
  let text = input.normalize('NFKC').trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1).trim();
  const core = prefixCore(options.prefix);
  if (core !== '' && text.toLowerCase().startsWith(core.toLowerCase())) text = text.slice(core.length);
  text = text.replace(SEPARATORS, '');
  text = text.replace(/^#/, '').replace(SEPARATORS, '');
  if (text === '') {
    return input.trim() === ''
      ? reject('EMPTY', 'No ticket number was given.')
      : reject('NOT_DIGITS', 'No digits were found: a ticket number is a series of digits.');
  }
  if (!/^\d+$/.test(text)) {
    const shown = core === '' ? '' : ` after the optional ${options.prefix ?? ''} prefix`;
    return reject('NOT_DIGITS', `A ticket number has only digits${shown}: check for letters such as O or I typed instead of 0 or 1.`);
  }
  if (text.length < TICKET_NUMBER_MIN_DIGITS) {
    return reject('TOO_SHORT', `A ticket number has at least ${TICKET_NUMBER_MIN_DIGITS} digits: check that none is missing.`);
  }
  if (text.length > TICKET_NUMBER_MAX_DIGITS) {
    return reject('TOO_LONG', `A ticket number has at most ${TICKET_NUMBER_MAX_DIGITS} digits: check for an extra digit or a second number.`);
  }
  if (dammCheckDigit(text) !== 0) {
    return reject('CHECK_DIGIT', 'The last digit does not match: check for a mistyped or swapped digit.');
  }
  const number = text.replace(/^0+/, '');
  if (number.length < TICKET_NUMBER_MIN_DIGITS) {
    return reject('TOO_SHORT', 'A ticket number is never only zeros: check that no digit is missing.');
  }
  return { ok: true, number };
}

/**
 * The tag put in email subjects so replies thread onto their ticket: `[<prefix><number>]`.
 *
 * ### Examples
 * ```ts
 * ticketSubjectTag('1000426', { prefix: 'NCC#' }); // '[NCC#1000426]'
 * ticketSubjectTag('1000426');                     // '[1000426]'
 * ```
 */
export function ticketSubjectTag(number: string, options: TicketNumberOptions = {}): string {
  return `[${options.prefix ?? ''}${number}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds the ticket numbers quoted in an email subject, so a reply threads onto its ticket
 * even when mail clients mangle other headers. Only `[<prefix><number>]` tags count: with a
 * prefix configured it must be there (any case), so a bare `[1000426]` (an order or circuit id)
 * never threads; numbers whose check digit fails are ignored. Canonical, unique, in order of
 * appearance.
 *
 * ### Examples
 * ```ts
 * findTicketNumbersInSubject('Re: [NCC#1000426] Link down', { prefix: 'NCC#' }); // ['1000426']
 * findTicketNumbersInSubject('Fwd: [1000426] and [1000462]');                     // ['1000426'] (no prefix configured)
 * findTicketNumbersInSubject('Circuit [1000426] down', { prefix: 'NCC#' });         // []
 * ```
 */
export function findTicketNumbersInSubject(subject: string, options: TicketNumberOptions = {}): string[] {
  const full = (options.prefix ?? '').trim();
  const core = prefixCore(full);
  // The configured prefix as written (`NCC-`, `INC:`), or its letters with an optional `#`.
  const prefix = core === '' ? '#?' : `(?:${escapeRegExp(full)}|${escapeRegExp(core)}\\s*#?)`;
  const tag = new RegExp(`\\[\\s*${prefix}\\s*(\\d{${TICKET_NUMBER_MIN_DIGITS},${TICKET_NUMBER_MAX_DIGITS}})\\s*\\]`, 'giu');
  const found: string[] = [];
  for (const match of subject.normalize('NFKC').matchAll(tag)) {
    const parsed = parseTicketNumber(match[1] ?? '');
    if (parsed.ok && !found.includes(parsed.number)) found.push(parsed.number);
  }
  return found;
}
