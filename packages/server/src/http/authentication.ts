// Turns the Authorization header into a principal. No header: anonymous (public fields only). A header
// with an unknown or revoked token: 401, so a misconfigured portal fails loudly instead of seeing nothing.
import { createHash } from 'node:crypto';
import { createGraphQLError } from 'graphql-yoga';
import { authenticateToken } from '../auth/credentials.js';
import { ANONYMOUS, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';

/**
 * In production a token that resolved is trusted for this long without asking the store again, so a
 * revoked token or key stops working within 5 seconds on every server instance. Development and tests
 * ask the store on every request: revocation there is immediate.
 */
export const TOKEN_CACHE_TTL_MS = 5_000;
/** Distinct tokens remembered at once; the oldest entry leaves first. Unknown tokens are never cached. */
const TOKEN_CACHE_MAX_ENTRIES = 10_000;

interface CachedPrincipal {
  readonly principal: Principal;
  readonly expiresAt: number;
}

/** One cache per desk, keyed by the token's SHA-256 (the cache holds no secret, like the store). */
const tokenCaches = new WeakMap<Desk, Map<string, CachedPrincipal>>();

// Several steps of one request may ask who is calling (the body-size limit, then the GraphQL context):
// the answer is worked out once per request.
const perRequest = new WeakMap<Request, Promise<Principal>>();

export function principalFromRequest(desk: Desk, request: Request): Promise<Principal> {
  let principal = perRequest.get(request);
  if (!principal) {
    principal = resolvePrincipal(desk, request);
    perRequest.set(request, principal);
  }
  return principal;
}

async function resolvePrincipal(desk: Desk, request: Request): Promise<Principal> {
  const header = request.headers.get('authorization');
  if (!header) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw createGraphQLError('The Authorization header must be "Bearer <token>".', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } } });
  }
  const principal = desk.config.production ? await cachedLookup(desk, match[1]) : await authenticateToken(desk.store.db, match[1], desk.config.adminToken);
  if (!principal) {
    throw createGraphQLError('The token is unknown or was revoked.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } } } });
  }
  return principal;
}

async function cachedLookup(desk: Desk, token: string): Promise<Principal | undefined> {
  let cache = tokenCaches.get(desk);
  if (!cache) {
    cache = new Map();
    tokenCaches.set(desk, cache);
  }
  const key = createHash('sha256').update(token).digest('base64');
  // The wall clock, not desk.now(): the bound is on real time since the store was asked.
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.principal;
  cache.delete(key);
  const principal = await authenticateToken(desk.store.db, token, desk.config.adminToken);
  if (principal) {
    if (cache.size >= TOKEN_CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, { principal, expiresAt: now + TOKEN_CACHE_TTL_MS });
  }
  return principal;
}
