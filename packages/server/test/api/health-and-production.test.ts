// What load balancers and operators rely on: /health and /ready, and the production switches
// (no GraphiQL, masked internal errors, no field suggestions).
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDesk, gql, type TestDesk } from '../support/test-desk.js';

let desk: TestDesk | undefined;
afterEach(async () => {
  await desk?.close().catch(() => undefined);
  desk = undefined;
});

describe('health checks', () => {
  it('answers /health and /ready while the store is reachable, and /ready 503 once it is not', async () => {
    desk = await createTestDesk('sqlite');
    expect((await desk.yoga.fetch('http://nocdesk.test/health')).status).toBe(200);
    expect((await desk.yoga.fetch('http://nocdesk.test/ready')).status).toBe(200);
    await desk.store.close();
    expect((await desk.yoga.fetch('http://nocdesk.test/ready')).status).toBe(503);
    expect((await desk.yoga.fetch('http://nocdesk.test/health')).status).toBe(200);
  });
});

describe('production mode', () => {
  it('serves GraphiQL in development only', async () => {
    desk = await createTestDesk('sqlite');
    const dev = await desk.yoga.fetch('http://nocdesk.test/graphql', { headers: { accept: 'text/html' } });
    expect(await dev.text()).toContain('nocdesk GraphiQL');
    await desk.close();
    desk = await createTestDesk('sqlite', { NODE_ENV: 'production' });
    const prod = await desk.yoga.fetch('http://nocdesk.test/graphql', { headers: { accept: 'text/html' } });
    expect(await prod.text()).not.toContain('GraphiQL');
  });

  it('masks internal errors and blocks field suggestions', async () => {
    desk = await createTestDesk('sqlite', { NODE_ENV: 'production' });
    const typo = await gql(desk, '{ hotlinez { phone } }');
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    await desk.store.close();
    const broken = await gql(desk, '{ tickets(first: 1) { edges { node { number } } } }', {}, desk.credentials.engineerToken);
    const message = broken.errors?.[0]?.message ?? '';
    expect(message).toBe('Unexpected error.');
  });

  it('suggests field names in development, where they help', async () => {
    desk = await createTestDesk('sqlite');
    const typo = await gql(desk, '{ hotlinez { phone } }');
    expect(typo.errors?.[0]?.message).toMatch(/Did you mean "hotlines"/);
  });
});
