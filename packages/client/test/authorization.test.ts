// Who may call what, as the client reports it: 401 and UNAUTHENTICATED become AuthenticationError,
// FORBIDDEN becomes ForbiddenError, and a staff-only mutation's typed errors keep their classes.
import { AuthenticationError, ConflictError, ForbiddenError, LastAdministrativeContactError, NotFoundError } from '@nocdesk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../../server/test/support/test-desk.js';
import { clientFor } from './support/desk-client.js';

let desk: TestDesk;
beforeAll(async () => {
  desk = await createTestDesk('sqlite');
});
afterAll(() => desk.close());

describe('authentication', () => {
  it('throws AuthenticationError (401) for an unknown token', async () => {
    const error = await clientFor(desk, 'not-a-real-token').viewer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('throws AuthenticationError when a token is needed and none was given', async () => {
    const error = await clientFor(desk).tickets().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
  });

  it('throws ForbiddenError when the token does not allow the operation', async () => {
    const error = await clientFor(desk, desk.credentials.partnerKey).queue().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('contacts', () => {
  it('lets a partner add and remove a contact of its own customer', async () => {
    const acme = clientFor(desk, desk.credentials.partnerKey);
    const viewer = await acme.viewer();
    const customerId = viewer.customer!.id;

    const added = await acme.addContact({ customerId, name: 'Night shift', email: 'night@acme.example', roles: ['TECHNICAL'], language: 'en' });
    expect(added).toMatchObject({ email: 'night@acme.example', mayOpenTickets: true, active: true });

    const duplicate = await acme.addContact({ customerId, name: 'Night shift', email: 'night@acme.example', roles: ['TECHNICAL'] }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ConflictError);

    const removed = await acme.removeContact({ contactId: added.id, reason: 'Shift disbanded' });
    expect(removed).toMatchObject({ active: false, removedReason: 'Shift disbanded' });
  });

  it('refuses to remove the last ADMINISTRATIVE contact', async () => {
    const acme = clientFor(desk, desk.credentials.partnerKey);
    const viewer = await acme.viewer();
    const admin = viewer.customer!.contacts.find((c) => c.roles.includes('ADMINISTRATIVE') && c.active)!;

    const error = await acme.removeContact({ contactId: admin.id, reason: 'Leaving' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LastAdministrativeContactError);
  });
});

describe('changeTicketPriority', () => {
  it('lets an engineer change the level, with the reason in the history', async () => {
    const ticket = await clientFor(desk, desk.credentials.partnerKey).createTicket({ reporterEmail: 'noc@acme.example', subject: 'Question about a report', description: 'No hurry.' });
    const engineer = clientFor(desk, desk.credentials.engineerToken);
    const changed = await engineer.changeTicketPriority({ ticketId: ticket.id, level: 1, reason: 'Customer reports a full outage' });

    expect(changed.priority).toMatchObject({ level: 1, source: 'STAFF' });
    const detail = await engineer.ticket(ticket.number);
    expect(detail?.events.map((e) => e.reason)).toContain('Customer reports a full outage');
  });

  it('throws NotFoundError for an unknown ticket', async () => {
    const engineer = clientFor(desk, desk.credentials.engineerToken);
    const unknownId = btoa('Ticket:00000000-0000-0000-0000-000000000000');
    const error = await engineer.changeTicketPriority({ ticketId: unknownId, level: 2, reason: 'Testing' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('is refused to a partner with ForbiddenError', async () => {
    const error = await clientFor(desk, desk.credentials.partnerKey).changeTicketPriority({ ticketId: 'x', level: 1, reason: 'Please' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
  });
});
