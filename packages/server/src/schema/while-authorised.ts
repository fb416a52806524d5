// Subscription streams end when the caller's credential is revoked: the credential is checked again on
// every event, so a revoked partner key hears nothing more.
import { createGraphQLError } from 'graphql-yoga';
import type { Principal } from '../auth/principal.js';
import { credentialActive } from '../store/credentials.js';
import type { GraphQLContext } from './context.js';

/**
 * Ends a stream whose credential was revoked since it opened: checked on every event, so a revoked
 * partner key hears nothing more (the bootstrap admin token lives in the configuration, not the store).
 */
async function stillAuthorised(desk: GraphQLContext['desk'], principal: Principal): Promise<boolean> {
  if (principal.kind === 'anonymous') return false;
  if (principal.kind === 'staff' && principal.id === 'bootstrap-admin') return true;
  return credentialActive(desk.store.db, principal.kind, principal.id);
}

/** The events of `source` while the caller's credential stays active; the stream ends with an error once it is revoked. */
export async function* whileAuthorised<T>(ctx: GraphQLContext, source: AsyncIterable<T>): AsyncGenerator<T> {
  for await (const message of source) {
    if (!(await stillAuthorised(ctx.desk, ctx.principal))) {
      throw createGraphQLError('The token was revoked: this stream is closed.', { extensions: { code: 'UNAUTHENTICATED' } });
    }
    yield message;
  }
}
