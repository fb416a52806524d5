import { describe, it, expect } from 'vitest';
import { SenderAuthenticationSchema, assessSenderAuthentication, decideAcceptedIntake, decideIntake, mayExplainRejection } from '../src/index.js';
import type { AcceptedIntakeInput, Channel, ContactRecord, IntakeInput, SenderAuthentication, ServiceRecord } from '../src/index.js';

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
  it.each([
    ['a DMARC fail', { result: 'fail', mechanism: 'dmarc' }],
    ['a fail of unnamed mechanism', { result: 'fail' }],
    ['a DMARC fail about the From domain', { result: 'fail', mechanism: 'dmarc', domain: 'ACME.example' }],
  ] as const)('rejects a registered address with %s as a suspected forgery, and does not answer it', (_case, senderAuthentication) => {
    expect(decideIntake(request({ senderAuthentication }))).toMatchObject({
      kind: 'reject',
      reason: 'SENDER_NOT_AUTHENTICATED',
      failed: 'SENDER',
      mayExplainToSender: false,
    });
  });

  it('rejects a forged unregistered sender as forged too, so no explanation goes to the real owner', () => {
    expect(
      decideIntake(request({ reporter: { email: 'ceo@bank.example' }, senderAuthentication: { result: 'fail', mechanism: 'dmarc' } })),
    ).toMatchObject({ kind: 'reject', reason: 'SENDER_NOT_AUTHENTICATED', mayExplainToSender: false });
  });

  it.each([
    ['no verdict', { result: 'none' }],
    ['an SPF fail alone (forwarded mail)', { result: 'fail', mechanism: 'spf' }],
    ['a DKIM fail alone (a list footer)', { result: 'fail', mechanism: 'dkim' }],
    ['a pass for another domain', { result: 'pass', mechanism: 'dkim', domain: 'esp.example' }],
  ] as const)('accepts a sender with %s, flagged SENDER_UNVERIFIED', (_case, senderAuthentication) => {
    expect(decideIntake(request({ sofs: ['SOF-12345'], senderAuthentication }))).toMatchObject({ kind: 'accept', flags: ['SENDER_UNVERIFIED'] });
  });

  it.each([
    ['a DMARC pass', { result: 'pass', mechanism: 'dmarc' }],
    ['a DKIM pass of a subdomain', { result: 'pass', mechanism: 'dkim', domain: 'mail.acme.example' }],
    ['no verdict at all (portal with an API key)', undefined],
    ['a null verdict', null],
  ] as const)('accepts a sender with %s without a flag', (_case, senderAuthentication) => {
    expect(decideIntake(request({ sofs: ['SOF-12345'], senderAuthentication }))).toMatchObject({ kind: 'accept', flags: [] });
  });

  it.each([
    [{ result: 'pass', mechanism: 'dmarc' }, 'AUTHENTICATED'],
    [{ result: 'pass', mechanism: 'spf', domain: 'acme.example' }, 'AUTHENTICATED'],
    [{ result: 'pass', mechanism: 'dkim', domain: 'example' }, 'UNVERIFIED'],
    [{ result: 'pass', mechanism: 'dkim', domain: 'evilacme.example' }, 'UNVERIFIED'],
    [{ result: 'fail', mechanism: 'dmarc' }, 'FORGED'],
    [{ result: 'fail', mechanism: 'dmarc', domain: 'other.example' }, 'UNVERIFIED'],
    [{ result: 'fail', mechanism: 'spf' }, 'UNVERIFIED'],
    [{ result: 'none', mechanism: 'dmarc' }, 'UNVERIFIED'],
    [undefined, 'NOT_CHECKED'],
  ] as const)('reads verdict %j for noc@acme.example as %s', (verdict, outcome) => {
    expect(assessSenderAuthentication('noc@acme.example', verdict)).toBe(outcome);
  });

  it('reads a verdict about an international domain written in Unicode', () => {
    expect(assessSenderAuthentication('ana@xn--bcher-kva.example', { result: 'pass', mechanism: 'dkim', domain: 'Bücher.example' })).toBe(
      'AUTHENTICATED',
    );
  });

  it('validates verdicts handed over by a mail gateway', () => {
    expect(SenderAuthenticationSchema.safeParse({ result: 'pass', mechanism: 'dmarc', domain: 'acme.example' }).success).toBe(true);
    expect(SenderAuthenticationSchema.safeParse({ result: 'softfail' }).success).toBe(false);
    expect(SenderAuthenticationSchema.safeParse({ result: 'pass', mechanism: 'arc' }).success).toBe(false);
  });

  it('explains every rejection to the sender except a forged one', () => {
    expect(mayExplainRejection('SENDER_NOT_AUTHENTICATED')).toBe(false);
    expect(mayExplainRejection('UNKNOWN_SENDER')).toBe(true);
    expect(mayExplainRejection('AMBIGUOUS_CONTACT')).toBe(true);
    expect(decideIntake(request({ reporter: { email: 'stranger@example.com' } }))).toMatchObject({ kind: 'reject', mayExplainToSender: true });
  });
});

describe('an address registered with several customers', () => {
  const twin: ContactRecord = { ...noc, id: 'g1', customerId: 'globex' };
  const initech: ServiceRecord = { id: 's7', customerId: 'initech', sof: 'SOF-31337', status: 'ACTIVE' };
  const suspended: ServiceRecord = { id: 's8', customerId: 'globex', sof: 'SOF-44444', status: 'SUSPENDED' };

  it.each([
    ['the Acme contact listed first', [noc, twin]],
    ['the Globex contact listed first', [twin, noc]],
  ])('no longer opens the ticket at whichever customer the store listed first (%s)', (_order, contacts) => {
    expect(decideIntake(request({ contacts }))).toMatchObject({
      kind: 'reject',
      reason: 'AMBIGUOUS_CONTACT',
      failed: 'CONTACT',
      mayExplainToSender: true,
      candidateCustomerIds: ['acme', 'globex'],
    });
  });

  it.each([
    ['SOFs of both customers', ['SOF-12345', 'SOF-99999']],
    ['a SOF of a third customer', ['SOF-31337']],
    ['the SOF of a suspended service', ['SOF-44444']],
    ['an unknown SOF', ['SOF-11111']],
  ])('rejects it as ambiguous when it gives %s', (_case, sofs) => {
    const decision = decideIntake(request({ contacts: [noc, twin], sofs, services: [...services, initech, suspended] }));
    expect(decision).toMatchObject({ kind: 'reject', reason: 'AMBIGUOUS_CONTACT' });
  });

  it('opens the ticket at the one customer owning the active SOF given, whatever the store order', () => {
    for (const contacts of [[noc, twin], [twin, noc]]) {
      expect(decideIntake(request({ contacts, sofs: ['SOF-12345'] }))).toMatchObject({ kind: 'accept', customerId: 'acme', contact: { id: 'c1' } });
    }
  });

  it('is not ambiguous when only one of the customers allows it to open tickets', () => {
    const billingTwin: ContactRecord = { ...twin, roles: ['BILLING'] };
    expect(decideIntake(request({ contacts: [billingTwin, noc] }))).toMatchObject({ kind: 'accept', customerId: 'acme' });
  });

  it('rejects a phone caller registered at two customers whose SOF names neither', () => {
    const decision = decideIntake(
      request({ channel: 'PHONE', reporter: { phone: '+34600111222' }, contacts: [noc, twin], sofs: ['SOF-31337'], services: [...services, initech] }),
    );
    expect(decision).toMatchObject({ kind: 'reject', reason: 'AMBIGUOUS_CONTACT', failed: 'CONTACT' });
  });
});

describe('staff accepting a rejected intake', () => {
  const guest: ContactRecord = { id: 'g7', customerId: 'acme', email: 'marta.ruiz@gmail.example', roles: ['OTHER'], active: false };
  const accepted = (overrides: Partial<AcceptedIntakeInput>): AcceptedIntakeInput => ({
    channel: 'EMAIL',
    customerId: 'acme',
    contact: guest,
    sofs: [],
    services,
    priority: { text: 'Link down in Madrid' },
    ...overrides,
  });

  it('accepts a guest sender decideIntake would reject, for the customer staff chose', () => {
    expect(decideIntake(request({ reporter: { email: guest.email }, contacts: [guest] }))).toMatchObject({ kind: 'reject' });
    expect(decideAcceptedIntake(accepted({}))).toMatchObject({
      kind: 'accept',
      channel: 'EMAIL',
      customerId: 'acme',
      contact: { id: 'g7' },
      priority: { level: 1, source: 'keyword' },
      flags: ['SOF_MISSING'],
    });
  });

  it.each([
    [['SOF-12345'], [], 's1'],
    [['SOF-99999'], ['SOF_FOREIGN'], undefined],
    [['SOF-55555'], ['SOF_INACTIVE'], undefined],
    [['SOF-99999', 'SOF-67890'], ['SOF_FOREIGN', 'SOF_MULTIPLE'], 's5'],
    [['SOF-1x'], ['SOF_INVALID'], undefined],
  ])('checks SOFs %j against the chosen customer: flags %j, service %s', (sofs, flags, serviceId) => {
    const decision = decideAcceptedIntake(accepted({ sofs }));
    expect(decision.flags).toEqual(flags);
    expect(decision.service?.id).toBe(serviceId);
  });

  it('checks SOFs against the customer staff chose, not the one the SOF belongs to', () => {
    expect(decideAcceptedIntake(accepted({ customerId: 'globex', contact: { ...guest, customerId: 'globex' }, sofs: ['SOF-99999'] }))).toMatchObject({
      customerId: 'globex',
      service: { id: 's2' },
      flags: [],
    });
  });

  it('flags a requested level that disagrees, as at intake', () => {
    const decision = decideAcceptedIntake(accepted({ sofs: ['SOF-12345'], priority: { requestedLevel: 1, category: 'ADMINISTRATIVE', text: 'Invoice copy' } }));
    expect(decision).toMatchObject({ priority: { level: 1, mismatch: true }, flags: ['PRIORITY_MISMATCH'] });
  });

  it('flags SOF problems of a phone request instead of rejecting it', () => {
    expect(decideAcceptedIntake(accepted({ channel: 'PHONE' }))).toMatchObject({ kind: 'accept', channel: 'PHONE', flags: ['SOF_MISSING'] });
  });

  it.each([
    [{ result: 'fail', mechanism: 'dmarc' }, ['SENDER_UNVERIFIED']],
    [{ result: 'none' }, ['SENDER_UNVERIFIED']],
    [{ result: 'pass', mechanism: 'dmarc' }, []],
    [undefined, []],
  ] as const)('keeps a sender with verdict %j flagged %j: accepting does not prove who wrote', (verdict, flags) => {
    const senderAuthentication: SenderAuthentication | undefined = verdict;
    expect(decideAcceptedIntake(accepted({ sofs: ['SOF-12345'], senderAuthentication })).flags).toEqual(flags);
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
