// Scalars: DateTime as ISO-8601 strings, JSON for the free-form data of history events, PriorityLevel
// for the three levels (an Int on the wire, so a client's types can say 1 | 2 | 3).
import { PriorityLevelSchema } from '@nocdesk/domain';
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

/**
 * Inputs read any integer, so a level out of range reaches the field's zod rule and answers a typed
 * InputValidationError naming the field, like every other broken rule; outputs are always 1–3.
 */
function integer(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new GraphQLError('PriorityLevel must be an integer: 1, 2 or 3.');
  return value;
}

builder.scalarType('PriorityLevel', {
  description: 'A priority level as an Int: 1 Maximum (outages), 2 High (degradation, optimisation), 3 Standard (administrative).',
  serialize: (value) => PriorityLevelSchema.parse(value),
  parseValue: integer,
  parseLiteral: (ast) => integer(ast.kind === Kind.INT ? Number(ast.value) : undefined),
});
