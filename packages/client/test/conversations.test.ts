// client.conversations and the conversationMessages stream against a real desk on 127.0.0.1: a
// portal chats for its contact, an engineer answers, the lines arrive live on both sides, a dropped
// stream resumes after the last line it had, and the chat becomes a ticket.
import { ConversationStepRefusedError, ReporterNotAuthorizedError, SendConversationMessageDocument, type ConversationMessage, type TypedDocument } from '@nocdesk/client';
import { createNocdeskSubscriptions, type StreamInfo } from '@nocdesk/client/subscriptions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type RunningDesk } from './support.js';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(() => desk.close());

const JOIN = { toString: () => 'mutation ($id: ID!) { joinConversation(input: { conversationId: $id }) { __typename } }' } as TypedDocument<{ joinConversation: { __typename: string } }, { id: string }>;

async function engineerAnswers(conversationId: string, body: string): Promise<void> {
  const engineer = desk.client(desk.credentials.engineerToken);
  await engineer.request(JOIN, { id: conversationId });
  const sent = await engineer.request(SendConversationMessageDocument, { input: { conversationId, body } });
  expect(sent.sendConversationMessage.__typename).toBe('MutationSendConversationMessageSuccess');
}

/** Resolves on the next `onConnected` call. */
function connections(): { readonly onConnected: (info: StreamInfo) => void; next(): Promise<StreamInfo> } {
  const waiting: ((info: StreamInfo) => void)[] = [];
  return { onConnected: (info) => waiting.shift()?.(info), next: () => new Promise((resolve) => waiting.push(resolve)) };
}

describe('conversations', () => {
  it('a portal chats for its contact, an engineer answers, and the chat becomes a ticket', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const conversation = await acme.conversations.start({ contactEmail: 'noc@acme.example', subject: 'Flapping BGP session' });
    expect(conversation).toMatchObject({ status: 'WAITING', contact: { email: 'noc@acme.example' } });
    expect(conversation.messages.map((line) => [line.author, line.notice])).toEqual([['SYSTEM', 'WAITING']]);

    const line = await acme.conversations.send({ conversationId: conversation.id, body: 'The session to AS64500 flaps every minute.' });
    expect(line).toMatchObject({ author: 'CONTACT', body: 'The session to AS64500 flaps every minute.' });
    await engineerAnswers(conversation.id, 'Looking at it now.');

    const read = await acme.conversations.get(conversation.id);
    expect(read?.status).toBe('ACTIVE');
    expect(read?.messages.map((m) => m.body)).toContain('Looking at it now.');

    const ticket = await acme.conversations.convert({ conversationId: conversation.id });
    expect(ticket).toMatchObject({ channel: 'CHAT', reporter: { email: 'noc@acme.example' } });
    expect((await acme.conversations.get(conversation.id))?.ticket?.id).toBe(ticket.id);
  });

  it('a contact who may not open tickets may not chat either', async () => {
    const error = await desk.client(desk.credentials.partnerKey).conversations.start({ contactEmail: 'billing@acme.example' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReporterNotAuthorizedError);
    expect(error).toMatchObject({ reason: 'ROLE_NOT_ALLOWED', requestId: expect.any(String) });
  });

  it('writing in a closed conversation: ConversationStepRefusedError', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const conversation = await acme.conversations.start({ contactEmail: 'ops@acme.example' });
    expect((await acme.conversations.close({ conversationId: conversation.id })).status).toBe('CLOSED');
    const error = await acme.conversations.send({ conversationId: conversation.id, body: 'Hello?' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversationStepRefusedError);
    expect(error).toMatchObject({ reason: 'CONVERSATION_ENDED', conversationStatus: 'CLOSED' });
  });
});

describe('conversationMessages', () => {
  it('hears the engineer’s answer live, and resumes after the last line when the desk restarts', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const conversation = await acme.conversations.start({ contactEmail: 'noc@acme.example', subject: 'Packet loss' });
    const live = createNocdeskSubscriptions({ url: desk.url, token: desk.credentials.partnerKey, reconnect: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 50 } });
    const connected = connections();
    const heard: ConversationMessage[] = [];
    const stream = live.conversationMessages({ conversationId: conversation.id, after: conversation.messages.at(-1)?.id }, { onConnected: connected.onConnected });
    const listening = (async () => {
      for await (const line of stream) {
        heard.push(line);
        if (line.body === 'After the restart.') return;
      }
    })();
    await connected.next();

    await engineerAnswers(conversation.id, 'Which prefixes?');
    while (!heard.some((line) => line.body === 'Which prefixes?')) await new Promise((resolve) => setTimeout(resolve, 10));

    const reconnected = connected.next();
    await desk.restart();
    // A query first: it is retried when a connection the restart closed is still in the pool, a chat
    // line (no idempotency key) would not be. The line is then written whether or not the stream is
    // back yet: either way it must arrive, once.
    await acme.viewer();
    await acme.conversations.send({ conversationId: conversation.id, body: 'After the restart.' });
    expect((await reconnected).reconnected).toBe(true);
    await listening;

    const bodies = heard.map((line) => line.body);
    expect(bodies.filter((body) => body === 'Which prefixes?')).toHaveLength(1);
    expect(bodies.at(-1)).toBe('After the restart.');
    expect(heard.some((line) => line.notice === 'WAITING')).toBe(false);
  }, 30_000);

  it('ends after the line that closes the conversation', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const conversation = await acme.conversations.start({ contactEmail: 'ops@acme.example' });
    const connected = connections();
    const stream = createNocdeskSubscriptions({ url: desk.url, token: desk.credentials.partnerKey }).conversationMessages(
      { conversationId: conversation.id, after: conversation.messages.at(-1)?.id },
      { onConnected: connected.onConnected },
    );
    const lines = (async () => {
      const all: ConversationMessage[] = [];
      for await (const line of stream) all.push(line);
      return all;
    })();
    await connected.next();
    await acme.conversations.close({ conversationId: conversation.id });
    expect((await lines).map((line) => line.notice)).toEqual(['CLOSED']);
  });
});
