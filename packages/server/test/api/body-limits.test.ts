// The request-size limit holds for every content type and streamed bodies, and the mailgate (an ADMIN
// posting a whole email) may send up to the email size limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, gql, type TestDesk } from '../support/test-desk.js';

function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
}

describe('request body limits', () => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk('sqlite');
  });
  afterAll(async () => {
    await desk.close();
  });

  const post = (body: BodyInit, type: string, token?: string) =>
    desk.yoga.fetch('http://nocdesk.test/graphql', {
      method: 'POST',
      headers: { 'content-type': type, accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      duplex: 'half',
    } as RequestInit);

  it.each([
    ['application/json', JSON.stringify({ query: `{ hotlines { phone } } #${'x'.repeat(3_000_000)}` })],
    ['application/graphql', `{ hotlines { phone } } #${'x'.repeat(3_000_000)}`],
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent(`{ hotlines { phone } } #${'x'.repeat(3_000_000)}`)}`],
  ])('a streamed %s body over the limit is refused with 413', async (type, body) => {
    const response = await post(streamed(body), type);
    expect(response.status).toBe(413);
  });

  it('small application/graphql and form bodies still work', async () => {
    expect((await post('{ hotlines { phone } }', 'application/graphql')).status).toBe(200);
    const form = await post(`query=${encodeURIComponent('{ hotlines { phone } }')}`, 'application/x-www-form-urlencoded');
    expect(form.status).toBe(200);
  });

  it('other content types are refused with 415 instead of being buffered', async () => {
    const response = await post('--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}\r\n--x--', 'multipart/form-data; boundary=x');
    expect(response.status).toBe(415);
  });

  it('the mailgate may post a 2 MB email as an ADMIN; a partner may not post that much', async () => {
    const body = 'Traceroute output:\r\n' + '  1  10.0.0.1  0.5 ms\r\n'.repeat(90_000);
    const raw = ['From: ops@acme.example', 'To: ncc@nocdesk.example', 'Subject: Long traceroute', 'Message-ID: <big-1@acme.example>', 'Content-Type: text/plain', '', body].join('\r\n');
    expect(raw.length).toBeGreaterThan(2_000_000);
    const mutation = 'mutation($raw: String!) { ingestEmail(raw: $raw, encoding: BASE64) { __typename ... on IngestEmailSuccess { outcome } } }';
    const variables = { raw: Buffer.from(raw).toString('base64') };
    const asAdmin = await gql<{ ingestEmail: { outcome: string } }>(desk, mutation, variables, desk.credentials.adminToken);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.data?.ingestEmail.outcome).toBe('CREATED');
    const asPartner = await gql(desk, mutation, variables, desk.credentials.partnerKey);
    expect(asPartner.status).toBe(413);
  });
});
