// With METRICS_PORT set, the scrape endpoint lives on its own listener and the public HTTP port has
// none; operation names a client makes up cannot grow the scrape without end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPERATION_NAMES } from '../../src/observability/metrics.js';
import { startEmailChannelServer, type EmailChannelServer } from '../support/index.js';
import { parseMetrics } from './prometheus-text.js';

let desk: EmailChannelServer;
beforeAll(async () => {
  desk = await startEmailChannelServer('sqlite', { env: { METRICS_PORT: '0' } });
});
afterAll(async () => {
  await desk.close();
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own port only', async () => {
    const port = desk.server.metricsPort;
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(desk.server.httpPort);
    const scrape = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(scrape.status).toBe(200);
    expect(parseMetrics(await scrape.text()).map((f) => f.name)).toContain('nocdesk_graphql_operations_total');
    expect((await fetch(`http://127.0.0.1:${port}/graphql`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${desk.server.httpPort}/metrics`)).status).toBe(404);
  });

  it('counts operations past the first names it knows as "other"', async () => {
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i++) desk.server.desk.metrics.operationLabel(`Made_up_${i}`);
    await desk.gql('query YetAnotherName { hotlines { phone } }');
    const families = parseMetrics(await (await fetch(`http://127.0.0.1:${desk.server.metricsPort}/metrics`)).text());
    const operations = families.find((f) => f.name === 'nocdesk_graphql_operations_total')?.metrics.map((m) => m.labels?.operation) ?? [];
    expect(operations).toContain('other');
    expect(operations).not.toContain('YetAnotherName');
  });
});
