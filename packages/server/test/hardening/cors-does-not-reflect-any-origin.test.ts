// Security probe, finding "CORS reflected any Origin with allow-credentials: true": any web page a staff
// member visited could call the API from their browser and read the answers. The desk now sends no CORS
// headers unless NOCDESK_CORS_ORIGINS lists the page's origin, and never allows credentials (auth is a
// bearer header, never a cookie).
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTestDesk, type TestDesk } from '../support/index.js';

const EVIL = 'https://evil.example';
const PORTAL = 'https://portal.acme.example';

async function preflight(desk: TestDesk, origin: string): Promise<Response> {
  return desk.yoga.fetch('http://nocdesk.test/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

async function crossOriginPost(desk: TestDesk, origin: string): Promise<Response> {
  return desk.yoga.fetch('http://nocdesk.test/graphql', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${desk.credentials.partnerKey}`, cookie: 'session=stolen' },
    body: JSON.stringify({ query: '{ viewer { kind name } }' }),
  });
}

function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));
}

// CORS headers do not depend on the store: one dialect is enough.
describe('CORS does not reflect any origin', () => {
  let desk: TestDesk | undefined;
  afterEach(async () => {
    await desk?.close();
    desk = undefined;
  });

  it('sends no CORS headers at all when no origin is configured', async () => {
    const on = (desk = await createTestDesk('sqlite'));
    for (const origin of [EVIL, PORTAL, 'null']) {
      expect(corsHeaders(await preflight(on, origin)), `preflight from ${origin}`).toEqual({});
      expect(corsHeaders(await crossOriginPost(on, origin)), `POST from ${origin}`).toEqual({});
    }
  });

  it('allows a configured origin without credentials, and nobody else', async () => {
    const on = (desk = await createTestDesk('sqlite', { NOCDESK_CORS_ORIGINS: `${PORTAL}, https://noc.acme.example` }));
    const allowed = await preflight(on, PORTAL);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const post = await crossOriginPost(on, PORTAL);
    expect(post.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(post.headers.get('access-control-allow-credentials')).toBeNull();

    // Anyone else gets no CORS headers at all; in particular not `Access-Control-Allow-Origin: null`, which
    // the origin "null" of a sandboxed frame or a local file would match.
    for (const origin of [EVIL, 'https://portal.acme.example.evil.example', 'http://portal.acme.example', 'null']) {
      expect(corsHeaders(await preflight(on, origin)), `preflight from ${origin}`).toEqual({});
      expect(corsHeaders(await crossOriginPost(on, origin)), `POST from ${origin}`).toEqual({});
    }
    expect((await preflight(on, 'https://noc.acme.example')).headers.get('access-control-allow-origin')).toBe('https://noc.acme.example');
  });

  it('refuses a setting that is not a list of origins', async () => {
    expect(() => loadConfig({ NOCDESK_CORS_ORIGINS: 'https://portal.acme.example/app' })).toThrow(/NOCDESK_CORS_ORIGINS: "https:\/\/portal\.acme\.example\/app" is not an origin/);
    expect(() => loadConfig({ NOCDESK_CORS_ORIGINS: '*' })).toThrow(/NOCDESK_CORS_ORIGINS: "\*" is not an origin/);
  });
});
