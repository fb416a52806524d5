// A chat over real HTTP SSE, as a partner portal and an engineer's console hold it: each side's
// conversationMessages subscription hears the other; another partner's subscription to the same
// conversation is refused and hears nothing, and that partner cannot write into it; closing ends both
// streams, and a revoked key ends its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartnerKey, revokeCredentialsByName } from '../../src/auth/credentials.js';
import { DIALECTS, startEmailChannelServer, until, type EmailChannelServer } from '../support/index.js';
import { chat, followConversation, join, lastLineId, say, startChat, viaHttp, type GraphQLCall } from './chat-operations.js';

describe.each(DIALECTS)('a live chat over real HTTP SSE (%s)', (dialect) => {
  let desk: EmailChannelServer;
  let call: GraphQLCall;
  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect);
    call = viaHttp(desk);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('the partner hears the engineer, the engineer hears the partner, another partner hears and sends nothing', async () => {
    const { partnerKey, otherPartnerKey, engineerToken } = desk.credentials;
    const started = await startChat(call, partnerKey, { contactEmail: 'ops@acme.example', subject: 'Packet loss towards AMS' });
    const partner = followConversation(desk.server.url, partnerKey, started.id, lastLineId(started));
    const intruder = followConversation(desk.server.url, otherPartnerKey, started.id);
    try {
      const joined = await join(call, engineerToken, started.id);
      const engineer = followConversation(desk.server.url, engineerToken, started.id, lastLineId(joined));
      try {
        const question = await say(call, engineerToken, started.id, 'Hello Sam: which prefix is affected?');
        await until(() => partner.lines().some((line) => line.id === question.id));
        const answer = await say(call, partnerKey, started.id, '203.0.113.0/24, since 09:12 UTC');
        await until(() => engineer.lines().some((line) => line.id === answer.id));
        const sneaked = await chat(call, 'sendConversationMessage', { conversationId: started.id, body: 'Let me in.' }, otherPartnerKey);
        await until(() => intruder.ended);

        expect(partner.lines().map((line) => [line.author, line.authorName, line.body])).toEqual([
          ['SYSTEM', null, 'demo-engineer (NOC engineer) joined the conversation.'],
          ['ENGINEER', 'demo-engineer', 'Hello Sam: which prefix is affected?'],
          ['CONTACT', 'Sam Patel', '203.0.113.0/24, since 09:12 UTC'],
        ]);
        expect(engineer.lines().map((line) => [line.author, line.body])).toEqual([
          ['ENGINEER', 'Hello Sam: which prefix is affected?'],
          ['CONTACT', '203.0.113.0/24, since 09:12 UTC'],
        ]);
        expect(sneaked).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
        expect(intruder.lines()).toEqual([]);
        expect(intruder.results.flatMap((r) => r.errors ?? []).map((e) => e.message)).toEqual(['Conversation was not found.']);

        // Closing ends the chat on both sides: the closing line is the last either stream delivers.
        const closed = await chat(call, 'closeConversation', { conversationId: started.id }, partnerKey);
        expect(closed.conversation?.status).toBe('CLOSED');
        await until(() => partner.ended && engineer.ended);
        expect(partner.ended && engineer.ended).toBe(true);
        expect(partner.lines().at(-1)).toMatchObject({ author: 'SYSTEM', notice: 'CLOSED', body: 'The conversation was closed by Sam Patel.' });
        expect(engineer.lines().at(-1)?.notice).toBe('CLOSED');
      } finally {
        engineer.close();
      }
    } finally {
      partner.close();
      intruder.close();
    }
  });

  it('a subscriber that reconnects with the last line it had misses nothing', async () => {
    const { partnerKey, engineerToken } = desk.credentials;
    const started = await startChat(call, partnerKey, { contactEmail: 'noc@acme.example' });
    await join(call, engineerToken, started.id);
    const first = await say(call, engineerToken, started.id, 'Hola Marta, ¿qué ocurre?');
    // The portal was offline for these two lines.
    await say(call, partnerKey, started.id, 'Sin servicio en Madrid.');
    await say(call, engineerToken, started.id, 'Lo estamos revisando.');
    const back = followConversation(desk.server.url, partnerKey, started.id, first.id);
    try {
      await until(() => back.lines().length >= 2);
      const live = await say(call, engineerToken, started.id, 'Ya está restablecido.');
      await until(() => back.lines().some((line) => line.id === live.id));
      expect(back.lines().map((line) => line.body)).toEqual(['Sin servicio en Madrid.', 'Lo estamos revisando.', 'Ya está restablecido.']);
    } finally {
      back.close();
    }
  });

  it('a revoked partner key hears nothing more: its stream ends at the next line', async () => {
    const acme = await desk.server.desk.store.db.selectFrom('customers').select('id').where('name', '=', 'Acme Networks').executeTakeFirstOrThrow();
    const portal = await createPartnerKey(desk.server.desk.store.db, { customerId: acme.id, name: 'Acme portal (to revoke)', now: desk.now() });
    const started = await startChat(call, portal.key, { contactEmail: 'ops@acme.example' });
    // From the first line on: once the stored waiting line arrives, the stream is open and authorised.
    const stream = followConversation(desk.server.url, portal.key, started.id, '0');
    try {
      await until(() => stream.lines().length === 1);
      await revokeCredentialsByName(desk.server.desk.store, { name: 'Acme portal (to revoke)', now: desk.now() });
      await join(call, desk.credentials.engineerToken, started.id);
      await until(() => stream.ended);
      expect(stream.lines().map((line) => line.notice)).toEqual(['WAITING']);
      expect(stream.results.flatMap((r) => r.errors ?? []).map((e) => e.message).join(' ')).toMatch(/revoked/);
    } finally {
      stream.close();
    }
  });
});
