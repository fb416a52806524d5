import { describe, it, expect } from 'vitest';
import { SofSchema, extractSofs, parseSof } from '../src/index.js';

describe('parsing a SOF number given in a field', () => {
  it.each([
    ['SOF-12345', 'SOF-12345'],
    ['sof 12345', 'SOF-12345'],
    ['SOF#12345', 'SOF-12345'],
    ['SOF–12345', 'SOF-12345'],
    ['SOF—12345', 'SOF-12345'],
    ['SOF: 12345', 'SOF-12345'],
    ['sof_12345', 'SOF-12345'],
    ['SOF12345', 'SOF-12345'],
    ['SOF nº 12345', 'SOF-12345'],
    ['SOF n° 12345', 'SOF-12345'],
    ['SOF No. 12345', 'SOF-12345'],
    ['Sof/12345', 'SOF-12345'],
    ['  SOF - 12345  ', 'SOF-12345'],
    ['12345', 'SOF-12345'],
    ['SOF-00123', 'SOF-00123'],
    ['ＳＯＦ－１２３４５', 'SOF-12345'],
  ])('reads %j as %s', (input, sof) => {
    expect(parseSof(input)).toEqual({ ok: true, sof });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['PO-12345', 'NO_PREFIX'],
    ['MYSOF-12345', 'NO_PREFIX'],
    ['SOF', 'NO_DIGITS'],
    ['SOF-', 'NO_DIGITS'],
    ['SOF-12', 'TOO_SHORT'],
    ['12', 'TOO_SHORT'],
    ['SOF-1234567890123', 'TOO_LONG'],
    ['SOF-12a45', 'MALFORMED'],
    ['SOF 123 456', 'MALFORMED'],
    ['SOFA 12345', 'MALFORMED'],
    ['12345-SOF', 'MALFORMED'],
  ] as const)('rejects %j as %s with a message', (input, reason) => {
    const parsed = parseSof(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toBe(reason);
    expect(parsed.message).toMatch(/^[A-Z].*\.$/);
  });

  it('follows a configured pattern', () => {
    const options = { prefix: 'ord', minDigits: 6, maxDigits: 8 };
    expect(parseSof('ORD 123456', options)).toEqual({ ok: true, sof: 'ORD-123456' });
    expect(parseSof('ORD 12345', options)).toMatchObject({ ok: false, reason: 'TOO_SHORT' });
    expect(parseSof('SOF-123456', options)).toMatchObject({ ok: false, reason: 'NO_PREFIX' });
  });
});

describe('finding SOF numbers in free text', () => {
  it.each([
    ['Link down on sof 12345 since 10:00', ['SOF-12345']],
    ['SOF#12345, SOF: 67890 and again sof-12345', ['SOF-12345', 'SOF-67890']],
    ['Servicio SOF nº 55501 caído', ['SOF-55501']],
    ['Ref (SOF_12345).', ['SOF-12345']],
    ['Circuit SOF–44321 (autocorrected dash)', ['SOF-44321']],
    ['MYSOF-123 is not ours', []],
    ['SOF-123abc is a part code', []],
    ['order 12345 without a prefix', []],
    ['SOF-12 is too short and SOF-1234567890123 too long', []],
    ['software 12345', []],
    ['', []],
  ])('finds in %j the SOFs %j', (text, sofs) => {
    expect(extractSofs(text)).toEqual(sofs);
  });
});

describe('SOF numbers in API input', () => {
  it('turns any accepted form into the canonical one', () => {
    expect(SofSchema.parse(' sof 12345 ')).toBe('SOF-12345');
  });

  it("refuses an unreadable SOF with the parser's message", () => {
    const result = SofSchema.safeParse('SOF-12');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/at least 3 digits/);
  });
});
