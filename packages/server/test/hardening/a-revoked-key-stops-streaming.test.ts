// Security probe, finding "a revoked key kept streaming": authorization was checked when a subscription
// opened, so a partner key revoked afterwards kept receiving its customer's ticket changes for as long as
// the connection lived. The stream now checks the credential in the store before every event and ends
// with UNAUTHENTICATED once it is revoked, also in production, where the HTTP layer trusts a resolved
// token for a few seconds (the stream does not use that cache).
import { afterEach, describe, expect, it } from 'vitest';
import { revokeCredentialById } from '../../src/store/credentials.js';
import { createTestDesk, DIALECTS, gql, subscribe, until, type TestDesk } from '../support/index.js';

const TICKET_CHANGED = 'subscription { ticketChanged { type ticket { subject } } }';
const CREATE_TICKET = 'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { __typename } }';

describe.each(DIALECTS)('a revoked key stops streaming (%s)', (dialect) => {
  let desk: TestDesk | undefined;
  afterEach(async () => {
    await desk?.close();
    desk = undefined;
  });

  /** A fresh partner key of Acme, and its id in the store. */
  async function mintAcmeKey(on: TestDesk, name: string): Promise<{ key: string; id: string }> {
    const acme = await on.store.db.selectFrom('customers').select('id').where('name', '=', 'Acme Networks').executeTakeFirstOrThrow();
    const minted = await gql<{ createPartnerKey: { partnerKey: { key: string } } }>(
      on,
      'mutation ($id: ID!, $name: String!) { createPartnerKey(input: { customerId: $id, name: $name }) { ... on MutationCreatePartnerKeySuccess { partnerKey { key } } } }',
      { id: Buffer.from(`Customer:${acme.id}`).toString('base64'), name },
      on.credentials.adminToken,
    );
    const row = await on.store.db.selectFrom('partner_keys').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    return { key: minted.data!.createPartnerKey.partnerKey.key, id: row.id };
  }

  async function openAcmeTicket(on: TestDesk, subject: string): Promise<void> {
    const answer = await gql<{ createTicket: { __typename: string } }>(on, CREATE_TICKET, { input: { reporterEmail: 'noc@acme.example', subject, description: 'No traffic.' } }, on.credentials.adminToken);
    expect(answer.data?.createTicket.__typename).toBe('MutationCreateTicketSuccess');
  }

  for (const mode of ['development', 'production'] as const) {
    it(`ends the stream with UNAUTHENTICATED at the first event after the key is revoked, carrying none of it (${mode})`, async () => {
      const on = (desk = await createTestDesk(dialect, mode === 'production' ? { NODE_ENV: 'production' } : {}));
      const { key, id } = await mintAcmeKey(on, `portal-${mode}`);
      const stream = await subscribe(on, TICKET_CHANGED, key);
      try {
        // The stream is live: it hears a ticket opened while the key is valid.
        await openAcmeTicket(on, 'Before revocation');
        await until(() => stream.events.length > 0);
        expect(stream.events).toEqual([{ data: { ticketChanged: { type: 'CREATED', ticket: { subject: 'Before revocation' } } } }]);

        expect(await revokeCredentialById(on.store.db, id, on.now())).toBe(true);
        await openAcmeTicket(on, 'After revocation');
        let ended = false;
        void stream.ended.then(() => (ended = true));
        await until(() => ended);
        expect(ended, 'the server ended the stream').toBe(true);
        expect(JSON.stringify(stream.events)).not.toContain('After revocation');
        expect(stream.events.slice(1)).toEqual([{ errors: [expect.objectContaining({ message: 'The token was revoked: this stream is closed.', extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })] }]);
      } finally {
        await stream.close();
      }
    });
  }

  it('keeps streaming for a key that is still valid while another is revoked', async () => {
    const on = (desk = await createTestDesk(dialect));
    const revoked = await mintAcmeKey(on, 'portal-leaving');
    const kept = await mintAcmeKey(on, 'portal-staying');
    const stream = await subscribe(on, TICKET_CHANGED, kept.key);
    try {
      await openAcmeTicket(on, 'First');
      await until(() => stream.events.length > 0);
      await revokeCredentialById(on.store.db, revoked.id, on.now());
      await openAcmeTicket(on, 'Second');
      await until(() => stream.events.length > 1);
      expect(stream.events.map((e) => e.data?.ticketChanged?.ticket?.subject)).toEqual(['First', 'Second']);
    } finally {
      await stream.close();
    }
  });
});
