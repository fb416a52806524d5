// The one Pothos builder: every plugin listed once, in the order Pothos asks for
// (scope-auth first, so authorization wraps every other plugin's work).
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin, { InputValidationError } from '@pothos/plugin-validation';
import type { PriorityLevel } from '@nocdesk/domain';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from './context.js';

/** The most ids `nodes(ids)` takes in one request. */
export const MAX_NODE_IDS = 100;

export interface AuthScopes {
  /** Any authenticated caller: partner or staff. */
  readonly authenticated: boolean;
  readonly partner: boolean;
  readonly staff: boolean;
  readonly engineer: boolean;
  readonly accountManager: boolean;
  readonly admin: boolean;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    PriorityLevel: { Input: number; Output: PriorityLevel };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ValidationPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    // Refuse a subscription when it is opened, not silently on every event.
    authorizeOnSubscribe: true,
    // Authorization failures are GraphQL errors with a stable code (FORBIDDEN / UNAUTHENTICATED).
    authScopes: ({ principal }) => ({
      authenticated: principal.kind !== 'anonymous',
      partner: principal.kind === 'partner',
      staff: principal.kind === 'staff',
      engineer: principal.kind === 'staff' && (principal.role === 'ENGINEER' || principal.role === 'ADMIN'),
      accountManager: principal.kind === 'staff' && (principal.role === 'ACCOUNT_MANAGER' || principal.role === 'ADMIN'),
      admin: principal.kind === 'staff' && principal.role === 'ADMIN',
    }),
    unauthorizedError: (_parent, context) => new NotAuthorizedError(context.principal.kind === 'anonymous'),
  },
  // Every mutation with typed errors may also answer InputValidationError: declared once, here.
  // The result unions and success types the plugin makes are described once, here, too.
  errors: {
    unsafelyHandleInputErrors: true,
    defaultTypes: [InputValidationError],
    defaultUnionOptions: { description: 'What the mutation answered: its success type, or one of its typed errors (each implements Error).' },
    defaultResultOptions: { description: 'The mutation succeeded; the field holds what it made or changed.' },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Lists are Relay connections; their plumbing is described once, here.
    edgesFieldOptions: { nullable: false, description: 'The items of this page, in order, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Pass it as `after` to get the items after this one.' },
    pageInfoFieldOptions: { description: 'Where this page ends, and whether more follow.' },
    defaultConnectionTypeOptions: { description: 'One page of a list: its items and where it ends. Page forward with first and after.' },
    defaultEdgeTypeOptions: { description: 'One item of a page and its cursor.' },
    pageInfoTypeOptions: { description: 'Where a page of a list starts and ends.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow: fetch them with after = endCursor.' },
    hasPreviousPageFieldOptions: { description: 'Whether items come before this page.' },
    startCursorFieldOptions: { description: 'The cursor of the first item of the page.' },
    endCursorFieldOptions: { description: 'The cursor of the last item of the page: pass it as after for the next page.' },
    firstArgOptions: { description: 'How many items (default 20, at most 100).' },
    afterArgOptions: { description: 'The endCursor of the previous page.' },
    lastArgOptions: { description: 'Backward paging is not supported: use first.' },
    beforeArgOptions: { description: 'Backward paging is not supported: use after.' },
    idFieldOptions: { description: 'Its global id: opaque and stable; pass it to node or to the mutations that take an id.' },
    nodeTypeOptions: { description: 'An object with a global id: Ticket, Customer, Contact, Service, Conversation…' },
    nodeQueryOptions: { description: 'An object by its global id; null when unknown or not yours.', args: { id: { description: 'The global id.' } } },
    // One request may name at most MAX_NODE_IDS ids: a list of 40,000 once held the desk for seconds.
    nodesQueryOptions: {
      description: `Objects by global id, at most ${MAX_NODE_IDS} per request; an id you may not see is null.`,
      args: { ids: { description: 'The global ids, in the order the answer keeps.' } },
      resolve: (_root, args, _ctx, _info, resolveNodes) => {
        if (args.ids.length > MAX_NODE_IDS) {
          throw new GraphQLError(`nodes takes at most ${MAX_NODE_IDS} ids per request (got ${args.ids.length}): split the list.`, { extensions: { code: 'BAD_USER_INPUT' } });
        }
        return resolveNodes(args.ids);
      },
    },
  },
});

/** Raised when the caller lacks a scope; GraphQL error codes let clients tell 401 from 403 apart. */
export class NotAuthorizedError extends GraphQLError {
  constructor(anonymous: boolean) {
    super(anonymous ? 'Authentication required: send Authorization: Bearer <token>.' : 'Your token does not allow this operation.', {
      extensions: { code: anonymous ? 'UNAUTHENTICATED' : 'FORBIDDEN', http: { status: 200 } },
    });
  }
}
