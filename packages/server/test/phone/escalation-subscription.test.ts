// Subscriptions hear escalations (SPEC §4): a partner following its ticket over real HTTP SSE hears the
// ESCALATED change; another partner asking to follow that number gets "not found", as for any number it
// does not own, and its own stream of tickets carries nothing of the other customer's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startEmailChannelServer, type EmailChannelServer } from '../support/index.js';

interface StreamEvent {
  readonly data?: { readonly ticketChanged?: { readonly type: string; readonly ticket: { readonly number: string; readonly escalationCount: number } } | null } | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

/** A subscription over real HTTP (SSE): its events as they arrive. */
async function listen(url: string, query: string, variables: Record<string, unknown>, token: string) {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const done = (async () => {
    let buffer = '';
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done: ended, value: chunk } = await reader.read();
        if (ended) return;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer.slice(0, end).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          buffer = buffer.slice(end + 2);
          if (data) events.push(JSON.parse(data) as StreamEvent);
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    events,
    contentType: response.headers.get('content-type'),
    async close() {
      controller.abort();
      await done;
    },
  };
}

/** Waits, bounded, until `predicate` holds; the events arrive over the network. */
async function until(what: string, predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const FOLLOW = 'subscription ($n: String) { ticketChanged(number: $n) { type ticket { number escalationCount } } }';
const CREATE = `mutation ($input: CreateTicketInput!) { createTicket(input: $input) { ... on MutationCreateTicketSuccess { ticket { number } } } }`;
const ESCALATE = `mutation ($n: String!) { escalateTicket(input: { number: $n, via: PORTAL }) { __typename } }`;

describe.each(DIALECTS)('escalations over SSE (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('the partner following its ticket hears the escalation; another partner hears nothing of it', async () => {
    const { partnerKey, otherPartnerKey } = desk.credentials;
    const created = await desk.gql<{ createTicket: { ticket: { number: string } } }>(
      CREATE,
      { input: { reporterEmail: 'noc@acme.example', subject: 'Latency towards DE-CIX', description: 'RTT doubled since 07:00.', requestedLevel: 2 } },
      partnerKey,
    );
    const number = created.data!.createTicket.ticket.number;

    const acme = await listen(desk.server.url, FOLLOW, { n: number }, partnerKey);
    const intruder = await listen(desk.server.url, FOLLOW, { n: number }, otherPartnerKey);
    const globexAll = await listen(desk.server.url, FOLLOW, {}, otherPartnerKey);
    try {
      expect(acme.contentType).toContain('text/event-stream');
      // A stream may open a moment before its subscription is registered: escalate until Acme hears one,
      // ten minutes apart on the desk's clock so that each counts (repeats within the window publish nothing).
      for (let attempt = 0; attempt < 5 && !acme.events.some((e) => e.data?.ticketChanged?.type === 'ESCALATED'); attempt++) {
        if (attempt > 0) desk.advance(10 * 60_000);
        const answer = await desk.gql<{ escalateTicket: { __typename: string } }>(ESCALATE, { n: number }, partnerKey);
        expect(answer.data?.escalateTicket.__typename).toBe('MutationEscalateTicketSuccess');
        await until('Acme hears its escalation', () => acme.events.some((e) => e.data?.ticketChanged?.type === 'ESCALATED'), 1_000).catch(() => undefined);
      }
      const heard = acme.events.map((e) => e.data?.ticketChanged).filter((change) => change?.type === 'ESCALATED');
      expect(heard[0]).toEqual({ type: 'ESCALATED', ticket: { number, escalationCount: expect.any(Number) } });

      // Globex's own tickets, after the escalation: its stream is live and hears those, and only those.
      let own: string | undefined;
      for (let attempt = 0; attempt < 5 && !globexAll.events.some((e) => e.data?.ticketChanged?.ticket.number === own); attempt++) {
        const created = await desk.gql<{ createTicket: { ticket: { number: string } } }>(
          CREATE,
          { input: { reporterEmail: 'noc@globex.example', subject: 'Rack power alarm', description: 'PDU B reports overload.' } },
          otherPartnerKey,
        );
        own = created.data?.createTicket.ticket.number;
        await until('Globex hears its own ticket', () => globexAll.events.some((e) => e.data?.ticketChanged?.ticket.number === own), 1_000).catch(() => undefined);
      }
      expect(globexAll.events.some((e) => e.data?.ticketChanged?.ticket.number === own)).toBe(true);
      expect(globexAll.events.every((e) => e.data?.ticketChanged?.ticket.number !== number)).toBe(true);

      // Following another customer's number is refused as "not found", the answer an unknown number gets.
      expect(intruder.events.flatMap((e) => e.errors ?? []).map((e) => e.extensions?.code ?? e.message)).toContain('NOT_FOUND');
      expect(intruder.events.some((e) => e.data?.ticketChanged)).toBe(false);
    } finally {
      await acme.close();
      await intruder.close();
      await globexAll.close();
    }
  });
});
