import { describe, it, expect } from 'vitest';
import { decideIntake } from '../src/index.js';
import type { Channel, ContactRecord, IntakeInput, ServiceRecord } from '../src/index.js';

const noc: ContactRecord = { id: 'c1', customerId: 'acme', email: 'noc@acme.example', phone: '+34600111222', roles: ['TECHNICAL'], active: true };
const billing: ContactRecord = { id: 'c3', customerId: 'acme', email: 'billing@acme.example', roles: ['BILLING'], active: true };
const services: readonly ServiceRecord[] = [
  { id: 's1', customerId: 'acme', sof: 'SOF-12345', status: 'ACTIVE' },
  { id: 's2', customerId: 'globex', sof: 'SOF-99999', status: 'ACTIVE' },
  { id: 's3', customerId: 'acme', sof: 'SOF-55555', status: 'TERMINATED' },
  { id: 's5', customerId: 'acme', sof: 'SOF-67890', status: 'ACTIVE' },
];

const request = (overrides: Partial<IntakeInput>): IntakeInput => ({
  channel: 'EMAIL',
  reporter: { email: 'noc@acme.example' },
  contacts: [noc, billing],
  sofs: [],
  services,
  priority: { text: 'Link down in Madrid' },
  ...overrides,
});

const written: readonly Channel[] = ['EMAIL', 'CHAT', 'PORTAL'];

describe.each(written)('intake by %s', (channel) => {
  it.each([
    [[], ['SOF_MISSING'], undefined],
    [['SOF-12345'], [], 's1'],
    [['sof 12345', 'SOF#12345'], [], 's1'],
    [['SOF-1x'], ['SOF_INVALID'], undefined],
    [['SOF-11111'], ['SOF_UNKNOWN'], undefined],
    [['SOF-99999'], ['SOF_FOREIGN'], undefined],
    [['SOF-55555'], ['SOF_INACTIVE'], undefined],
    [['SOF-99999', 'SOF-12345'], ['SOF_FOREIGN', 'SOF_MULTIPLE'], 's1'],
    [['SOF-12345', 'SOF-67890'], ['SOF_MULTIPLE'], 's1'],
    [['SOF-55555', 'SOF-1x', 'SOF-11111'], ['SOF_INACTIVE', 'SOF_INVALID', 'SOF_MULTIPLE', 'SOF_UNKNOWN'], undefined],
  ])('accepts SOFs %j with flags %j and service %s', (sofs, flags, serviceId) => {
    const decision = decideIntake(request({ channel, sofs }));
    expect(decision).toMatchObject({ kind: 'accept', channel, customerId: 'acme', contact: { id: 'c1' }, flags });
    expect(decision.kind === 'accept' ? decision.service?.id : 'rejected').toBe(serviceId);
  });

  it.each([
    ['billing@acme.example', 'ROLE_NOT_ALLOWED'],
    ['noc+x@acme.example', 'UNKNOWN_SENDER'],
    ['stranger@example.com', 'UNKNOWN_SENDER'],
  ] as const)('rejects sender %j as %s', (email, reason) => {
    expect(decideIntake(request({ channel, reporter: { email } }))).toMatchObject({ kind: 'reject', reason, failed: 'CONTACT' });
  });

  it('does not identify a written request by phone number', () => {
    expect(decideIntake(request({ channel, reporter: { phone: '+34600111222' } }))).toMatchObject({
      kind: 'reject',
      reason: 'UNKNOWN_SENDER',
    });
  });
});

describe('intake by phone', () => {
  const phone = (overrides: Partial<IntakeInput>): IntakeInput =>
    request({ channel: 'PHONE', reporter: { phone: '+34 600 111 222' }, sofs: ['SOF-12345'], ...overrides });

  it('accepts the right caller with their own active SOF', () => {
    expect(decideIntake(phone({}))).toMatchObject({ kind: 'accept', contact: { id: 'c1' }, service: { id: 's1' }, flags: [] });
  });

  it.each([
    [{ sofs: [] }, 'SOF', 'SOF_REQUIRED'],
    [{ sofs: ['  '] }, 'SOF', 'SOF_REQUIRED'],
    [{ sofs: ['SOF-1x'] }, 'SOF', 'SOF_INVALID'],
    [{ sofs: ['SOF-11111'] }, 'SOF', 'SOF_UNKNOWN'],
    [{ sofs: ['SOF-99999'] }, 'SOF', 'SOF_FOREIGN'],
    [{ sofs: ['SOF-55555'] }, 'SOF', 'SOF_INACTIVE'],
    [{ reporter: { phone: '+34 699 000 000' } }, 'CONTACT', 'UNKNOWN_SENDER'],
    [{ reporter: { email: 'billing@acme.example' } }, 'CONTACT', 'ROLE_NOT_ALLOWED'],
    [{ reporter: { phone: '+34 699 000 000' }, sofs: ['SOF-99999'] }, 'CONTACT', 'UNKNOWN_SENDER'],
  ] as const)('rejects %j: the %s check failed (%s)', (overrides, failed, reason) => {
    expect(decideIntake(phone(overrides))).toMatchObject({ kind: 'reject', channel: 'PHONE', failed, reason });
  });

  it('uses the own active SOF when the caller gives several', () => {
    expect(decideIntake(phone({ sofs: ['SOF-99999', 'SOF-12345'] }))).toMatchObject({
      kind: 'accept',
      service: { id: 's1' },
      flags: ['SOF_MULTIPLE'],
    });
  });
});

describe('priority at intake', () => {
  it('decides the level and flags a request that disagrees with the category', () => {
    const decision = decideIntake(
      request({ sofs: ['SOF-12345'], priority: { requestedLevel: 1, category: 'ADMINISTRATIVE', text: 'Invoice copy' } }),
    );
    expect(decision).toMatchObject({
      kind: 'accept',
      priority: { level: 1, source: 'requested', mismatch: true, suggestedLevel: 3 },
      flags: ['PRIORITY_MISMATCH'],
    });
  });

  it('sorts flags and lists each once', () => {
    const decision = decideIntake(request({ priority: { requestedLevel: 3, text: 'caída total del servicio' } }));
    expect(decision.kind === 'accept' && decision.flags).toEqual(['PRIORITY_MISMATCH', 'SOF_MISSING']);
  });

  it('gives Caída total del servicio level 1 by keyword', () => {
    const decision = decideIntake(request({ sofs: ['SOF-12345'], priority: { text: 'Caída total del servicio' } }));
    expect(decision).toMatchObject({ kind: 'accept', priority: { level: 1, source: 'keyword' }, flags: [] });
  });
});

describe('sender authentication', () => {
  it('rejects a registered address whose authentication failed, as a suspected forgery', () => {
    expect(decideIntake(request({ senderAuthentication: 'fail' }))).toMatchObject({
      kind: 'reject',
      reason: 'SENDER_NOT_AUTHENTICATED',
      failed: 'SENDER',
    });
  });

  it.each(['pass', 'none'] as const)('accepts a sender whose verdict is %s', (senderAuthentication) => {
    expect(decideIntake(request({ senderAuthentication })).kind).toBe('accept');
  });
});

describe('partner keys', () => {
  it("rejects a reporter of another customer than the key's", () => {
    expect(decideIntake(request({ channel: 'PORTAL', customerId: 'globex' }))).toMatchObject({
      kind: 'reject',
      reason: 'WRONG_CUSTOMER',
      failed: 'CONTACT',
    });
  });

  it("picks the contact of the key's customer when one address is registered at two", () => {
    const twin: ContactRecord = { ...noc, id: 'g1', customerId: 'globex' };
    const decision = decideIntake(request({ channel: 'PORTAL', contacts: [noc, twin], customerId: 'globex', sofs: ['SOF-99999'] }));
    expect(decision).toMatchObject({ kind: 'accept', customerId: 'globex', service: { id: 's2' }, flags: [] });
  });

  it('picks the customer owning the SOF when one address is registered at two and no key restricts it', () => {
    const twin: ContactRecord = { ...noc, id: 'g1', customerId: 'globex' };
    const decision = decideIntake(request({ contacts: [noc, twin], sofs: ['SOF-99999'] }));
    expect(decision).toMatchObject({ kind: 'accept', customerId: 'globex', contact: { id: 'g1' } });
  });
});
