// @nocdesk/client/subscriptions against a real desk on 127.0.0.1: a change arrives as it happens, the
// stream comes back by itself after the desk restarts, leaving the loop or aborting closes it, and a
// refusal ends it with its error class.
import { AuthenticationError, NotFoundError, type Ticket } from '@nocdesk/client';
import { createNocdeskSubscriptions, type NocdeskSubscriptions, type StreamInfo, type TicketChange } from '@nocdesk/client/subscriptions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type RunningDesk } from './support.js';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(() => desk.close());

function live(token: string | undefined): NocdeskSubscriptions {
  return createNocdeskSubscriptions({ url: desk.url, token, reconnect: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 50 } });
}

/** Resolves on the next `onConnected` call. */
function connections(): { readonly onConnected: (info: StreamInfo) => void; next(): Promise<StreamInfo> } {
  const waiting: ((info: StreamInfo) => void)[] = [];
  return {
    onConnected: (info) => waiting.shift()?.(info),
    next: () => new Promise((resolve) => waiting.push(resolve)),
  };
}

const openTicket = (subject: string): Promise<Ticket> =>
  desk.client(desk.credentials.partnerKey).tickets.create({ reporterEmail: 'noc@acme.example', subject, description: 'Seen from the portal.' });

describe('ticketChanged', () => {
  it('hears a new ticket of its own customer as it is created', async () => {
    const connected = connections();
    const stream = live(desk.credentials.partnerKey).ticketChanged({}, { onConnected: connected.onConnected });
    const first = stream.next();
    const info = await connected.next();
    expect(info).toMatchObject({ reconnected: false, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const ticket = await openTicket('Heard live');
    const { value } = await first;
    expect(value).toMatchObject({ type: 'CREATED', ticket: { id: ticket.id, status: 'OPEN', priority: { level: expect.any(Number) } } });
    await stream.return();
  });

  it('follows one ticket by number', async () => {
    const ticket = await openTicket('Followed by number');
    const connected = connections();
    const stream = live(desk.credentials.partnerKey).ticketChanged({ number: ticket.displayNumber }, { onConnected: connected.onConnected });
    const next = stream.next();
    await connected.next();
    await openTicket('Another ticket, not followed');
    await desk.client(desk.credentials.partnerKey).tickets.addMessage({ ticketId: ticket.id, body: 'More details.' });
    expect(((await next).value as TicketChange).ticket.id).toBe(ticket.id);
    await stream.return();
  });

  it('comes back by itself after the desk restarts, and hears what happens then', async () => {
    const connected = connections();
    const heard: TicketChange[] = [];
    const stream = live(desk.credentials.partnerKey).ticketChanged({}, { onConnected: connected.onConnected });
    const listening = (async () => {
      for await (const change of stream) {
        heard.push(change);
        if (change.ticket.subject === 'After the restart') return;
      }
    })();
    await connected.next();

    const reconnected = connected.next();
    await desk.restart();
    expect((await reconnected).reconnected).toBe(true);

    const ticket = await openTicket('After the restart');
    await listening;
    expect(heard.map((c) => c.ticket.id)).toContain(ticket.id);
  }, 30_000);

  it('leaving the loop closes the stream; aborting ends the iteration without an error', async () => {
    const controller = new AbortController();
    const connected = connections();
    const subscriptions = live(desk.credentials.partnerKey);
    const stream = subscriptions.ticketChanged({}, { signal: controller.signal, onConnected: connected.onConnected });
    const iteration = (async () => {
      const seen: TicketChange[] = [];
      for await (const change of stream) seen.push(change);
      return seen;
    })();
    await connected.next();
    controller.abort();
    expect(await iteration).toEqual([]);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('close() ends every open stream of the object', async () => {
    const subscriptions = live(desk.credentials.partnerKey);
    const connected = connections();
    const stream = subscriptions.ticketChanged({}, { onConnected: connected.onConnected });
    const done = stream.next();
    await connected.next();
    subscriptions.close();
    expect(await done).toEqual({ done: true, value: undefined });
  });

  it('an unknown key ends the stream with AuthenticationError, without retrying', async () => {
    let attempts = 0;
    const counting = (url: string, init: RequestInit) => {
      attempts++;
      return fetch(url, init);
    };
    const stream = createNocdeskSubscriptions({ url: desk.url, token: 'ndp_not-a-real-key', fetch: counting, reconnect: { initialDelayMs: 1 } }).ticketChanged();
    const error = await stream.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(attempts).toBe(1);
  });

  it('with reconnect: false, an unknown key is still an AuthenticationError', async () => {
    const stream = createNocdeskSubscriptions({ url: desk.url, token: 'ndp_not-a-real-key', reconnect: false }).ticketChanged();
    await expect(stream.next()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('another customer’s ticket ends the stream with NotFoundError', async () => {
    const globexTicket = await desk.client(desk.credentials.otherPartnerKey).tickets.create({ reporterEmail: 'noc@globex.example', subject: 'Globex private', description: 'Not for Acme.' });
    const error = await live(desk.credentials.partnerKey).ticketChanged({ number: globexTicket.number }).next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });
});
