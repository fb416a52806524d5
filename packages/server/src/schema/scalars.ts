// Scalars: DateTime as ISO-8601 strings, JSON for the free-form data of history events.
import { GraphQLError, Kind } from 'graphql';
import { builder } from './builder.js';

builder.scalarType('DateTime', {
  description: 'An instant as an ISO-8601 string in UTC, e.g. 2026-11-26T09:30:00.000Z.',
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string.');
    return date;
  },
  parseLiteral: (ast) => {
    const date = ast.kind === Kind.STRING ? new Date(ast.value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string.');
    return date;
  },
});

builder.scalarType('JSON', {
  description: 'Free-form JSON data.',
  serialize: (value) => value,
  parseValue: (value) => value,
});
