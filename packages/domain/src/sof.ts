/**
 * SOF numbers: the Service Order Form number that identifies one ordered service of
 * one customer (SPEC §2.3). People write them in many ways (`sof 12345`, `SOF#12345`,
 * `SOF nº 12345`); this module reads them into one canonical form, `SOF-<digits>`,
 * and finds them in free text. Whether a SOF exists and whose it is, is decided by
 * the contact and intake rules against store records.
 */
import { z } from 'zod';

/** The accepted SOF pattern: a prefix word and a number of digits (configuration). */
export interface SofOptions {
  /** The word before the digits; default `SOF`. Compared case-insensitively; upper case in the canonical form. */
  readonly prefix?: string;
  /** Fewest digits; default 3. */
  readonly minDigits?: number;
  /** Most digits; default 12. */
  readonly maxDigits?: number;
}

/** Validates SOF options from configuration: a letter-led prefix and a sane digit range. */
export const SofOptionsSchema = z
  .object({
    prefix: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,15}$/, 'A SOF prefix is a word such as "SOF".').optional(),
    minDigits: z.number().int().min(1).max(30).optional(),
    maxDigits: z.number().int().min(1).max(30).optional(),
  })
  .refine((options) => (options.minDigits ?? 3) <= (options.maxDigits ?? 12), {
    message: 'minDigits must not exceed maxDigits.',
  });

/** Why a text is not a SOF number. */
export type SofRejection = 'EMPTY' | 'NO_PREFIX' | 'NO_DIGITS' | 'TOO_SHORT' | 'TOO_LONG' | 'MALFORMED';

/** The result of reading one SOF number. */
export type SofParse =
  | { readonly ok: true; readonly sof: string }
  | { readonly ok: false; readonly reason: SofRejection; readonly message: string };

/**
 * Characters people put between the prefix and the digits: `SOF-`, `SOF#`, `SOF: `, `sof_`, `SOF/`, and
 * the typographic dashes (U+2010–U+2015) that mail clients' autocorrect produces (`SOF–12345`).
 */
const SEPARATOR = '[\\s:#\\-\\u2010-\\u2015_./]';
/** Words for "number" people put after the prefix: `nº` (NFKC: `no`), `n°`, `nr`, `num`, `número`, `number`. */
const NUMBER_WORD = '(?:n[o°]|nr|num|numero|número|number)\\.?';

interface ResolvedSofOptions {
  readonly prefix: string;
  readonly minDigits: number;
  readonly maxDigits: number;
}

function resolve(options: SofOptions): ResolvedSofOptions {
  return { prefix: options.prefix ?? 'SOF', minDigits: options.minDigits ?? 3, maxDigits: options.maxDigits ?? 12 };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fail(reason: SofRejection, message: string): SofParse {
  return { ok: false, reason, message };
}

function checkDigits(digits: string, resolved: ResolvedSofOptions): SofParse {
  const example = `${resolved.prefix.toUpperCase()}-${'1234567890'.slice(0, Math.max(resolved.minDigits, 5))}`;
  if (digits.length < resolved.minDigits) {
    return fail('TOO_SHORT', `A SOF number has at least ${resolved.minDigits} digits, e.g. ${example}: check that none is missing.`);
  }
  if (digits.length > resolved.maxDigits) {
    return fail('TOO_LONG', `A SOF number has at most ${resolved.maxDigits} digits, e.g. ${example}: check for an extra digit.`);
  }
  return { ok: true, sof: `${resolved.prefix.toUpperCase()}-${digits}` };
}

/**
 * Reads one SOF number given in a form field, by phone or in an API call, into its canonical
 * form `SOF-<digits>`. Tolerates case, spaces and separators (`sof 12345`, `SOF#12345`,
 * `SOF: 12345`, `sof_12345`, `SOF12345`, `SOF nº 12345`). A bare number (`12345`) is accepted
 * too, because the field already says it is a SOF and phone agents type only the digits; free
 * text needs the prefix (see `extractSofs`). Leading zeros are kept: a SOF is an identifier.
 *
 * ### Examples
 * ```ts
 * parseSof('sof: 12345');  // { ok: true, sof: 'SOF-12345' }
 * parseSof('12345');       // { ok: true, sof: 'SOF-12345' }
 * parseSof('SOF-12');      // { ok: false, reason: 'TOO_SHORT', message: 'A SOF number has at least 3 digits, …' }
 * parseSof('PO-12345');    // { ok: false, reason: 'NO_PREFIX', … }
 * ```
 */
export function parseSof(input: string, options: SofOptions = {}): SofParse {
  const resolved = resolve(options);
  const example = `${resolved.prefix.toUpperCase()}-12345`;
  const text = input.normalize('NFKC').trim();
  if (text === '') return fail('EMPTY', `No SOF number was given: it looks like ${example}.`);
  if (/^\d+$/.test(text)) return checkDigits(text, resolved);

  const withPrefix = new RegExp(`^${escapeRegExp(resolved.prefix)}(?<rest>.*)$`, 'isu').exec(text);
  if (withPrefix === null) {
    return /^\d/.test(text)
      ? fail('MALFORMED', `A SOF number is written like ${example}: only digits follow the prefix.`)
      : fail('NO_PREFIX', `A SOF number starts with ${resolved.prefix.toUpperCase()}, e.g. ${example}.`);
  }
  const rest = (withPrefix.groups?.['rest'] ?? '').replace(
    new RegExp(`^${SEPARATOR}*(?:${NUMBER_WORD}(?=${SEPARATOR}|\\d|$))?${SEPARATOR}*`, 'iu'),
    '',
  );
  if (rest === '') return fail('NO_DIGITS', `The SOF number has no digits: it looks like ${example}.`);
  if (!/^\d+$/.test(rest)) {
    return fail('MALFORMED', `A SOF number is written like ${example}: only digits follow the prefix.`);
  }
  return checkDigits(rest, resolved);
}

/**
 * Finds every SOF number mentioned in free text (an email subject and body), so a request is
 * linked to its service without the customer filling a field. Needs the prefix (a bare number
 * in prose could be anything) and whole words: `MYSOF-123` and `SOF-123abc` do not count.
 * Numbers with too few or too many digits are skipped. Canonical, unique, in order of appearance.
 *
 * ### Examples
 * ```ts
 * extractSofs('Link down on sof 12345, see also SOF#67890 and sof 12345'); // ['SOF-12345', 'SOF-67890']
 * extractSofs('MYSOF-123 and order 12345');                                  // []
 * ```
 */
export function extractSofs(text: string, options: SofOptions = {}): string[] {
  const resolved = resolve(options);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_])${escapeRegExp(resolved.prefix)}` +
      `${SEPARATOR}{0,3}(?:${NUMBER_WORD}${SEPARATOR}{0,3})?(\\d+)(?![\\p{L}\\p{N}_])`,
    'giu',
  );
  const found: string[] = [];
  for (const match of text.normalize('NFKC').matchAll(pattern)) {
    const parsed = checkDigits(match[1] ?? '', resolved);
    if (parsed.ok && !found.includes(parsed.sof)) found.push(parsed.sof);
  }
  return found;
}

/**
 * Validates a SOF number in API input and turns it into its canonical form, with the
 * parser's message as the issue, e.g. `SofSchema.parse('sof 12345')` → `'SOF-12345'`.
 */
export const SofSchema = z.string().transform((value, ctx) => {
  const parsed = parseSof(value);
  if (!parsed.ok) {
    ctx.addIssue(parsed.message);
    return z.NEVER;
  }
  return parsed.sof;
});
