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
  errors: { unsafelyHandleInputErrors: true, defaultTypes: [InputValidationError] },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // One request may name at most MAX_NODE_IDS ids: a list of 40,000 once held the desk for seconds.
    nodesQueryOptions: {
      description: `Objects by global id, at most ${MAX_NODE_IDS} per request; an id you may not see is null.`,
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
