// The live assistant's limits, as the API refuses what goes over them: message size (8 kB by default),
// messages per minute per conversation, open conversations per contact; each refusal a typed error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/index.js';
import { chat, join, say, startChat, viaYoga, type GraphQLCall } from './chat-operations.js';

describe.each(DIALECTS)('chat limits (%s)', (dialect) => {
  let desk: TestDesk;
  let call: GraphQLCall;
  beforeAll(async () => {
    desk = await createTestDesk(dialect, { NOCDESK_CHAT_MESSAGES_PER_MINUTE: '4', NOCDESK_CHAT_OPEN_PER_CONTACT: '2' });
    call = viaYoga(desk);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('takes a message of 8 kB and refuses a byte more, counted in UTF-8', async () => {
    const { partnerKey } = desk.credentials;
    const started = await startChat(call, partnerKey, { contactEmail: 'ops@acme.example' });
    const fits = await say(call, partnerKey, started.id, `${'show route 203.0.113.0/24\n'.repeat(315)}${'x'.repeat(2)}`);
    expect(new TextEncoder().encode(fits.body).byteLength).toBe(8192);
    const over = await chat(call, 'sendConversationMessage', { conversationId: started.id, body: `${'x'.repeat(8191)}é` }, partnerKey);
    expect(over).toMatchObject({ __typename: 'ChatLimitExceededError', code: 'CHAT_LIMIT_EXCEEDED', reason: 'MESSAGE_TOO_LARGE', limit: 8192, retryAt: null });
    await chat(call, 'closeConversation', { conversationId: started.id }, partnerKey);
  });

  it('takes so many messages a minute per conversation, from both sides, then says when to send again', async () => {
    const { partnerKey, engineerToken } = desk.credentials;
    const started = await startChat(call, partnerKey, { contactEmail: 'noc@acme.example' });
    await join(call, engineerToken, started.id);
    await say(call, partnerKey, started.id, 'uno');
    desk.advance(10_000);
    await say(call, engineerToken, started.id, 'dos');
    await say(call, partnerKey, started.id, 'tres');
    await say(call, engineerToken, started.id, 'cuatro');
    const fifth = await chat(call, 'sendConversationMessage', { conversationId: started.id, body: 'cinco' }, partnerKey);
    expect(fifth).toMatchObject({ __typename: 'ChatLimitExceededError', reason: 'TOO_MANY_MESSAGES', limit: 4 });
    // The first message (10 s ago) leaves the minute in 50 s.
    expect(fifth.retryAt).toBe(new Date(desk.now().getTime() + 50_000).toISOString());
    desk.advance(50_000);
    expect((await say(call, partnerKey, started.id, 'cinco')).body).toBe('cinco');
    await chat(call, 'closeConversation', { conversationId: started.id }, partnerKey);
  });

  it('lets a contact have so many conversations open at once; closing one frees its place', async () => {
    const { partnerKey } = desk.credentials;
    const first = await startChat(call, partnerKey, { contactEmail: 'ops@acme.example', subject: 'one' });
    await startChat(call, partnerKey, { contactEmail: 'ops@acme.example', subject: 'two' });
    const third = await chat(call, 'startConversation', { contactEmail: 'ops@acme.example', subject: 'three' }, partnerKey);
    expect(third).toMatchObject({ __typename: 'ChatLimitExceededError', reason: 'TOO_MANY_OPEN_CONVERSATIONS', limit: 2, retryAt: null });
    // Another contact of the same customer is not held back.
    await startChat(call, partnerKey, { contactEmail: 'noc@acme.example' });
    await chat(call, 'closeConversation', { conversationId: first.id }, partnerKey);
    expect((await startChat(call, partnerKey, { contactEmail: 'ops@acme.example', subject: 'three' })).subject).toBe('three');
  });

  it('refuses an empty message as invalid input', async () => {
    const started = await startChat(call, desk.credentials.partnerKey, { contactEmail: 'noc@acme.example' });
    const empty = await chat(call, 'sendConversationMessage', { conversationId: started.id, body: ' \n ' }, desk.credentials.partnerKey);
    expect(empty).toMatchObject({ __typename: 'InputValidationError', code: 'INVALID_INPUT' });
  });
});
