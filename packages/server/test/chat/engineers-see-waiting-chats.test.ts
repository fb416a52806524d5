// Engineers see waiting chats in order of waiting time, with the customer and the contact, and
// queueChanged tells them when one arrives, is answered or ends; partners see only their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, subscribe, until, type TestDesk } from '../support/index.js';
import { chat, join, startChat, viaYoga, type ConversationView, type GraphQLCall } from './chat-operations.js';

const LIST = `query L($status: ConversationStatus, $first: Int, $after: String) {
  conversations(status: $status, first: $first, after: $after) {
    edges { node { id subject status engineer waitingSeconds customer { name } contact { name email } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type Listed = Pick<ConversationView, 'id' | 'subject' | 'status' | 'engineer' | 'waitingSeconds' | 'customer' | 'contact'>;

describe.each(DIALECTS)('engineers and waiting chats (%s)', (dialect) => {
  let desk: TestDesk;
  let call: GraphQLCall;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    call = viaYoga(desk);
  });
  afterAll(async () => {
    await desk.close();
  });

  async function list(variables: Record<string, unknown> = {}, token = desk.credentials.engineerToken) {
    const answer = await gql<{ conversations: { edges: { node: Listed }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(desk, LIST, variables, token);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data!.conversations;
  }

  it('lists waiting chats the longest waiting first, with customer and contact, and pages through them', async () => {
    const { partnerKey, otherPartnerKey, engineerToken } = desk.credentials;
    const first = await startChat(call, partnerKey, { contactEmail: 'noc@acme.example', subject: 'Primero' });
    desk.advance(30_000);
    const second = await startChat(call, otherPartnerKey, { contactEmail: 'noc@globex.example', subject: 'Second' });
    desk.advance(30_000);
    const third = await startChat(call, partnerKey, { contactEmail: 'ops@acme.example', subject: 'Third' });
    desk.advance(15_000);

    const waiting = await list({ status: 'WAITING' });
    expect(waiting.edges.map((e) => e.node)).toEqual([
      { id: first.id, subject: 'Primero', status: 'WAITING', engineer: null, waitingSeconds: 75, customer: { name: 'Acme Networks' }, contact: { name: 'Marta Ruiz', email: 'noc@acme.example' } },
      { id: second.id, subject: 'Second', status: 'WAITING', engineer: null, waitingSeconds: 45, customer: { name: 'Globex Telecom' }, contact: { name: 'Ana Silva', email: 'noc@globex.example' } },
      { id: third.id, subject: 'Third', status: 'WAITING', engineer: null, waitingSeconds: 15, customer: { name: 'Acme Networks' }, contact: { name: 'Sam Patel', email: 'ops@acme.example' } },
    ]);

    const page = await list({ status: 'WAITING', first: 2 });
    expect(page.edges.map((e) => e.node.id)).toEqual([first.id, second.id]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await list({ status: 'WAITING', first: 2, after: page.pageInfo.endCursor });
    expect(rest.edges.map((e) => e.node.id)).toEqual([third.id]);

    await join(call, engineerToken, second.id);
    expect((await list({ status: 'WAITING' })).edges.map((e) => e.node.id)).toEqual([first.id, third.id]);
    expect((await list({ status: 'ACTIVE' })).edges.map((e) => [e.node.id, e.node.engineer, e.node.waitingSeconds])).toEqual([[second.id, 'demo-engineer', null]]);
    // Without a status: everything still open, waiting and active alike.
    expect((await list()).edges.map((e) => e.node.id)).toEqual([first.id, second.id, third.id]);

    for (const c of [first, second, third]) await chat(call, 'closeConversation', { conversationId: c.id }, engineerToken);
    expect((await list()).edges).toEqual([]);
    expect((await list({ status: 'CLOSED' })).edges).toHaveLength(3);
  });

  it('queueChanged tells engineers when a chat arrives, is answered and ends', async () => {
    const { partnerKey, engineerToken } = desk.credentials;
    const queue = await subscribe(desk, 'subscription { queueChanged { type ticket { number } conversation { id status } } }', engineerToken);
    try {
      // yoga.fetch answers once the stream listens: nothing started after this goes unheard.
      const started = await startChat(call, partnerKey, { contactEmail: 'ops@acme.example', subject: 'Ring the bell' });
      await until(() => queue.events.length >= 1);
      await join(call, engineerToken, started.id);
      await until(() => queue.events.length >= 2);
      await chat(call, 'closeConversation', { conversationId: started.id }, engineerToken);
      await until(() => queue.events.length >= 3);
      // A conversation is not a ticket: the change carries the conversation as it stands now.
      expect(queue.events.map((e) => e.data?.queueChanged)).toEqual([
        { type: 'CREATED', ticket: null, conversation: { id: started.id, status: expect.any(String) } },
        { type: 'TAKEN', ticket: null, conversation: { id: started.id, status: expect.any(String) } },
        { type: 'CLOSED', ticket: null, conversation: { id: started.id, status: expect.any(String) } },
      ]);
    } finally {
      await queue.close();
    }
  });

  it('partners list nothing: conversations is for engineers', async () => {
    const answer = await gql(desk, LIST, {}, desk.credentials.partnerKey);
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
