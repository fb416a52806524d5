// The GraphQL-over-HTTP endpoint: Yoga with the schema, query limits (graphql-armor), the body-size
// limit, error masking in production, GraphiQL in development, /health and /ready.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Desk } from '../desk.js';
import { buildSchema } from '../schema/index.js';
import type { GraphQLContext } from '../schema/context.js';
import { isStoreReachable } from '../store/database.js';
import { principalFromRequest } from './authentication.js';
import { useRequestSizeLimit } from './request-size-limit.js';

/** Limits against abusive queries; generous enough for GraphiQL and the client's documents. */
export const QUERY_LIMITS = {
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 3000,
  maxCost: 10_000,
  maxDirectives: 50,
} as const;

const GRAPHIQL_QUERY = `# Welcome to nocdesk. Public operations need no token; for the rest, add a header
#   { "Authorization": "Bearer <token printed by pnpm start>" }
query Welcome {
  checkTicketNumber(input: "NCC#1000010") { valid number displayNumber message }
  hotlines { region phone kind }
  viewer { kind name role }
}
`;

export type NocdeskYoga = YogaServerInstance<Record<string, never>, GraphQLContext>;

export function createNocdeskYoga(desk: Desk): NocdeskYoga {
  return createYoga<Record<string, never>, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // GraphiQL's assets are served inline: an operator's network need not reach a CDN.
    renderGraphiQL,
    graphiql: desk.config.production ? false : { title: 'nocdesk GraphiQL', defaultQuery: GRAPHIQL_QUERY },
    maskedErrors: desk.config.production ? true : { isDev: true },
    logging: desk.config.production ? 'info' : 'warn',
    context: async ({ request }) => ({ desk, principal: await principalFromRequest(desk, request) }),
    plugins: [
      useRequestSizeLimit(desk.config.maxBodyBytes),
      EnvelopArmorPlugin({
        maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true },
        maxAliases: { n: QUERY_LIMITS.maxAliases },
        maxTokens: { n: QUERY_LIMITS.maxTokens },
        maxDirectives: { n: QUERY_LIMITS.maxDirectives },
        costLimit: { maxCost: QUERY_LIMITS.maxCost },
        blockFieldSuggestion: { enabled: desk.config.production },
      }),
      useReadinessCheck({ endpoint: '/ready', check: () => isStoreReachable(desk.store) }),
    ],
  });
}
