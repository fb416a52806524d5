// Registering webhooks (SPEC §4.1): a partner for its own customer, ADMIN for any; the secret is shown
// once; HTTPS to public addresses only unless the desk allows local endpoints; another customer's
// webhook is not found; limits and duplicates are refused with typed errors.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/index.js';
import { createWebhook, deleteWebhook, listWebhooks, registered } from './webhook-operations.js';

describe.each(DIALECTS)('webhook registration (%s)', (dialect) => {
  let desk: TestDesk | undefined;
  afterEach(async () => {
    await desk?.close();
    desk = undefined;
  });

  it('a partner registers an HTTPS endpoint and gets its signing secret once; listings never show it', async () => {
    desk = await createTestDesk(dialect);
    const answer = await createWebhook(desk, { url: 'https://hooks.acme.example/nocdesk', events: ['CREATED', 'REPLIED', 'RESOLVED'] });
    expect(answer.__typename).toBe('MutationCreateWebhookSuccess');
    expect(answer.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(answer.webhook).toMatchObject({ url: 'https://hooks.acme.example/nocdesk', events: ['CREATED', 'REPLIED', 'RESOLVED'], createdBy: 'partner:Acme portal', customer: { name: 'Acme Networks' } });

    const listed = await listWebhooks(desk, desk.credentials.partnerKey);
    expect(listed.map((w) => w.id)).toEqual([answer.webhook!.id]);
    const introspected = await gql<{ __type: { fields: { name: string }[] } }>(desk, '{ __type(name: "Webhook") { fields { name } } }');
    expect(introspected.data!.__type.fields.map((f) => f.name)).not.toContain('secret');
  });

  it('two webhooks get two different secrets', async () => {
    desk = await createTestDesk(dialect);
    const first = await registered(desk, 'https://hooks.acme.example/a', ['CREATED']);
    const second = await registered(desk, 'https://hooks.acme.example/b', ['CREATED']);
    expect(first.secret).not.toBe(second.secret);
  });

  it('refuses plain http, credentials in the URL and private or local addresses, naming the field', async () => {
    desk = await createTestDesk(dialect);
    for (const url of ['http://hooks.acme.example/nocdesk', 'https://user:pw@hooks.acme.example/', 'https://127.0.0.1/hook', 'https://[::1]/hook', 'https://10.1.2.3/hook', 'https://169.254.169.254/latest/meta-data', 'https://localhost:8443/', 'https://printer.localhost/', 'ftp://hooks.acme.example/', 'not a url']) {
      const answer = await createWebhook(desk, { url, events: ['CREATED'] });
      expect(answer.__typename, url).toBe('InputValidationError');
      expect(answer.issues?.[0]?.path, url).toEqual(['input', 'url']);
    }
    expect(await listWebhooks(desk, desk.credentials.partnerKey)).toEqual([]);
  });

  it('accepts http://127.0.0.1 on a desk with NOCDESK_WEBHOOK_ALLOW_HTTP=on (development and tests)', async () => {
    desk = await createTestDesk(dialect, { NOCDESK_WEBHOOK_ALLOW_HTTP: 'on' });
    const answer = await createWebhook(desk, { url: 'http://127.0.0.1:8787/', events: ['CREATED'] });
    expect(answer.__typename).toBe('MutationCreateWebhookSuccess');
  });

  it('internal history (NOTE_ADDED) cannot be asked for, and at least one event type is needed', async () => {
    desk = await createTestDesk(dialect);
    const internal = await createWebhook(desk, { url: 'https://hooks.acme.example/', events: ['REPLIED', 'NOTE_ADDED'] });
    expect(internal).toMatchObject({ __typename: 'InputValidationError', issues: [{ path: ['input', 'events'] }] });
    const none = await createWebhook(desk, { url: 'https://hooks.acme.example/', events: [] });
    expect(none).toMatchObject({ __typename: 'InputValidationError', issues: [{ path: ['input', 'events'] }] });
  });

  it('another customer’s partner neither sees nor deletes a webhook, and cannot register one for that customer', async () => {
    desk = await createTestDesk(dialect);
    const { webhook } = await registered(desk, 'https://hooks.acme.example/', ['CREATED']);
    expect(await listWebhooks(desk, desk.credentials.otherPartnerKey)).toEqual([]);
    const node = await gql<{ node: unknown }>(desk, 'query ($id: ID!) { node(id: $id) { id } }', { id: webhook.id }, desk.credentials.otherPartnerKey);
    expect(node.data?.node).toBeNull();
    expect((await deleteWebhook(desk, webhook.id, desk.credentials.otherPartnerKey)).__typename).toBe('NotFoundError');
    expect(await listWebhooks(desk, desk.credentials.partnerKey)).toHaveLength(1);

    const acme = await gql<{ viewer: { customer: { id: string } } }>(desk, '{ viewer { customer { id } } }', {}, desk.credentials.partnerKey);
    const foreign = await createWebhook(desk, { url: 'https://hooks.globex.example/', events: ['CREATED'], customerId: acme.data!.viewer.customer.id }, desk.credentials.otherPartnerKey);
    expect(foreign.__typename).toBe('NotFoundError');
  });

  it('ADMIN registers for a named customer and lists every customer’s; engineers may not', async () => {
    desk = await createTestDesk(dialect);
    await registered(desk, 'https://hooks.acme.example/', ['CREATED']);
    const customers = await gql<{ customers: { edges: { node: { id: string; name: string } }[] } }>(desk, '{ customers(first: 10) { edges { node { id name } } } }', {}, desk.credentials.adminToken);
    const globex = customers.data!.customers.edges.find((e) => e.node.name === 'Globex Telecom')!.node;

    const withoutCustomer = await createWebhook(desk, { url: 'https://hooks.globex.example/', events: ['CREATED'] }, desk.credentials.adminToken);
    expect(withoutCustomer).toMatchObject({ __typename: 'InputValidationError', issues: [{ path: ['input', 'customerId'] }] });
    const forGlobex = await createWebhook(desk, { url: 'https://hooks.globex.example/', events: ['CREATED'], customerId: globex.id }, desk.credentials.adminToken);
    expect(forGlobex.webhook).toMatchObject({ customer: { name: 'Globex Telecom' }, createdBy: 'staff:demo-admin' });

    expect((await listWebhooks(desk, desk.credentials.adminToken)).map((w) => w.customer.name).sort()).toEqual(['Acme Networks', 'Globex Telecom']);
    expect(await listWebhooks(desk, desk.credentials.otherPartnerKey)).toHaveLength(1);
    const engineer = await gql(desk, '{ webhooks(first: 5) { edges { node { id } } } }', {}, desk.credentials.engineerToken);
    expect(engineer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byId = await gql<{ node: unknown }>(desk, 'query ($id: ID!) { node(id: $id) { id } }', { id: forGlobex.webhook!.id }, desk.credentials.engineerToken);
    expect(byId.data?.node).toBeNull();
  });

  it('one URL once per customer, and at most ten webhooks: ConflictError', async () => {
    desk = await createTestDesk(dialect);
    await registered(desk, 'https://hooks.acme.example/0', ['CREATED']);
    expect((await createWebhook(desk, { url: 'https://hooks.acme.example/0', events: ['REPLIED'] })).__typename).toBe('ConflictError');
    for (let i = 1; i < 10; i++) await registered(desk, `https://hooks.acme.example/${i}`, ['CREATED']);
    const eleventh = await createWebhook(desk, { url: 'https://hooks.acme.example/10', events: ['CREATED'] });
    expect(eleventh).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('10 webhooks') });
    // The other customer's limit is its own.
    expect((await createWebhook(desk, { url: 'https://hooks.globex.example/', events: ['CREATED'] }, desk.credentials.otherPartnerKey)).__typename).toBe('MutationCreateWebhookSuccess');
  });

  it('a deleted webhook is gone from the list and deleting it again is not found', async () => {
    desk = await createTestDesk(dialect);
    const { webhook } = await registered(desk, 'https://hooks.acme.example/', ['CREATED']);
    expect(await deleteWebhook(desk, webhook.id)).toMatchObject({ __typename: 'MutationDeleteWebhookSuccess', webhook: { id: webhook.id } });
    expect(await listWebhooks(desk, desk.credentials.partnerKey)).toEqual([]);
    expect((await deleteWebhook(desk, webhook.id)).__typename).toBe('NotFoundError');
    // Its URL can be registered again, with a new secret.
    expect((await createWebhook(desk, { url: 'https://hooks.acme.example/', events: ['CREATED'] })).__typename).toBe('MutationCreateWebhookSuccess');
  });
});

it('a production desk refuses to start with NOCDESK_WEBHOOK_ALLOW_HTTP on', () => {
  expect(() => loadConfig({ NODE_ENV: 'production', NOCDESK_WEBHOOK_ALLOW_HTTP: 'on' })).toThrow(/NOCDESK_WEBHOOK_ALLOW_HTTP is for development and tests/);
});
