// Turns the Authorization header into a principal. No header: anonymous (public fields only). A header
// with an unknown or revoked token: 401, so a misconfigured portal fails loudly instead of seeing nothing.
import { createGraphQLError } from 'graphql-yoga';
import { authenticateToken } from '../auth/credentials.js';
import { ANONYMOUS, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';

export async function principalFromRequest(desk: Desk, request: Request): Promise<Principal> {
  const header = request.headers.get('authorization');
  if (!header) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw createGraphQLError('The Authorization header must be "Bearer <token>".', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } } });
  }
  const principal = await authenticateToken(desk.store.db, match[1], desk.config.adminToken);
  if (!principal) {
    throw createGraphQLError('The token is unknown or was revoked.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } } } });
  }
  return principal;
}
