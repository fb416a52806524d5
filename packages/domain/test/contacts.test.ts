import { describe, it, expect } from 'vitest';
import {
  ContactRoleSchema,
  EmailAddressSchema,
  authorizeContact,
  authorizePhoneCaller,
  canRemoveContact,
  canUpdateContact,
  mayOpenTickets,
  normalizeEmail,
  normalizePhone,
} from '../src/index.js';
import type { ContactRecord, ServiceRecord } from '../src/index.js';

const contact = (overrides: Partial<ContactRecord> & Pick<ContactRecord, 'id' | 'email'>): ContactRecord => ({
  customerId: 'acme',
  roles: ['TECHNICAL'],
  active: true,
  ...overrides,
});

const noc = contact({ id: 'c1', email: 'noc@acme.example', phone: '+34 600 111 222', roles: ['TECHNICAL'] });
const boss = contact({ id: 'c2', email: 'Boss@Acme.Example', roles: ['ADMINISTRATIVE'] });
const billing = contact({ id: 'c3', email: 'billing@acme.example', roles: ['BILLING'] });
const former = contact({ id: 'c4', email: 'former@acme.example', active: false, phone: '+34 600 999 999' });
const books = contact({ id: 'c5', email: 'ana@xn--bcher-kva.example', roles: ['TECHNICAL'] });
const contacts = [noc, boss, billing, former, books];

const services: readonly ServiceRecord[] = [
  { id: 's1', customerId: 'acme', sof: 'SOF-12345', status: 'ACTIVE' },
  { id: 's2', customerId: 'globex', sof: 'SOF-99999', status: 'ACTIVE' },
  { id: 's3', customerId: 'acme', sof: 'SOF-55555', status: 'TERMINATED' },
  { id: 's4', customerId: 'acme', sof: 'sof 77777', status: 'SUSPENDED' },
];

describe('normalising addresses and numbers', () => {
  it.each([
    ['  Noc@ACME.Example ', 'noc@acme.example'],
    ['ana@bücher.example', 'ana@xn--bcher-kva.example'],
    ['Ana@BÜCHER.example', 'ana@xn--bcher-kva.example'],
    ['noc+alerts@acme.example', 'noc+alerts@acme.example'],
    ['noc@acme.example.', 'noc@acme.example'],
    ['not-an-address', 'not-an-address'],
  ])('%j compares as %j', (address, normalised) => {
    expect(normalizeEmail(address)).toBe(normalised);
  });

  it.each([
    ['+34 (91) 123-45-67', '+34911234567'],
    ['91.123.45.67', '911234567'],
    [' +1 555 010 0199 ', '+15550100199'],
    ['0034 600 111 222', '0034600111222'],
  ])('%j compares as %j', (phone, normalised) => {
    expect(normalizePhone(phone)).toBe(normalised);
  });

  it('validates and normalises addresses in API input', () => {
    expect(EmailAddressSchema.parse(' Ana@Bücher.Example ')).toBe('ana@xn--bcher-kva.example');
    expect(EmailAddressSchema.safeParse('ana@localhost').success).toBe(false);
    expect(EmailAddressSchema.safeParse('ana bob@acme.example').success).toBe(false);
    expect(ContactRoleSchema.safeParse('BILLING').success).toBe(true);
    expect(ContactRoleSchema.safeParse('OWNER').success).toBe(false);
  });
});

describe('who may open tickets by email, chat or portal', () => {
  it.each([
    ['noc@acme.example', 'c1'],
    ['NOC@Acme.EXAMPLE', 'c1'],
    ['boss@acme.example', 'c2'],
    ['ana@bücher.example', 'c5'],
    ['ANA@BÜCHER.EXAMPLE', 'c5'],
  ])('accepts %j as contact %s', (email, id) => {
    const decision = authorizeContact({ email, contacts });
    expect(decision.ok && decision.contact.id).toBe(id);
  });

  it.each([
    ['billing@acme.example', 'ROLE_NOT_ALLOWED'],
    ['former@acme.example', 'INACTIVE_CONTACT'],
    ['noc+test@acme.example', 'UNKNOWN_SENDER'],
    ['stranger@acme.example', 'UNKNOWN_SENDER'],
    ['', 'UNKNOWN_SENDER'],
  ] as const)('refuses %j as %s', (email, reason) => {
    expect(authorizeContact({ email, contacts })).toMatchObject({ ok: false, reason });
  });

  it('explains a refused billing contact by naming the allowed roles', () => {
    const decision = authorizeContact({ email: 'billing@acme.example', contacts });
    expect(decision).toMatchObject({ ok: false, reason: 'ROLE_NOT_ALLOWED', contact: { id: 'c3' } });
    expect(!decision.ok && decision.message).toMatch(/administrative or technical/);
  });

  it('tells a +tag sender to write from the registered address', () => {
    const decision = authorizeContact({ email: 'noc+test@acme.example', contacts });
    expect(!decision.ok && decision.message).toMatch(/\+tag/);
  });

  it("refuses a contact of another customer when a partner key restricts it", () => {
    expect(authorizeContact({ email: 'noc@acme.example', contacts, customerId: 'globex' })).toMatchObject({
      ok: false,
      reason: 'WRONG_CUSTOMER',
    });
  });

  it('prefers the allowed contact when one address is registered at two customers', () => {
    const twin = contact({ id: 'g1', customerId: 'globex', email: 'billing@acme.example', roles: ['TECHNICAL'] });
    const decision = authorizeContact({ email: 'billing@acme.example', contacts: [billing, twin] });
    expect(decision.ok && decision.contact.id).toBe('g1');
  });

  it.each([
    ['listed first', [noc, contact({ id: 'g1', customerId: 'globex', email: 'NOC@acme.example' })]],
    ['listed second', [contact({ id: 'g1', customerId: 'globex', email: 'NOC@acme.example' }), noc]],
  ])('does not pick whichever customer the store %s when an address is allowed at two', (_order, both) => {
    const decision = authorizeContact({ email: 'noc@acme.example', contacts: both });
    expect(decision).toMatchObject({ ok: false, reason: 'AMBIGUOUS_CONTACT' });
    expect(!decision.ok && decision.candidates?.map((c) => c.id).sort()).toEqual(['c1', 'g1']);
    expect(!decision.ok && decision.message).toMatch(/SOF number/);
  });

  it('resolves an address allowed at two customers by the customer a partner key or a ticket names', () => {
    const twin = contact({ id: 'g1', customerId: 'globex', email: 'noc@acme.example' });
    expect(authorizeContact({ email: 'noc@acme.example', contacts: [noc, twin], customerId: 'globex' })).toMatchObject({
      ok: true,
      contact: { id: 'g1' },
    });
  });

  it('is not ambiguous when the same customer lists the address twice', () => {
    const again = contact({ id: 'c9', email: 'noc@acme.example', roles: ['ADMINISTRATIVE'] });
    expect(authorizeContact({ email: 'noc@acme.example', contacts: [noc, again] })).toMatchObject({ ok: true, contact: { customerId: 'acme' } });
  });
});

describe('which contacts may open tickets at all', () => {
  it.each([
    ['an active technical contact', noc, true],
    ['an active administrative contact', boss, true],
    ['a billing contact', billing, false],
    ['an inactive technical contact', former, false],
    ['a guest recorded when staff accepted a message', contact({ id: 'g9', email: 'guest@gmail.example', roles: ['OTHER'], active: false }), false],
  ] as const)('%s: %s', (_who, who, may) => {
    expect(mayOpenTickets(who)).toBe(may);
  });
});

describe('who may be given support by phone', () => {
  it.each([
    [{ phone: '+34 600-111-222' }, 'SOF-12345'],
    [{ email: 'NOC@acme.example' }, 'sof 12345'],
    [{ email: 'boss@acme.example' }, '12345'],
  ])('accepts caller %j with their own active SOF %j', (caller, sof) => {
    const decision = authorizePhoneCaller({ caller, sof, contacts, services });
    expect(decision).toMatchObject({ ok: true, service: { id: 's1' } });
  });

  it.each([
    [{ phone: '+34 600 000 000' }, 'SOF-12345', 'CONTACT', 'UNKNOWN_SENDER'],
    [{}, 'SOF-12345', 'CONTACT', 'UNKNOWN_SENDER'],
    [{ phone: '+34 600 999 999' }, 'SOF-12345', 'CONTACT', 'INACTIVE_CONTACT'],
    [{ email: 'billing@acme.example' }, 'SOF-12345', 'CONTACT', 'ROLE_NOT_ALLOWED'],
    [{ email: 'stranger@acme.example' }, 'SOF-99999', 'CONTACT', 'UNKNOWN_SENDER'],
    [{ email: 'noc@acme.example' }, 'SOF-99999', 'SOF', 'SOF_FOREIGN'],
    [{ email: 'noc@acme.example' }, 'SOF-55555', 'SOF', 'SOF_INACTIVE'],
    [{ email: 'noc@acme.example' }, 'SOF-77777', 'SOF', 'SOF_INACTIVE'],
    [{ email: 'noc@acme.example' }, 'SOF-11111', 'SOF', 'SOF_UNKNOWN'],
    [{ email: 'noc@acme.example' }, 'SOF-1x', 'SOF', 'SOF_INVALID'],
    [{ email: 'noc@acme.example' }, ' ', 'SOF', 'SOF_MISSING'],
  ] as const)('refuses caller %j with SOF %j: %s check failed (%s)', (caller, sof, failed, reason) => {
    const decision = authorizePhoneCaller({ caller, sof, contacts, services });
    expect(decision).toMatchObject({ ok: false, failed, reason });
    expect(!decision.ok && decision.message).toMatch(/^[A-Z].*\.$/);
  });

  it("identifies a person registered at two customers by the customer owning the SOF", () => {
    const twin = contact({ id: 'g1', customerId: 'globex', email: 'noc@acme.example' });
    const decision = authorizePhoneCaller({ caller: { email: 'noc@acme.example' }, sof: 'SOF-99999', contacts: [noc, twin], services });
    expect(decision).toMatchObject({ ok: true, contact: { id: 'g1' }, service: { id: 's2' } });
  });

  it.each([
    ['a SOF of neither customer', 'SOF-11111'],
    ['the SOF of a terminated service', 'SOF-55555'],
    ['an unreadable SOF', 'SOF-1x'],
  ])('asks a person registered at two customers for the right SOF when they give %s', (_case, sof) => {
    const twin = contact({ id: 'g1', customerId: 'globex', email: 'noc@acme.example' });
    const decision = authorizePhoneCaller({ caller: { email: 'noc@acme.example' }, sof, contacts: [twin, noc], services });
    expect(decision).toMatchObject({ ok: false, failed: 'CONTACT', reason: 'AMBIGUOUS_CONTACT' });
  });
});

describe('keeping an administrative contact', () => {
  const second = contact({ id: 'c6', email: 'second@acme.example', roles: ['ADMINISTRATIVE', 'TECHNICAL'] });
  const otherCustomerAdmin = contact({ id: 'g2', customerId: 'globex', email: 'admin@globex.example', roles: ['ADMINISTRATIVE'] });
  const inactiveAdmin = contact({ id: 'c7', email: 'old@acme.example', roles: ['ADMINISTRATIVE'], active: false });

  it.each([
    ['the only administrative contact', boss, [boss, noc, billing], false],
    ['the only active one, beside an inactive one', boss, [boss, inactiveAdmin], false],
    ['the only one of its customer, beside another customer’s', boss, [boss, otherCustomerAdmin], false],
    ['one of two administrative contacts', boss, [boss, second], true],
    ['a technical contact', noc, [boss, noc], true],
    ['an inactive administrative contact', inactiveAdmin, [boss, inactiveAdmin], true],
  ] as const)('removing %s is allowed: %s', (_case, target, all, allowed) => {
    const result = canRemoveContact(target, all);
    expect(result.ok).toBe(allowed);
    if (!result.ok) expect(result.reason).toBe('LAST_ADMINISTRATIVE_CONTACT');
  });

  it.each([
    ['dropping the role of the last one', { ...boss, roles: ['TECHNICAL'] as const }, false],
    ['deactivating the last one', { ...boss, active: false }, false],
    ['changing only its phone', { ...boss, phone: '+34 600 000 001' }, true],
  ] as const)('%s is allowed: %s', (_case, next, allowed) => {
    expect(canUpdateContact(boss, next, [boss, noc]).ok).toBe(allowed);
  });
});
