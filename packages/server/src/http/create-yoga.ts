// The GraphQL-over-HTTP endpoint: Yoga with the schema, query limits (graphql-armor), the body-size
// limit, error masking in production, GraphiQL in development, /health and /ready, request ids, the
// request log and /metrics.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { createRequire } from 'node:module';
import type * as GraphiQLPage from '@graphql-yoga/render-graphiql';
import { GraphQLError, type ValidationContext } from 'graphql';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import { displayTicketNumber, formatTicketNumber } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { buildSchema } from '../schema/index.js';
import { ResponseBudget } from '../schema/response-budget.js';
import type { GraphQLContext } from '../schema/context.js';
import { isStoreReachable } from '../store/database.js';
import { principalFromRequest } from './authentication.js';
import { corsPolicy } from './cors-policy.js';
import { useIvrWebhook } from './ivr-webhook.js';
import { useMetricsEndpoint } from './metrics-endpoint.js';
import { useRequestId } from './request-id.js';
import { useRequestLog, yogaLogger } from './request-log.js';
import { useRequestSizeLimit } from './request-size-limit.js';
import { useRateLimits } from './rate-limit.js';

/** Limits against abusive queries; generous enough for GraphiQL and the client's documents. */
export const QUERY_LIMITS = {
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 3000,
  maxCost: 10_000,
  maxDirectives: 50,
  /**
   * Introspection (`__schema`) is exempt from `maxDepth`, and held to this instead: what GraphiQL's and
   * graphql-js's introspection query needs (nine levels of `ofType`), so a hand-made one cannot nest
   * deeper to make the desk walk its schema without end.
   */
  maxIntrospectionDepth: 21,
} as const;

/**
 * Armor's validation rules throw by default, which aborts validation and reaches the client as a 200
 * with no error code, naming only the first limit hit. Reported to the validation context instead,
 * a refused query is a validation error like any other (400, GRAPHQL_VALIDATION_FAILED) naming
 * every limit it broke.
 */
const REPORT_AS_VALIDATION_ERROR = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')))],
};

function graphiqlWelcome(prefix: string): string {
  return `# Welcome to nocdesk. Public operations need no token; for the rest, open "Headers" below and add
#   { "Authorization": "Bearer <a token printed by pnpm start>" }
query Welcome {
  checkTicketNumber(input: "${displayTicketNumber(formatTicketNumber(100_000), { prefix })}") { valid number displayNumber message }
  hotlines { region phone kind }
  viewer { kind name role }
}
`;
}

/**
 * GraphiQL's page, its assets inline, loaded on the first request for it: a production desk never serves
 * it, and loading it up front costs every process tens of megabytes.
 */
function renderGraphiQL(options: Parameters<typeof GraphiQLPage.renderGraphiQL>[0]): string {
  const graphiql = createRequire(import.meta.url)('@graphql-yoga/render-graphiql') as typeof GraphiQLPage;
  return graphiql.renderGraphiQL(options);
}

export type NocdeskYoga = YogaServerInstance<Record<string, never>, GraphQLContext>;

export function createNocdeskYoga(desk: Desk): NocdeskYoga {
  return createYoga<Record<string, never>, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // Only the origins the operator lists (NOCDESK_CORS_ORIGINS) may call from a browser, never with credentials.
    cors: corsPolicy(desk.config.corsOrigins),
    // GraphiQL's assets are served inline: an operator's network need not reach a CDN.
    ...(desk.config.production ? {} : { renderGraphiQL }),
    graphiql: desk.config.production ? false : { title: 'nocdesk GraphiQL', defaultQuery: graphiqlWelcome(desk.config.ticketPrefix) },
    maskedErrors: desk.config.production ? true : { isDev: true },
    logging: yogaLogger(desk.log),
    context: async ({ request }) => ({ desk, principal: await principalFromRequest(desk, request), budget: new ResponseBudget() }),
    plugins: [
      useRequestId(),
      useIvrWebhook(desk),
      useRequestLog(desk),
      ...(desk.config.metricsPort === undefined ? [useMetricsEndpoint(desk)] : []),
      useRateLimits(desk),
      useRequestSizeLimit({
        maxBytes: desk.config.maxBodyBytes,
        // The mailgate posts a whole email, base64 in JSON (4/3 of its size): ADMIN tokens may send that much.
        privilegedMaxBytes: Math.max(desk.config.maxBodyBytes, Math.ceil((desk.config.maxMessageBytes * 4) / 3) + 64 * 1024),
        isPrivileged: async (request) => {
          const principal = await principalFromRequest(desk, request).catch(() => undefined);
          return principal?.kind === 'staff' && principal.role === 'ADMIN';
        },
      }),
      EnvelopArmorPlugin({
        maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, ...REPORT_AS_VALIDATION_ERROR },
        maxAliases: { n: QUERY_LIMITS.maxAliases, ...REPORT_AS_VALIDATION_ERROR },
        maxTokens: { n: QUERY_LIMITS.maxTokens },
        maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...REPORT_AS_VALIDATION_ERROR },
        costLimit: { maxCost: QUERY_LIMITS.maxCost, ...REPORT_AS_VALIDATION_ERROR },
        blockFieldSuggestion: { enabled: desk.config.production },
      }),
      maxDepthPlugin({ n: QUERY_LIMITS.maxIntrospectionDepth, ignoreIntrospection: false, ...REPORT_AS_VALIDATION_ERROR }),
      useReadinessCheck({ endpoint: '/ready', check: () => isStoreReachable(desk.store) }),
    ],
  });
}
