// Subscriptions over SSE in tests: open a stream through yoga.fetch and collect its events.
/* eslint-disable @typescript-eslint/no-explicit-any -- events carry whatever the subscription selects */
import type { TestDesk } from './test-desk.js';

/** One event of a subscription stream: a GraphQL result. */
export interface SseEvent<T = Record<string, any>> {
  readonly data?: T;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** Opens an SSE subscription through yoga.fetch and collects events until `count` arrive or it is closed. */
export async function subscribe(desk: { yoga: TestDesk['yoga'] }, query: string, token: string, variables: Record<string, unknown> = {}) {
  const controller = new AbortController();
  const response = await desk.yoga.fetch('http://nocdesk.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  if (!response.headers.get('content-type')?.includes('text/event-stream')) {
    // Refused before the stream opened: the answer is one GraphQL result.
    events.push((await response.json()) as SseEvent);
    return { events, status: response.status, ended: Promise.resolve(), close: async () => undefined };
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (data) events.push(JSON.parse(data) as SseEvent);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    events,
    status: response.status,
    /** Settles when the server ends the stream (or close() aborts it). */
    ended: pump,
    async close() {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      await pump;
    },
  };
}

/** Waits (bounded: 2 s) until `predicate` holds. */
export async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
}
