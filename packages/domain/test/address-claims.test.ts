import { describe, it, expect } from 'vitest';
import { VerifiedDomainSchema, decideAddressClaim, isInVerifiedDomains } from '../src/index.js';
import type { AddressClaimInput, ContactRecord } from '../src/index.js';

const acmeNoc: ContactRecord = { id: 'c1', customerId: 'acme', email: 'noc@acme.example', roles: ['TECHNICAL'], active: true };
const globexShared: ContactRecord = { id: 'g1', customerId: 'globex', email: 'Shared@Acme.Example', roles: ['TECHNICAL'], active: true };
const globexRemoved: ContactRecord = { id: 'g2', customerId: 'globex', email: 'left@acme.example', roles: ['TECHNICAL'], active: false };

const claim = (overrides: Partial<AddressClaimInput>): AddressClaimInput => ({
  email: 'new.hire@acme.example',
  claimant: { kind: 'PARTNER' },
  customerId: 'acme',
  verifiedDomains: ['acme.example'],
  existingContacts: [],
  ...overrides,
});

describe('verified domains', () => {
  it.each([
    ['ana@acme.example', true],
    ['ANA@ACME.EXAMPLE.', true],
    ['ana@noc.acme.example', true],
    ['ana@deep.noc.acme.example', true],
    ['ana@evilacme.example', false],
    ['ana@acme.example.evil.example', false],
    ['ana@example', false],
    ['not-an-address', false],
  ])('%j is in the verified domain acme.example: %s', (email, inside) => {
    expect(isInVerifiedDomains(email, ['acme.example'])).toBe(inside);
  });

  it('compares international domains in punycode, whichever way they were written', () => {
    expect(isInVerifiedDomains('ana@bücher.example', ['xn--bcher-kva.example'])).toBe(true);
    expect(isInVerifiedDomains('ana@xn--bcher-kva.example', ['Bücher.Example'])).toBe(true);
  });

  it('never takes a bare top-level domain as verified', () => {
    expect(isInVerifiedDomains('ana@acme.example', ['example'])).toBe(false);
  });

  it('validates and normalises a verified domain in staff input', () => {
    expect(VerifiedDomainSchema.parse(' Bücher.Example. ')).toBe('xn--bcher-kva.example');
    expect(VerifiedDomainSchema.parse('@acme.example')).toBe('acme.example');
    expect(VerifiedDomainSchema.parse('*.acme.example')).toBe('acme.example');
    expect(VerifiedDomainSchema.safeParse('localhost').success).toBe(false);
    expect(VerifiedDomainSchema.safeParse('acme .example').success).toBe(false);
    expect(VerifiedDomainSchema.safeParse('-acme.example').success).toBe(false);
  });
});

describe('a partner registering an address for its customer', () => {
  it.each(['new.hire@acme.example', 'NOC@eu.acme.example', 'left@acme.example'])('may register %j in its verified domains', (email) => {
    expect(decideAddressClaim(claim({ email, existingContacts: [globexRemoved] }))).toMatchObject({
      ok: true,
      email: email.toLowerCase(),
      inVerifiedDomain: true,
      shared: false,
      sharedWith: [],
    });
  });

  it('may not register an address outside its verified domains (capturing another customer’s mail)', () => {
    expect(decideAddressClaim(claim({ email: 'ceo@globex.example' }))).toMatchObject({ ok: false, reason: 'NOT_CLAIMABLE_BY_PARTNER' });
    expect(decideAddressClaim(claim({ email: 'ana@acme.example', verifiedDomains: [] }))).toMatchObject({ ok: false, reason: 'NOT_CLAIMABLE_BY_PARTNER' });
  });

  it('may not register an active contact of another customer, even in its verified domains', () => {
    expect(decideAddressClaim(claim({ email: 'shared@acme.example', existingContacts: [globexShared] }))).toMatchObject({
      ok: false,
      reason: 'NOT_CLAIMABLE_BY_PARTNER',
    });
  });

  it('gets the same answer for a taken address as for a foreign domain, naming no other customer', () => {
    const taken = decideAddressClaim(claim({ email: 'shared@acme.example', existingContacts: [globexShared] }));
    const foreign = decideAddressClaim(claim({ email: 'ceo@globex.example' }));
    expect(taken).toEqual(foreign);
    expect(JSON.stringify(taken)).not.toMatch(/globex|another customer|already/i);
  });

  it('is told when the address is already a contact of its own customer', () => {
    expect(decideAddressClaim(claim({ email: 'noc@acme.example', existingContacts: [acmeNoc, globexShared] }))).toMatchObject({
      ok: false,
      reason: 'ALREADY_A_CONTACT',
    });
  });

  it('is refused an address that is not one', () => {
    expect(decideAddressClaim(claim({ email: 'noc at acme.example' }))).toMatchObject({ ok: false, reason: 'INVALID_ADDRESS' });
  });

  it('treats a +tag variant of another customer’s contact as a different address', () => {
    expect(decideAddressClaim(claim({ email: 'shared+acme@acme.example', existingContacts: [globexShared] }))).toMatchObject({ ok: true });
  });
});

describe('staff registering an address', () => {
  const staff = (overrides: Partial<AddressClaimInput>): AddressClaimInput => claim({ claimant: { kind: 'STAFF' }, verifiedDomains: [], ...overrides });

  it('may register any address, saying whether it lies in a verified domain', () => {
    expect(decideAddressClaim(staff({ email: 'marta.ruiz@gmail.example' }))).toEqual({
      ok: true,
      email: 'marta.ruiz@gmail.example',
      inVerifiedDomain: false,
      shared: false,
      sharedWith: [],
    });
  });

  it('is asked to confirm an address that is an active contact of another customer, and told which', () => {
    expect(decideAddressClaim(staff({ email: 'shared@acme.example', existingContacts: [globexShared] }))).toMatchObject({
      ok: false,
      reason: 'SHARED_ADDRESS_NOT_CONFIRMED',
      sharedWith: ['globex'],
    });
    expect(decideAddressClaim(staff({ email: 'shared@acme.example', existingContacts: [globexShared], confirmSharedAddress: false }))).toMatchObject({
      ok: false,
      reason: 'SHARED_ADDRESS_NOT_CONFIRMED',
    });
  });

  it('makes the address shared when confirming', () => {
    expect(decideAddressClaim(staff({ email: 'shared@acme.example', existingContacts: [globexShared], confirmSharedAddress: true }))).toEqual({
      ok: true,
      email: 'shared@acme.example',
      inVerifiedDomain: false,
      shared: true,
      sharedWith: ['globex'],
    });
  });

  it('needs no confirmation for an address another customer no longer has as an active contact', () => {
    expect(decideAddressClaim(staff({ email: 'left@acme.example', existingContacts: [globexRemoved] }))).toMatchObject({ ok: true, shared: false });
  });

  it('is told when the address is already a contact of this customer', () => {
    expect(decideAddressClaim(staff({ email: 'NOC@acme.example', existingContacts: [acmeNoc] }))).toMatchObject({ ok: false, reason: 'ALREADY_A_CONTACT' });
  });
});
