// Relay global ids of our node types: decoding one, checking it names the expected type.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { NotFoundError } from '../errors.js';

/** The row id inside a global id of `typename`; undefined when it is malformed or names another type. */
export function decodeTypedId(globalId: string, typename: string): string | undefined {
  try {
    const decoded = decodeGlobalID(globalId);
    return decoded.typename === typename ? decoded.id : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes a global id of the expected type; anything else is "not found". */
export function localId(globalId: string, typename: string): string {
  const id = decodeTypedId(globalId, typename);
  if (id === undefined) throw new NotFoundError(typename);
  return id;
}

/**
 * Decodes a global id given as a query argument; anything else is the caller's mistake, answered as a
 * typed BAD_USER_INPUT naming the argument (never a server fault).
 */
export function typedId(globalId: string, typename: string, argument: string): string {
  const id = decodeTypedId(globalId, typename);
  if (id === undefined) throw new GraphQLError(`${argument}: not the id of a ${typename}; pass the id the API returned.`, { extensions: { code: 'BAD_USER_INPUT' } });
  return id;
}
