import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  TicketNumberOptionsSchema,
  dammCheckDigit,
  displayTicketNumber,
  findTicketNumbersInSubject,
  formatTicketNumber,
  parseTicketNumber,
  ticketSubjectTag,
} from '../src/index.js';

const sequences = fc.oneof(
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  fc.bigInt({ min: 1n, max: 10n ** 19n - 1n }),
);
const NCC = { prefix: 'NCC#' } as const;

describe('Damm check digit', () => {
  it.each([
    ['572', 4],
    ['5724', 0],
    ['100042', 6],
    ['0', 0],
  ])('of %s is %i', (digits, check) => {
    expect(dammCheckDigit(digits)).toBe(check);
  });

  it.each(['', '12a', '-1', '１２'])('refuses %j, which is not ASCII digits', (digits) => {
    expect(() => dammCheckDigit(digits)).toThrow(RangeError);
  });
});

describe('formatting a sequence', () => {
  it.each([
    [1, '13'],
    [100042, '1000426'],
    [100042n, '1000426'],
    [9_007_199_254_740_991, '90071992547409917'],
    [10n ** 19n - 1n, '99999999999999999992'],
  ])('turns %s into %s', (sequence, number) => {
    expect(formatTicketNumber(sequence)).toBe(number);
  });

  it('keeps the canonical form whatever the display prefix', () => {
    expect(formatTicketNumber(100042, NCC)).toBe('1000426');
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 0n, -5n, 10n ** 19n])(
    'refuses %s with a RangeError',
    (sequence) => {
      expect(() => formatTicketNumber(sequence)).toThrow(RangeError);
    },
  );
});

describe('displaying a number', () => {
  it.each([
    ['1000426', {}, '1000426'],
    ['1000426', { prefix: 'NCC#' }, 'NCC#1000426'],
    ['1000426', { prefix: 'NCC#', groupSize: 3 }, 'NCC#100-042-6'],
    ['1000426', { groupSize: 4 }, '1000-426'],
    ['1000426', { groupSize: 0 }, '1000426'],
  ])('shows %s with %j as %s', (number, options, shown) => {
    expect(displayTicketNumber(number, options)).toBe(shown);
  });

  it('refuses a number that is not digits', () => {
    expect(() => displayTicketNumber('NCC#1')).toThrow(RangeError);
  });
});

describe('parsing what people type', () => {
  it.each([
    ['1000426', {}],
    ['  1000426\n', {}],
    ['#1000426', {}],
    ['100-042-6', {}],
    ['100 042 6', {}],
    ['100.042.6', {}],
    ['NCC#1000426', NCC],
    ['ncc#1000426', NCC],
    ['NCC 1000426', NCC],
    ['ncc1000426', NCC],
    ['NCC#100-042-6', NCC],
    ['[NCC#1000426]', NCC],
    ['01000426', {}],
  ])('accepts %j as 1000426', (input, options) => {
    expect(parseTicketNumber(input, options)).toEqual({ ok: true, number: '1000426' });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['#', 'NOT_DIGITS'],
    ['10OO427', 'NOT_DIGITS'],
    ['RT#1000426', 'NOT_DIGITS'],
    ['4', 'TOO_SHORT'],
    ['00', 'TOO_SHORT'],
    ['123456789012345678901', 'TOO_LONG'],
    ['1000462', 'CHECK_DIGIT'],
    ['1000428', 'CHECK_DIGIT'],
  ] as const)('rejects %j as %s with a message a person can act on', (input, reason) => {
    const parsed = parseTicketNumber(input, NCC);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toBe(reason);
    expect(parsed.message).toMatch(/^[A-Z].*\.$/);
  });

  it('explains a check-digit failure as a mistyped or swapped digit', () => {
    expect(parseTicketNumber('1000462')).toEqual({
      ok: false,
      reason: 'CHECK_DIGIT',
      message: 'The last digit does not match: check for a mistyped or swapped digit.',
    });
  });
});

describe('ticket number properties', () => {
  it('reads back every formatted number', () => {
    fc.assert(
      fc.property(sequences, (sequence) => {
        const number = formatTicketNumber(sequence);
        expect(parseTicketNumber(number)).toEqual({ ok: true, number });
        expect(number.slice(0, -1)).toBe(sequence.toString());
      }),
      { numRuns: 5000 },
    );
  });

  it('reads back every displayed number, with prefix and grouping', () => {
    fc.assert(
      fc.property(
        sequences,
        fc.constantFrom('', 'NCC#', 'T-', '#', 'Ticket '.trim()),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        (sequence, prefix, groupSize, lowerCase) => {
          const number = formatTicketNumber(sequence);
          const shown = displayTicketNumber(number, { prefix, groupSize });
          const typed = lowerCase ? shown.toLowerCase() : shown;
          expect(parseTicketNumber(typed, { prefix, groupSize })).toEqual({ ok: true, number });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rejects every single-digit substitution as CHECK_DIGIT', () => {
    fc.assert(
      fc.property(sequences, (sequence) => {
        const number = formatTicketNumber(sequence);
        // Collected and asserted once per number: an expect per typo made the property slow enough to time out.
        const notCaught: string[] = [];
        for (let position = 0; position < number.length; position += 1) {
          for (const digit of '0123456789') {
            if (digit === number[position]) continue;
            const typo = number.slice(0, position) + digit + number.slice(position + 1);
            const parsed = parseTicketNumber(typo);
            if (parsed.ok || parsed.reason !== 'CHECK_DIGIT') notCaught.push(typo);
          }
        }
        expect(notCaught, number).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects every adjacent transposition of differing digits as CHECK_DIGIT', () => {
    fc.assert(
      fc.property(sequences, (sequence) => {
        const number = formatTicketNumber(sequence);
        const notCaught: string[] = [];
        for (let position = 0; position + 1 < number.length; position += 1) {
          const [a, b] = [number[position], number[position + 1]];
          if (a === b || a === undefined || b === undefined) continue;
          const swapped = number.slice(0, position) + b + a + number.slice(position + 2);
          const parsed = parseTicketNumber(swapped);
          if (parsed.ok || parsed.reason !== 'CHECK_DIGIT') notCaught.push(swapped);
        }
        expect(notCaught, number).toEqual([]);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('email subject tags', () => {
  it.each([
    ['1000426', {}, '[1000426]'],
    ['1000426', NCC, '[NCC#1000426]'],
  ])('tags %s with %j as %s', (number, options, tag) => {
    expect(ticketSubjectTag(number, options)).toBe(tag);
  });

  it.each([
    ['Re: [NCC#1000426] Link down', ['1000426']],
    ['RE: [ncc#1000426] Link down', ['1000426']],
    ['Re: [NCC #1000426] Link down', ['1000426']],
    ['Circuit [1000426] down: the prefix is required when one is configured', []],
    ['Re: [#1000426]', []],
    ['Re: [NCC#1000426] Fwd: [NCC#1000426] [NCC#13]', ['1000426', '13']],
    ['Re: [NCC#1000462] typo in the tag', []],
    ['Re: NCC#1000426 without brackets', []],
    ['[RT#1000426] another desk', []],
    ['[URGENT] [2025] Link down', []],
  ])('finds in %j the numbers %j', (subject, numbers) => {
    expect(findTicketNumbersInSubject(subject, NCC)).toEqual(numbers);
  });

  it.each(['NCC-', 'INC:', 'T', 'NOC/', 'ncc#'])('finds its own tags with the prefix %j', (prefix) => {
    const number = formatTicketNumber(100042);
    expect(findTicketNumbersInSubject(`Re: ${ticketSubjectTag(number, { prefix })} Link down`, { prefix })).toEqual([number]);
  });

  it('reads bare [number] tags when no prefix is configured', () => {
    expect(findTicketNumbersInSubject('Re: [1000426] Link down')).toEqual(['1000426']);
    expect(findTicketNumbersInSubject('Re: [#1000426]')).toEqual(['1000426']);
  });

  it('round-trips every tag it writes', () => {
    fc.assert(
      fc.property(sequences, fc.string(), (sequence, rest) => {
        const number = formatTicketNumber(sequence);
        const subject = `Re: ${ticketSubjectTag(number, NCC)} ${rest.replace(/[[\]]/g, '')}`;
        expect(findTicketNumbersInSubject(subject, NCC)).toEqual([number]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('display options from configuration', () => {
  it.each([
    [{ prefix: 'NCC#', groupSize: 3 }, true],
    [{}, true],
    [{ prefix: 'N1' }, false],
    [{ prefix: '[NCC]' }, false],
    [{ groupSize: -1 }, false],
    [{ groupSize: 2.5 }, false],
  ])('validates %j as %s', (options, valid) => {
    expect(TicketNumberOptionsSchema.safeParse(options).success).toBe(valid);
  });
});
