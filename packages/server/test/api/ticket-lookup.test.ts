// SPEC §2.4 and step 2 of the procedure: a ticket number is checked (Damm check digit) before any
// lookup, and found however people write it: with or without the NCC# prefix, spaces or dashes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { openTicket, type TicketView } from './operations.js';

const CHECK = 'query ($input: String!) { checkTicketNumber(input: $input) { valid number displayNumber reason message } }';
const BY_NUMBER = 'query ($n: String!) { ticket(number: $n) { id number subject } }';

describe.each(DIALECTS)('ticket numbers (%s)', (dialect) => {
  let desk: TestDesk;
  let first: TicketView;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    first = await openTicket(desk, { subject: 'The first ticket of the desk' });
  });
  afterAll(async () => {
    await desk.close();
  });

  const check = async (input: string) => (await gql<{ checkTicketNumber: Record<string, unknown> }>(desk, CHECK, { input })).data?.checkTicketNumber;

  it('the first ticket of a fresh desk is 1000002 (sequence 100000 and its check digit)', () => {
    expect(first.number).toBe('1000002');
    expect(first.displayNumber).toBe('NCC#1000002');
  });

  it('checkTicketNumber accepts a valid number, anonymously, and gives its canonical and display forms', async () => {
    expect(await check('ncc# 100-000-2')).toEqual({ valid: true, number: '1000002', displayNumber: 'NCC#1000002', reason: null, message: null });
  });

  it('checkTicketNumber rejects an adjacent transposition with reason CHECK_DIGIT', async () => {
    const result = await check('1000020');
    expect(result).toMatchObject({ valid: false, number: null, displayNumber: null, reason: 'CHECK_DIGIT' });
    expect(result?.message).toMatch(/mistyped or swapped digit/);
  });

  it.each([
    ['', 'EMPTY'],
    ['10OO002', 'NOT_DIGITS'],
    ['7', 'TOO_SHORT'],
    ['1'.repeat(21), 'TOO_LONG'],
    ['1000003', 'CHECK_DIGIT'],
  ])('checkTicketNumber(%j) says why: %s', async (input, reason) => {
    const result = await check(input);
    expect(result).toMatchObject({ valid: false, reason });
    expect(String(result?.message)).not.toBe('');
  });

  it.each(['1000002', 'NCC#1000002', '1000-002', 'ncc 1000002', ' 1000002 ', '[NCC#1000002]', '#1000002', '100 000 2'])('ticket(%j) finds the ticket', async (n) => {
    const result = await gql<{ ticket: { id: string; number: string } | null }>(desk, BY_NUMBER, { n }, desk.credentials.partnerKey);
    expect(result.errors).toBeUndefined();
    expect(result.data?.ticket).toMatchObject({ id: first.id, number: '1000002' });
  });

  it('ticket() of a mistyped number is null, never another customer’s or a near neighbour', async () => {
    for (const n of ['1000020', '0100002', 'NCC#1000003']) {
      const result = await gql(desk, BY_NUMBER, { n }, desk.credentials.engineerToken);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ ticket: null });
    }
  });

  it('a ticket is also found by its global id through node, with the same fields', async () => {
    const result = await gql<{ node: { id: string; number: string; subject: string } | null }>(desk, 'query ($id: ID!) { node(id: $id) { id ... on Ticket { number subject } } }', { id: first.id }, desk.credentials.partnerKey);
    expect(result.data?.node).toEqual({ id: first.id, number: '1000002', subject: 'The first ticket of the desk' });
  });
});

describe.each(DIALECTS)('hotlines (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('lists every support number, anonymously', async () => {
    const result = await gql<{ hotlines: { region: string; country: string | null; phone: string; kind: string; languages: string[] }[] }>(desk, '{ hotlines { region country phone kind languages } }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.hotlines).toEqual(desk.config.hotlines.map((h) => ({ region: h.region, country: h.country ?? null, phone: h.phone, kind: h.kind, languages: [...h.languages] })));
    expect(result.data?.hotlines.map((h) => h.kind)).toEqual(expect.arrayContaining(['HOTLINE', 'IVR']));
  });

  it('filters by region', async () => {
    const result = await gql<{ hotlines: { region: string }[] }>(desk, '{ hotlines(region: "Americas") { region } }');
    expect(result.data?.hotlines.length).toBeGreaterThan(0);
    expect(new Set(result.data?.hotlines.map((h) => h.region))).toEqual(new Set(['Americas']));
  });
});
