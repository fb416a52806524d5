// Fuzzing found it: `{"operationName": [[[…"x"…]]]}` nested a few thousand deep answered 500, "Maximum
// call stack size exceeded": the request log tested the name with a regular expression before anything
// had checked it was a string, and converting the list to text recursed through every level. It is the
// caller's mistake, answered 400 like any operationName that names no operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../support/index.js';

describe('an operationName that is not a string', () => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk('sqlite');
  });
  afterAll(async () => {
    await desk.close();
  });

  it.each([
    ['a list nested 5,000 deep', `${'['.repeat(5_000)}"Fuzz"${']'.repeat(5_000)}`],
    ['an object nested 5,000 deep', `${'{"a":'.repeat(5_000)}"Fuzz"${'}'.repeat(5_000)}`],
    ['a number', '42'],
  ])('is a bad request when it is %s', async (_kind, operationName) => {
    const response = await desk.yoga.fetch('http://nocdesk.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: `{"query":"{ hotlines { phone } }","operationName":${operationName}}`,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toBe('Could not determine what operation to execute.');
  });
});
