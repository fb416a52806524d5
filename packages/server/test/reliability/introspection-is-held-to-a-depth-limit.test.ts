// graphql-armor leaves introspection out of its depth limit, so `__schema { types { fields { type {
// ofType { ofType … } } } } }` could nest as deep as the token limit allows. The desk holds introspection
// to a limit of its own: exactly what GraphiQL's and graphql-js's introspection query need.
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../../src/http/create-yoga.js';
import { createTestDesk, gql, type TestDesk } from '../support/index.js';

/** `__schema { types { ofType { ofType … } } }` with `levels` levels of ofType. */
function nestedOfType(levels: number): string {
  let selection = 'name';
  for (let level = 0; level < levels; level++) selection = `ofType { ${selection} }`;
  return `{ __schema { types { fields { type { ${selection} } } } } }`;
}

describe('introspection depth', () => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk('sqlite');
  });
  afterAll(async () => {
    await desk.close();
  });

  it("answers GraphiQL's introspection query, with every option GraphiQL asks for", async () => {
    const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
    const result = await gql<{ __schema: { types: unknown[] } }>(desk, query);
    expect(result.errors).toBeUndefined();
    expect(result.data?.__schema.types.length).toBeGreaterThan(50);
  });

  it('refuses an introspection query nested deeper than the limit, as a validation error, and keeps serving', async () => {
    // depth: __schema, types, fields, type, then the ofType levels, then name.
    const deepest = QUERY_LIMITS.maxIntrospectionDepth - 5;
    expect((await gql(desk, nestedOfType(deepest))).errors).toBeUndefined();
    const refused = await gql(desk, nestedOfType(deepest + 1));
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(new RegExp(`depth limit of ${QUERY_LIMITS.maxIntrospectionDepth} exceeded`)));
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await gql(desk, '{ hotlines { phone } }')).status).toBe(200);
  });
});
