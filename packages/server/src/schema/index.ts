// Assembles the schema from one file per area; `scripts/build-schema.ts` prints it to schema.graphql.
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './customer.js';
import './message.js';
import './ticket.js';
import './ticket-intake.js';
import './ticket-work.js';
import './ticket-number.js';
import './hotline.js';
import './email.js';
import './viewer.js';
import './subscription.js';
import './conversation.js';
import './outbox.js';
import './phone.js';
import './webhook.js';

builder.queryType({ description: 'What can be read: tickets, the queue, customers, conversations and the public lookups.' });
builder.mutationType({ description: 'What can be changed. Each mutation answers a result union: its success type or a typed error.' });

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  schema ??= lexicographicSortSchema(builder.toSchema());
  return schema;
}
