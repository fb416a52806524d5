// The GraphQL-over-HTTP audit of `graphql-http` against the fully configured server (schema, auth
// context, query limits, body-size limit): SPEC §4 asks for every audit to be `ok`, warnings included.
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/test-desk.js';

describe.each(DIALECTS)('graphql-http server audits (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  const audits = serverAudits({
    url: 'http://nocdesk.test/graphql',
    // The desk exists only once beforeAll ran; the audits call this later.
    fetchFn: (url: string, init: RequestInit = {}) => desk.yoga.fetch(url, init),
  });

  it.each(audits.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    if (result.status !== 'ok') {
      const body = await result.response.text();
      expect.fail(`${result.status}: ${result.reason}\nHTTP ${result.response.status} ${body.slice(0, 500)}`);
    }
    expect(result.status).toBe('ok');
  });
});
