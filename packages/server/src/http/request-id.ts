// Gives every HTTP request an id and returns it in the `x-request-id` header of every answer (GraphQL,
// health checks, refusals alike), so a partner quoting it lets staff find the request's log line. An id
// sent by a proxy or client is kept when it is well-formed, so one id follows a request across hops.
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming id may look like: UUIDs, ULIDs, hex ids of nginx's `$request_id`, load balancers'
 * trace ids (`Root=1-…`). Nothing else is echoed or logged: no spaces, quotes or control characters
 * that could forge a log line or a header.
 */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}$/;

const ids = new WeakMap<Request, string>();

/**
 * The id of a request: the caller's `x-request-id` when well-formed, else a new UUID; the same for
 * every asker during the request.
 */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (id === undefined) {
    const given = request.headers.get(REQUEST_ID_HEADER)?.trim();
    id = given !== undefined && WELL_FORMED.test(given) ? given : randomUUID();
    ids.set(request, id);
  }
  return id;
}

/** Sets `x-request-id` on every answer, early ones (health checks, 413, 401) included. */
export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, requestIdOf(request));
    },
  };
}
