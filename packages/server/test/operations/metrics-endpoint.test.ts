// An operator scrapes /metrics: after a ticket by email and one by the API, the counters and gauges
// have moved, read as Prometheus reads them. No label carries customer data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, fixture, plainMail, startEmailChannelServer, type EmailChannelServer } from '../support/index.js';
import { parseMetrics, sample, type MetricFamily } from './prometheus-text.js';

const CREATE_TICKET = `mutation CreateTicket($input: CreateTicketInput!) {
  createTicket(input: $input) { __typename ... on MutationCreateTicketSuccess { ticket { number } } }
}`;

describe.each(DIALECTS)('/metrics on %s', (dialect) => {
  let desk: EmailChannelServer;
  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  async function scrape(): Promise<{ families: MetricFamily[]; text: string; contentType: string | null }> {
    const response = await fetch(`http://127.0.0.1:${desk.server.httpPort}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    return { families: parseMetrics(text), text, contentType: response.headers.get('content-type') };
  }

  it('moves the intake, GraphQL, outbox, dispatcher and queue figures for a ticket by email and one by API', async () => {
    const before = await scrape();
    expect(before.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(before.families, 'nocdesk_open_tickets', { level: '1', status: 'OPEN' })).toBe(0);

    expect(await desk.sendSmtp(fixture('plain-outage-report'))).toMatch(/^250/);
    const api = await desk.gql<{ createTicket: { __typename: string } }>(
      CREATE_TICKET,
      { input: { reporterEmail: 'noc@acme.example', subject: 'Degraded latency on SOF-10001', description: 'Packet loss since 10:00' } },
      desk.credentials.partnerKey,
    );
    expect(api.data?.createTicket.__typename).toBe('MutationCreateTicketSuccess');

    const queued = await scrape();
    const f = queued.families;
    expect(sample(f, 'nocdesk_intake_decisions_total', { channel: 'EMAIL', outcome: 'created' })).toBe(1);
    expect(sample(f, 'nocdesk_smtp_transactions_total', { outcome: 'stored' })).toBe(1);
    expect(sample(f, 'nocdesk_graphql_operations_total', { operation: 'CreateTicket', type: 'mutation', outcome: 'ok' })).toBe(1);
    const latency = f.find((m) => m.name === 'nocdesk_graphql_operation_duration_seconds');
    expect(latency?.type).toBe('HISTOGRAM');
    expect(Number(latency?.metrics[0]?.buckets?.['+Inf'] ?? 0)).toBeGreaterThanOrEqual(1);
    expect(sample(f, 'nocdesk_outbox_pending_messages', { kind: 'ACKNOWLEDGEMENT' })).toBe(2);
    expect(sample(f, 'nocdesk_outbox_oldest_pending_age_seconds', { kind: 'ACKNOWLEDGEMENT' })).toBeGreaterThanOrEqual(0);
    const open = [1, 2, 3].reduce((sum, level) => sum + sample(f, 'nocdesk_open_tickets', { level: String(level), status: 'OPEN' }), 0);
    expect(open).toBe(2);
    expect(sample(f, 'nocdesk_open_tickets', { level: '1', status: 'OPEN' })).toBe(1);

    desk.advance(90_000);
    const late = await scrape();
    expect(sample(late.families, 'nocdesk_outbox_oldest_pending_age_seconds', { kind: 'ACKNOWLEDGEMENT' })).toBeGreaterThanOrEqual(90);

    expect(await desk.server.dispatcher.runOnce()).toBe(2);
    const sent = await scrape();
    expect(sample(sent.families, 'nocdesk_dispatcher_sends_total', { kind: 'ACKNOWLEDGEMENT' })).toBe(2);
    expect(sample(sent.families, 'nocdesk_outbox_pending_messages', { kind: 'ACKNOWLEDGEMENT' })).toBe(0);
  });

  it('counts a rejected sender by reason, and the scheduler lease holder', async () => {
    const stranger = plainMail({ from: 'someone@unknown.example', subject: 'Our link is down', body: 'No service since 09:00.', messageId: 'stranger-1@unknown.example' });
    expect(await desk.sendSmtp(stranger, { from: 'someone@unknown.example' })).toMatch(/^250/);
    await desk.server.scheduler.runOnce();
    const { families } = await scrape();
    const rejected = families.find((m) => m.name === 'nocdesk_intake_decisions_total')?.metrics.filter((m) => m.labels?.outcome === 'rejected') ?? [];
    expect(rejected.map((m) => [m.labels?.reason, Number(m.value)])).toEqual([['UNKNOWN_SENDER', 1]]);
    expect(sample(families, 'nocdesk_scheduler_lease_held', { lease: 'scheduler' })).toBe(1);
  });

  it('puts no address, ticket number, token or key in any label', async () => {
    const { families } = await scrape();
    const values = families.flatMap((f) => f.metrics.flatMap((m) => Object.values(m.labels ?? {})));
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      expect(value).not.toMatch(/@|\d{7}/);
      for (const secret of Object.values(desk.credentials)) expect(value).not.toContain(secret);
    }
  });
});
