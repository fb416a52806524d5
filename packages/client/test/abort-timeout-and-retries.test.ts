// Per-call options and retries against a real desk behind a proxy on 127.0.0.1 that loses or holds
// answers. Regression: an aborted call used to reject like a desk that could not be reached, so a
// portal told its user "you are offline" when the user had only closed a dialog.
import { NetworkError, RequestAbortedError } from '@nocdesk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, startProxy, type RunningDesk } from './support.js';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(() => desk.close());

const named = (operation: string) => (body: unknown) => JSON.stringify(body).includes(operation);

describe('abort', () => {
  it('an aborted call rejects with RequestAbortedError, not NetworkError', async () => {
    const proxy = await startProxy(desk.url, { holdMs: 2_000 });
    try {
      const controller = new AbortController();
      const pending = desk.client(desk.credentials.partnerKey, { url: proxy.url }).tickets.list({ first: 5 }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const error = await pending.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestAbortedError);
      expect(error).not.toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'ABORTED' });
    } finally {
      await proxy.close();
    }
  });

  it('a signal aborted before the call sends nothing', async () => {
    const proxy = await startProxy(desk.url);
    try {
      const error = await desk.client(desk.credentials.partnerKey, { url: proxy.url }).hotlines.list({}, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestAbortedError);
      expect(proxy.forwarded).toHaveLength(0);
    } finally {
      await proxy.close();
    }
  });

  it('aborting while the client waits to retry ends the wait at once', async () => {
    const proxy = await startProxy(desk.url, { drop: named('query Hotlines') });
    try {
      const controller = new AbortController();
      const client = desk.client(undefined, { url: proxy.url, retry: { maxRetries: 1, initialDelayMs: 60_000 } });
      const pending = client.hotlines.list({}, { signal: controller.signal });
      while (proxy.forwarded.length === 0) await new Promise((resolve) => setImmediate(resolve));
      const started = Date.now();
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toBeInstanceOf(RequestAbortedError);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(proxy.forwarded).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});

describe('timeoutMs', () => {
  it('per call: no answer in time is a NetworkError with timedOut, retried as configured', async () => {
    const proxy = await startProxy(desk.url, { holdMs: 1_000 });
    try {
      const client = desk.client(undefined, { url: proxy.url, retry: { maxRetries: 1, initialDelayMs: 1 } });
      const error = await client.ticketNumbers.check('1000002', { timeoutMs: 100 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'TIMEOUT', timedOut: true });
      expect(proxy.forwarded).toHaveLength(2);
    } finally {
      await proxy.close();
    }
  });
});

describe('retries', () => {
  it('a query whose answer was lost is asked again and answers', async () => {
    const proxy = await startProxy(desk.url, { drop: named('query CheckTicketNumber'), drops: 2 });
    try {
      const check = await desk.client(undefined, { url: proxy.url }).ticketNumbers.check('NCC#1000002');
      expect(check).toEqual({ valid: true, number: '1000002', displayNumber: 'NCC#1000002' });
      expect(proxy.forwarded).toHaveLength(3);
    } finally {
      await proxy.close();
    }
  });

  it('a mutation without an idempotency key is not repeated after a lost answer: the caller decides', async () => {
    const acme = desk.client(desk.credentials.partnerKey);
    const ticket = await acme.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Loss on the Paris link', description: '1% since 07:00.' });
    const proxy = await startProxy(desk.url, { drop: named('mutation ReopenTicket') });
    try {
      const error = await desk.client(desk.credentials.partnerKey, { url: proxy.url }).tickets.reopen({ ticketId: ticket.id, reason: 'Still lossy.' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect(proxy.forwarded).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('retry: false gives up at the first lost answer', async () => {
    const proxy = await startProxy(desk.url, { drop: named('query Hotlines') });
    try {
      await expect(desk.client(undefined, { url: proxy.url, retry: false }).hotlines.list()).rejects.toBeInstanceOf(NetworkError);
      expect(proxy.forwarded).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});

describe('headers and request ids', () => {
  it('per-call headers reach the desk, and every answer reports its request id', async () => {
    const seen: (string | undefined)[] = [];
    const client = desk.client(desk.credentials.partnerKey, { headers: { 'x-portal': 'acme' }, onResponse: ({ requestId }) => seen.push(requestId) });
    await client.viewer({ headers: { 'x-request-id': 'portal-req-42' } });
    await client.viewer();
    expect(seen[0]).toBe('portal-req-42');
    expect(seen[1]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
