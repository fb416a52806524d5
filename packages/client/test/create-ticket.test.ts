// The portal/API channel through the client: a ticket comes back typed, every refusal as its own class.
import { IdempotencyKeyReusedError, InputValidationError, NocdeskError, ReporterNotAuthorizedError } from '@nocdesk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../../server/test/support/test-desk.js';
import { clientFor } from './support/desk-client.js';

let desk: TestDesk;
beforeAll(async () => {
  desk = await createTestDesk('sqlite');
});
afterAll(() => desk.close());

describe('createTicket', () => {
  it('opens a ticket as the Acme partner and reads it back by display number', async () => {
    const acme = clientFor(desk, desk.credentials.partnerKey);
    const ticket = await acme.createTicket({ reporterEmail: 'ops@acme.example', subject: 'Packet loss towards Lisbon', description: 'About 3% since 08:40 UTC.', sof: 'SOF-10001' });

    expect(ticket).toMatchObject({ status: 'OPEN', channel: 'PORTAL', customer: { name: 'Acme Networks' }, reporter: { email: 'ops@acme.example' }, service: { sof: 'SOF-10001' } });
    expect(ticket.number).toMatch(/^\d+$/);
    expect(ticket.displayNumber).toContain(ticket.number);

    const read = await acme.ticket(ticket.displayNumber);
    expect(read).toMatchObject({ id: ticket.id, number: ticket.number, subject: 'Packet loss towards Lisbon' });
    expect(read?.events.length).toBeGreaterThan(0);
  });

  it('refuses a BILLING contact with ReporterNotAuthorizedError and reason ROLE_NOT_ALLOWED', async () => {
    const acme = clientFor(desk, desk.credentials.partnerKey);
    const error = await acme.createTicket({ reporterEmail: 'billing@acme.example', subject: 'Invoice question', description: 'Please call me.' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ReporterNotAuthorizedError);
    expect(error).toBeInstanceOf(NocdeskError);
    expect(error).toMatchObject({ code: 'REPORTER_NOT_AUTHORIZED', reason: 'ROLE_NOT_ALLOWED', reporter: 'billing@acme.example' });
    expect((error as Error).message).not.toBe('');
  });

  it('returns the same ticket when retried with the same idempotency key', async () => {
    const acme = clientFor(desk, desk.credentials.partnerKey);
    const input = { reporterEmail: 'noc@acme.example', subject: 'BGP session flapping', description: 'AS64500 peer.', idempotencyKey: 'retry-after-timeout-1' };
    const first = await acme.createTicket(input);
    const retry = await acme.createTicket(input);

    expect(retry.number).toBe(first.number);
    expect(retry.id).toBe(first.id);
  });

  it('refuses the same idempotency key for a different request with IdempotencyKeyReusedError', async () => {
    const acme = clientFor(desk, desk.credentials.partnerKey);
    await acme.createTicket({ reporterEmail: 'noc@acme.example', subject: 'First', description: 'One.', idempotencyKey: 'reused-key' });
    const error = await acme.createTicket({ reporterEmail: 'noc@acme.example', subject: 'Second', description: 'Two.', idempotencyKey: 'reused-key' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', key: 'reused-key' });
  });

  it('reports invalid input with InputValidationError naming each field', async () => {
    const acme = clientFor(desk, desk.credentials.partnerKey);
    const error = await acme.createTicket({ reporterEmail: 'not-an-address', subject: 'Link down', description: 'x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues).toContainEqual({ path: ['input', 'reporterEmail'], message: expect.any(String) });
  });
});
