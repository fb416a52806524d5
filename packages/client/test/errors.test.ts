// Every error class produced by a real failure of a real desk on 127.0.0.1, each with the request id
// of the answer that carried it (the `x-request-id` the desk logged), so a partner quoting it to the
// NOC finds the request.
import {
  AddressNotClaimableError,
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InputValidationError,
  LastAdministrativeContactError,
  NetworkError,
  NocdeskError,
  NotFoundError,
  RateLimitedError,
  ReporterNotAuthorizedError,
  TicketTransitionRefusedError,
} from '@nocdesk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type RunningDesk } from './support.js';

const REQUEST_ID = /^[0-9a-f-]{36}$/;

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(() => desk.close());

/** The rejection of `call`, failing the test when it resolves. */
async function failure(call: Promise<unknown>): Promise<NocdeskError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(NocdeskError);
  return outcome.error as NocdeskError;
}

describe('who may call', () => {
  it('an unknown key: AuthenticationError, HTTP 401, with the request id', async () => {
    const error = await failure(desk.client('ndp_not-a-real-key').tickets.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, requestId: expect.stringMatching(REQUEST_ID) });
  });

  it('no key where one is needed: AuthenticationError', async () => {
    const error = await failure(desk.client().tickets.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.requestId).toMatch(REQUEST_ID);
  });

  it('a partner key asking for the engineers’ queue: ForbiddenError', async () => {
    const error = await failure(desk.client(desk.credentials.partnerKey).queue.list());
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', requestId: expect.stringMatching(REQUEST_ID) });
  });
});

describe('typed errors of the result unions', () => {
  it('invalid input with two broken fields: one InputValidationError naming both', async () => {
    const error = await failure(desk.client(desk.credentials.partnerKey).tickets.create({ reporterEmail: 'not-an-address', subject: '   ', description: 'Link down.' }));
    expect(error).toBeInstanceOf(InputValidationError);
    const fields = new Set((error as InputValidationError).issues.map((issue) => issue.path.join('.')));
    expect([...fields]).toEqual(['input.reporterEmail', 'input.subject']);
    expect(error.requestId).toMatch(REQUEST_ID);
  });

  it('a BILLING contact as reporter: ReporterNotAuthorizedError with reason ROLE_NOT_ALLOWED', async () => {
    const error = await failure(desk.client(desk.credentials.partnerKey).tickets.create({ reporterEmail: 'billing@acme.example', subject: 'Invoice question', description: 'Please call me.' }));
    expect(error).toBeInstanceOf(ReporterNotAuthorizedError);
    expect(error).toMatchObject({ code: 'REPORTER_NOT_AUTHORIZED', reason: 'ROLE_NOT_ALLOWED', reporter: 'billing@acme.example', requestId: expect.stringMatching(REQUEST_ID) });
  });

  it('one idempotency key for two different tickets: IdempotencyKeyReusedError', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    await acme.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'First', description: 'One.' }, { idempotencyKey: 'reused-key' });
    const error = await failure(acme.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Second', description: 'Two.' }, { idempotencyKey: 'reused-key' }));
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(error).toMatchObject({ key: 'reused-key', requestId: expect.stringMatching(REQUEST_ID) });
  });

  it('another customer’s ticket: NotFoundError, never forbidden', async () => {
    const globexTicket = await desk.client(desk.credentials.otherPartnerKey).tickets.create({ reporterEmail: 'noc@globex.example', subject: 'Rack power', description: 'Feed B lost.' });
    const error = await failure(desk.client(desk.credentials.partnerKey).tickets.reopen({ ticketId: globexTicket.id, reason: 'Not ours to reopen.' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.requestId).toMatch(REQUEST_ID);
  });

  it('reopening a ticket that is still open: TicketTransitionRefusedError naming the rule and the status', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const ticket = await acme.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Still open', description: 'Nobody took it yet.' });
    const error = await failure(acme.tickets.reopen({ ticketId: ticket.id, reason: 'Please look again.' }));
    expect(error).toBeInstanceOf(TicketTransitionRefusedError);
    expect(error).toMatchObject({ code: 'TRANSITION_REFUSED', ticketStatus: 'OPEN', requestId: expect.stringMatching(REQUEST_ID) });
    expect((error as TicketTransitionRefusedError).reason).toEqual(expect.any(String));
  });
});

describe('contacts', () => {
  it('a partner adds and removes a contact of its own customer', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const customerId = (await acme.viewer()).customer!.id;
    const added = await acme.contacts.add({ customerId, name: 'Night shift', email: 'night@acme.example', roles: ['TECHNICAL'], language: 'en' });
    expect(added).toMatchObject({ email: 'night@acme.example', mayOpenTickets: true, active: true });
    expect((await acme.contacts.list()).map((c) => c.email)).toContain('night@acme.example');

    const duplicate = await failure(acme.contacts.add({ customerId, name: 'Night shift', email: 'night@acme.example', roles: ['TECHNICAL'] }));
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect(duplicate.requestId).toMatch(REQUEST_ID);

    const removed = await acme.contacts.remove({ contactId: added.id, reason: 'Shift disbanded' });
    expect(removed).toMatchObject({ active: false, removedReason: 'Shift disbanded' });
  });

  it('an address outside the customer’s verified domains: AddressNotClaimableError', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const customerId = (await acme.viewer()).customer!.id;
    const error = await failure(acme.contacts.add({ customerId, name: 'Someone', email: 'someone@elsewhere.example', roles: ['TECHNICAL'] }));
    expect(error).toBeInstanceOf(AddressNotClaimableError);
    expect(error).toMatchObject({ reason: 'NOT_CLAIMABLE_BY_PARTNER', requestId: expect.stringMatching(REQUEST_ID) });
  });

  it('removing the last ADMINISTRATIVE contact: LastAdministrativeContactError', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const admin = (await acme.contacts.list()).find((c) => c.roles.includes('ADMINISTRATIVE') && c.active)!;
    const error = await failure(acme.contacts.remove({ contactId: admin.id, reason: 'Leaving' }));
    expect(error).toBeInstanceOf(LastAdministrativeContactError);
    expect(error.requestId).toMatch(REQUEST_ID);
  });
});

describe('staff', () => {
  it('an engineer changes the level, with the reason in the history', async () => {
    const ticket = await desk.client(desk.credentials.partnerKey).tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Question about a report', description: 'No hurry.' });
    const engineer = desk.client(desk.credentials.engineerToken);
    const changed = await engineer.tickets.changePriority({ ticketId: ticket.id, level: 1, reason: 'Customer reports a full outage' });
    expect(changed.priority).toMatchObject({ level: 1, source: 'STAFF' });
    expect((await engineer.tickets.get(ticket.number))?.events.map((e) => e.reason)).toContain('Customer reports a full outage');

    let inQueue = 0;
    for await (const queued of engineer.queue.all({ pageSize: 2 })) if (queued.id === ticket.id) inQueue++;
    expect(inQueue).toBe(1);
  });

  it('staff walk every customer page by page', async () => {
    const names: string[] = [];
    for await (const customer of desk.client(desk.credentials.adminToken).customers.all({ pageSize: 1 })) names.push(customer.name);
    expect(names).toEqual(['Acme Networks', 'Globex Telecom']);
  });
});

describe('rate limits', () => {
  let limited: RunningDesk;
  beforeAll(async () => {
    limited = await startDesk({ env: { NOCDESK_RATE_LIMIT_PER_KEY: '3', NOCDESK_RATE_LIMIT_PER_IP: '2' } });
  });
  afterAll(() => limited.close());

  it('a key over its limit gets RateLimitedError with the seconds to wait and the request id', async () => {
    const partner = limited.client(limited.credentials.partnerKey, { retry: { maxRetries: 0 } });
    for (let call = 0; call < 3; call++) await partner.hotlines.list();
    const error = await failure(partner.hotlines.list());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, requestId: expect.stringMatching(REQUEST_ID) });
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('anonymous callers are limited per address: ticket numbers can be guessed', async () => {
    const anonymous = limited.client(undefined, { retry: { maxRetries: 0 } });
    for (let call = 0; call < 2; call++) await anonymous.ticketNumbers.check('NCC#1000002');
    expect(await failure(anonymous.ticketNumbers.check('NCC#1000002'))).toBeInstanceOf(RateLimitedError);
  });
});

describe('the network', () => {
  it('a desk that is not there: NetworkError, without a request id', async () => {
    const error = await failure(desk.client(undefined, { url: 'http://127.0.0.1:9/graphql', retry: false }).hotlines.list());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', timedOut: false, requestId: undefined });
  });
});
