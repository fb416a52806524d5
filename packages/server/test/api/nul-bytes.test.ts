// Pasted router output sometimes carries a NUL byte, which PostgreSQL text cannot hold: the request is
// still recorded (NUL shown as U+FFFD), on every dialect, by the portal and by email alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEmail } from '../../src/channels/email/inbound/ingest-email.js';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { openTicket } from './operations.js';

describe.each(DIALECTS)('NUL bytes in requests (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('a portal ticket with a NUL in its description is created', async () => {
    const ticket = await openTicket(desk, { reporterEmail: 'noc@acme.example', subject: 'Router dump\u0000', description: 'show log\u0000 output' });
    expect(ticket.subject).toBe('Router dump\uFFFD');
  });

  it('a customer name with a NUL is stored, not refused with a server error', async () => {
    const result = await gql<{ createCustomer: { __typename: string; customer?: { name: string } } }>(
      desk,
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { __typename ... on MutationCreateCustomerSuccess { customer { name } } } }',
      { i: { name: 'Pasted\u0000 Name' } },
      desk.credentials.adminToken,
    );
    expect(result.data?.createCustomer.customer?.name).toBe('Pasted\uFFFD Name');
  });

  it('an email with a NUL in its body becomes a ticket', async () => {
    const raw = ['From: ops@acme.example', 'To: ncc@nocdesk.example', 'Subject: Interface errors', 'Message-ID: <nul-1@acme.example>', 'Content-Type: text/plain; charset=utf-8', '', 'CRC errors\u0000 on xe-0/0/1', ''].join('\r\n');
    const result = await ingestEmail(desk, Buffer.from(raw));
    expect(result.outcome).toBe('CREATED');
    const message = await desk.store.db.selectFrom('messages').select('body').where('message_id', '=', 'nul-1@acme.example').executeTakeFirstOrThrow();
    expect(message.body).toContain('CRC errors\uFFFD on xe-0/0/1');
  });
});
