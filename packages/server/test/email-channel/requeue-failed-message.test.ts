// A message the relay refused for good waits for staff: they see it with the relay's answer, and once
// the relay is fixed they put it back in the queue; it is then sent once, and the audit log says why.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundEmail } from '../../src/notifications/outbound-email.js';
import { createDispatcher } from '../../src/dispatch/dispatcher.js';
import type { EmailSendResult } from '../../src/channels/email/outbound/email-transport.js';
import { openTicket } from '../api/operations.js';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';

describe.each(DIALECTS)('failed outbox messages (%s)', (dialect) => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await createTestDesk(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  it('are listed for engineers, requeued with a reason, then sent once', async () => {
    const ticket = await openTicket(desk, { reporterEmail: 'noc@acme.example', subject: 'Link down', description: 'No traffic.' });
    let answer: EmailSendResult = { accepted: false, permanent: true, detail: '550 5.7.1 Relay access denied' };
    const sent: string[] = [];
    const dispatcher = createDispatcher(desk, {
      transport: {
        async send(mail: OutboundEmail) {
          if (answer.accepted) sent.push(mail.messageId);
          return answer;
        },
      },
    });
    expect(await dispatcher.runOnce()).toBe(0);

    const failed = await gql<{ outboxMessages: { edges: { node: { id: string; status: string; lastError: string; recipient: string; ticket: { number: string } } }[] } }>(
      desk,
      '{ outboxMessages(first: 10) { edges { node { id status lastError recipient ticket { number } } } } }',
      {},
      desk.credentials.engineerToken,
    );
    const node = failed.data?.outboxMessages.edges[0]?.node;
    expect(node).toMatchObject({ status: 'FAILED', lastError: '550 5.7.1 Relay access denied', recipient: 'noc@acme.example', ticket: { number: ticket.number } });

    const partner = await gql(desk, '{ outboxMessages(first: 1) { edges { node { id } } } }', {}, desk.credentials.partnerKey);
    expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const noReason = await gql<{ requeueOutboxMessage: { __typename: string } }>(desk, 'mutation($i: RequeueOutboxMessageInput!) { requeueOutboxMessage(input: $i) { __typename } }', { i: { id: node?.id, reason: '' } }, desk.credentials.engineerToken);
    expect(noReason.data?.requeueOutboxMessage.__typename).toBe('InputValidationError');

    answer = { accepted: true, detail: '250 ok' };
    const requeued = await gql<{ requeueOutboxMessage: { __typename: string; message?: { status: string; attempts: number } } }>(
      desk,
      'mutation($i: RequeueOutboxMessageInput!) { requeueOutboxMessage(input: $i) { __typename ... on MutationRequeueOutboxMessageSuccess { message { status attempts } } } }',
      { i: { id: node?.id, reason: 'Relay credentials fixed' } },
      desk.credentials.engineerToken,
    );
    expect(requeued.data?.requeueOutboxMessage).toEqual({ __typename: 'MutationRequeueOutboxMessageSuccess', message: { status: 'PENDING', attempts: 0 } });
    expect(await dispatcher.runOnce()).toBe(1);
    expect(sent).toHaveLength(1);

    const again = await gql<{ requeueOutboxMessage: { __typename: string } }>(desk, 'mutation($i: RequeueOutboxMessageInput!) { requeueOutboxMessage(input: $i) { __typename } }', { i: { id: node?.id, reason: 'Clicked twice' } }, desk.credentials.engineerToken);
    expect(again.data?.requeueOutboxMessage.__typename).toBe('NotFoundError');
    const audit = await desk.store.db.selectFrom('audit_log').select(['action', 'reason', 'actor']).where('entity', '=', 'outbox').execute();
    expect(audit).toEqual([{ action: 'REQUEUED', reason: 'Relay credentials fixed', actor: 'staff:demo-engineer' }]);
  });
});
