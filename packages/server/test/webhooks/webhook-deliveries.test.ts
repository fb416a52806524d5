// Deliveries through the outbox (SPEC §4.1): queued with the event they announce, signed, posted once
// each, retried with the dispatcher's backoff while the endpoint is down, given up on a refusal, never
// doubled by two dispatchers, dropped when the webhook is deleted; partners never get internal notes
// or another customer's events.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, retryDelayMs, type Dispatcher } from '../../src/dispatch/dispatcher.js';
import type { EmailTransport } from '../../src/channels/email/outbound/email-transport.js';
import { openTicket } from '../api/operations.js';
import { worked } from '../lifecycle/lifecycle-operations.js';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/index.js';
import { deleteWebhook, deliveries, registered, startPartnerEndpoint, type PartnerEndpoint } from './webhook-operations.js';

/** Mail is not what these suites look at: every email is taken at once. */
const MAIL_TAKEN: EmailTransport = { send: async () => ({ accepted: true, detail: '250 queued' }) };

describe.each(DIALECTS)('webhook deliveries (%s)', (dialect) => {
  let desk: TestDesk;
  let endpoint: PartnerEndpoint | undefined;
  let secret = '';
  const dispatchers: Dispatcher[] = [];
  const desks: TestDesk[] = [];

  afterEach(async () => {
    for (const dispatcher of dispatchers.splice(0)) await dispatcher.stop();
    await endpoint?.close();
    endpoint = undefined;
    for (const opened of desks.splice(0)) await opened.close();
  });

  async function deskWithEndpoint(events: readonly string[]) {
    desk = await createTestDesk(dialect, { NOCDESK_WEBHOOK_ALLOW_HTTP: 'on' });
    desks.push(desk);
    endpoint = await startPartnerEndpoint(() => secret);
    const created = await registered(desk, endpoint.url, events);
    secret = created.secret;
    return { desk, endpoint, webhook: created.webhook };
  }

  function dispatcher(): Dispatcher {
    const made = createDispatcher(desk, { transport: MAIL_TAKEN });
    dispatchers.push(made);
    return made;
  }

  it('a new ticket is posted signed, with the public facts of the ticket and nothing internal', async () => {
    const { endpoint, webhook } = await deskWithEndpoint(['CREATED']);
    const ticket = await openTicket(desk, { subject: 'Caída total del servicio SOF-10001' });
    await dispatcher().runOnce();

    expect(endpoint.received).toHaveLength(1);
    const [delivery] = endpoint.received;
    expect(delivery!.signatureValid).toBe(true);
    expect(delivery!.signedAt).toBe(Math.floor(desk.now().getTime() / 1000));
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['nocdesk-event']).toBe('CREATED');
    expect(delivery!.headers['nocdesk-event-id']).toBe(delivery!.body.id);
    expect(delivery!.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'CREATED',
      createdAt: desk.now().toISOString(),
      ticket: {
        number: ticket.number,
        displayNumber: `NCC#${ticket.number}`,
        subject: 'Caída total del servicio SOF-10001',
        status: 'OPEN',
        priority: { level: 1, name: 'Maximum' },
        channel: 'PORTAL',
        escalationCount: 0,
        createdAt: desk.now().toISOString(),
        updatedAt: desk.now().toISOString(),
        resolvedAt: null,
        closedAt: null,
      },
    });
    expect(await deliveries(desk, webhook.id)).toMatchObject([{ eventType: 'CREATED', status: 'DELIVERED', attempts: 1, lastError: null, nextAttemptAt: null, ticket: { number: ticket.number } }]);
  });

  it('only the event types asked for are sent, and an internal note never is', async () => {
    const { endpoint } = await deskWithEndpoint(['REPLIED', 'RESOLVED', 'ACKNOWLEDGED']);
    const ticket = await openTicket(desk, { subject: 'Packet loss', requestedLevel: 3 });
    const engineer = desk.credentials.engineerToken;
    await worked(desk, 'assignTicket', { ticketId: ticket.id }, engineer);
    await worked(desk, 'addInternalNote', { ticketId: ticket.id, body: 'Customer owes us money, be brief.' }, engineer);
    await worked(desk, 'replyToTicket', { ticketId: ticket.id, body: 'Could you send a traceroute?', status: 'WAITING_CUSTOMER' }, engineer);
    await worked(desk, 'resolveTicket', { ticketId: ticket.id, resolution: 'Route fixed upstream.' }, engineer);
    const sender = dispatcher();
    await sender.runOnce();
    // The acknowledgement's send is itself an event, queued as the dispatcher sent the mail: the next run posts it.
    expect(endpoint.received.map((d) => d.body.type).sort()).toEqual(['REPLIED', 'RESOLVED']);
    await sender.runOnce();

    expect(endpoint.received.map((d) => d.body.type).sort()).toEqual(['ACKNOWLEDGED', 'REPLIED', 'RESOLVED']);
    expect(endpoint.received.every((d) => d.signatureValid)).toBe(true);
    for (const delivery of endpoint.received) expect(delivery.rawBody).not.toContain('owes us money');
    expect(endpoint.received.find((d) => d.body.type === 'RESOLVED')!.body.ticket).toMatchObject({ status: 'RESOLVED', resolvedAt: desk.now().toISOString() });
  });

  it('another customer’s tickets never reach this customer’s webhook', async () => {
    const { endpoint } = await deskWithEndpoint(['CREATED']);
    await openTicket(desk, { reporterEmail: 'noc@globex.example', subject: 'Rack power', sof: 'SOF-20001' }, desk.credentials.otherPartnerKey);
    await dispatcher().runOnce();
    expect(endpoint.received).toEqual([]);
  });

  it('an endpoint down for a while gets every event once it is back, none twice, none before its retry is due', async () => {
    const { endpoint, webhook } = await deskWithEndpoint(['CREATED']);
    endpoint.answer(503, 'maintenance');
    const numbers: string[] = [];
    for (let i = 0; i < 5; i++) numbers.push((await openTicket(desk, { subject: `Outage ${i}`, requestedLevel: 2 })).number);
    const sender = dispatcher();
    await sender.runOnce();
    expect(endpoint.refused).toBe(5);
    expect((await deliveries(desk, webhook.id)).map((d) => [d.status, d.attempts, d.lastError])).toEqual(Array(5).fill(['PENDING', 1, 'HTTP 503: maintenance']));

    endpoint.answer(204);
    desk.advance(retryDelayMs(1) - 1);
    await sender.runOnce();
    expect(endpoint.received).toEqual([]);
    desk.advance(1);
    await sender.runOnce();
    await sender.runOnce();

    expect(endpoint.received.map((d) => d.body.ticket.number).sort()).toEqual([...numbers].sort());
    expect(new Set(endpoint.received.map((d) => d.body.id)).size).toBe(5);
    expect(endpoint.received.every((d) => d.signatureValid)).toBe(true);
    expect((await deliveries(desk, webhook.id)).map((d) => [d.status, d.attempts, d.lastError])).toEqual(Array(5).fill(['DELIVERED', 2, null]));
  });

  it('two dispatchers racing over the same deliveries post each event once', async () => {
    const { endpoint } = await deskWithEndpoint(['CREATED', 'ACKNOWLEDGEMENT_QUEUED']);
    for (let i = 0; i < 8; i++) await openTicket(desk, { subject: `Degraded link ${i}`, requestedLevel: 2 });
    await Promise.all([dispatcher().runOnce(), dispatcher().runOnce(), dispatcher().runOnce()]);
    expect(endpoint.received).toHaveLength(16);
    expect(new Set(endpoint.received.map((d) => d.body.id)).size).toBe(16);
  });

  it('an endpoint slow to answer does not hold up the acknowledgements queued behind its deliveries', async () => {
    const { endpoint, webhook } = await deskWithEndpoint(['CREATED']);
    const acknowledged: string[] = [];
    const sender = createDispatcher(desk, { transport: { send: async (mail) => (acknowledged.push(mail.to), { accepted: true, detail: '250 queued' }) } });
    dispatchers.push(sender);
    for (let i = 0; i < 3; i++) await openTicket(desk, { subject: `Slow endpoint ${i}` });
    const release = endpoint.hold();
    const run = sender.runOnce();
    // Every CREATED delivery was queued before its ticket's acknowledgement, and none is answered yet.
    await expect.poll(() => acknowledged.length, { timeout: 5_000 }).toBe(3);
    expect(endpoint.waiting).toBe(3);
    release();
    expect(await run).toBe(6);
    expect((await deliveries(desk, webhook.id)).map((d) => d.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
  });

  it('an endpoint that refuses with a 4xx is not asked again: FAILED, with what it answered', async () => {
    const { endpoint, webhook } = await deskWithEndpoint(['CREATED']);
    endpoint.answer(410, 'gone');
    await openTicket(desk, { subject: 'Gone endpoint' });
    const sender = dispatcher();
    await sender.runOnce();
    desk.advance(retryDelayMs(1) * 10);
    await sender.runOnce();
    expect(endpoint.refused).toBe(1);
    expect(await deliveries(desk, webhook.id, desk.credentials.partnerKey, 'FAILED')).toMatchObject([{ status: 'FAILED', attempts: 1, lastError: 'HTTP 410: gone', nextAttemptAt: null }]);
  });

  it('429 and 408 are tried again, and a redirect is not followed but tried again later', async () => {
    const { endpoint, webhook } = await deskWithEndpoint(['CREATED']);
    await openTicket(desk, { subject: 'Busy endpoint' });
    const sender = dispatcher();
    for (const status of [429, 408, 302]) {
      endpoint.answer(status);
      await sender.runOnce();
      desk.advance(retryDelayMs(3));
    }
    expect(endpoint.refused).toBe(3);
    endpoint.answer(200);
    await sender.runOnce();
    expect(endpoint.received).toHaveLength(1);
    expect(await deliveries(desk, webhook.id)).toMatchObject([{ status: 'DELIVERED', attempts: 4 }]);
  });

  it('an endpoint nobody listens on is tried again, with the reason', async () => {
    const { endpoint, webhook } = await deskWithEndpoint(['CREATED']);
    await endpoint.close();
    await openTicket(desk, { subject: 'Nobody home' });
    await dispatcher().runOnce();
    expect(await deliveries(desk, webhook.id)).toMatchObject([{ status: 'PENDING', attempts: 1, lastError: expect.stringMatching(/^Could not reach the endpoint/) }]);
  });

  it('deleting a webhook drops what was waiting for it, and nothing new is queued', async () => {
    const { endpoint, webhook } = await deskWithEndpoint(['CREATED']);
    endpoint.answer(503);
    await openTicket(desk, { subject: 'Before deletion' });
    const sender = dispatcher();
    await sender.runOnce();
    await deleteWebhook(desk, webhook.id);
    await openTicket(desk, { subject: 'After deletion' });
    endpoint.answer(204);
    desk.advance(retryDelayMs(1));
    await sender.runOnce();
    expect(endpoint.received).toEqual([]);
  });
});
