// Every `Error` type of the desk's schema has its client error class, with the schema's code: a new
// typed error on the server fails here until partners can catch it by class.
import * as client from '@nocdesk/client';
import fs from 'node:fs';
import { buildSchema, GraphQLObjectType, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { errorFromResult, NocdeskError, RESULT_ERROR_CLASSES } from '../src/errors.js';

const schema = buildSchema(fs.readFileSync(new URL('../../server/schema.graphql', import.meta.url), 'utf8'));
const errorInterface = schema.getType('Error');
const errorTypes = Object.values(schema.getTypeMap())
  .filter((type): type is GraphQLObjectType => type instanceof GraphQLObjectType && type.getInterfaces().some((i) => i === errorInterface))
  .map((type) => type.name)
  .sort();

/** The schema's ErrorCode enum describes each code as `<ErrorType>: …`: the code each type answers. */
const codeOfType = new Map(
  (schema.getType('ErrorCode') as GraphQLEnumType).getValues().map((value) => [value.description?.split(':')[0] ?? '', value.name] as const),
);

describe('client error classes', () => {
  it('the schema has typed errors to check', () => {
    expect(errorTypes).toContain('ReporterNotAuthorizedError');
    expect(errorTypes.length).toBeGreaterThanOrEqual(10);
  });

  it.each(errorTypes)('%s has an exported class of the same name, built from the result union with the schema’s code', (typeName) => {
    expect(Object.keys(RESULT_ERROR_CLASSES)).toContain(typeName);
    const exported = (client as Record<string, unknown>)[typeName];
    expect(exported, `@nocdesk/client exports ${typeName}`).toBeTypeOf('function');

    const error = errorFromResult({ __typename: typeName, message: 'From the desk.', code: codeOfType.get(typeName) ?? '' }, { requestId: 'req-7' });
    expect(error).toBeInstanceOf(exported as typeof NocdeskError);
    expect(error).toBeInstanceOf(NocdeskError);
    expect(error.name).toBe(typeName);
    expect(error.code).toBe(codeOfType.get(typeName));
    expect(error.requestId).toBe('req-7');
  });

  it('has no class for a type the schema no longer has', () => {
    expect(Object.keys(RESULT_ERROR_CLASSES).sort()).toEqual(errorTypes);
  });

  it('a typed error this client does not know yet stays a NocdeskError with its code', () => {
    const error = errorFromResult({ __typename: 'SomethingNewError', message: 'New.', code: 'SOMETHING_NEW' });
    expect(error.constructor).toBe(NocdeskError);
    expect(error.code).toBe('SOMETHING_NEW');
  });
});
