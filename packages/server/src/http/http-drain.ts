// Lets the HTTP listener stop without failing a request it accepted: stop accepting connections, let
// the requests in flight finish (bounded), tell keep-alive clients to go elsewhere, then cut what is
// left. Subscriptions (SSE streams) never finish by themselves: they are cut at the end, and their
// clients reconnect to another instance.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface HttpDrain {
  /** Requests being answered right now, streams excluded. */
  inFlight(): number;
  /** Stops accepting, waits up to `graceMs` for the requests in flight, then closes every connection. */
  close(graceMs: number): Promise<{ unfinished: number }>;
}

function isStream(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}

/** Call right after `createServer`, before `listen`. */
export function drainable(server: Server): HttpDrain {
  const active = new Set<ServerResponse>();
  let closing = false;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // While closing, every answer ends its connection, so no client sends a next request into a closed door.
    if (closing && !response.headersSent) response.setHeader('connection', 'close');
    if (isStream(request)) return;
    active.add(response);
    response.once('close', () => active.delete(response));
  });
  return {
    inFlight: () => active.size,
    async close(graceMs) {
      closing = true;
      for (const response of active) if (!response.headersSent) response.setHeader('connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + graceMs;
      while (active.size > 0 && Date.now() < deadline) {
        // A keep-alive connection between two requests is idle: closing it fails no request.
        server.closeIdleConnections();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const unfinished = active.size;
      server.closeAllConnections();
      await closed;
      return { unfinished };
    },
  };
}
