// The sender on its own: a partner's host name that resolves to a private address is refused when the
// desk connects (so DNS answering differently later changes nothing), a slow endpoint times out and
// is tried again, and the URL rules hold for every form of a private address.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type dns from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSender, type WebhookSender } from '../../src/channels/webhook/webhook-sender.js';
import { checkWebhookUrl, isPublicAddress } from '../../src/webhooks/webhook-url.js';

const DELIVERY = { secret: 'whsec_test', body: '{"id":"e1"}', eventType: 'CREATED', eventId: 'e1', at: new Date('2026-11-26T09:00:00Z') };

/** A resolver that answers every name with one address, as a partner's DNS could. */
function resolvingTo(address: string): typeof dns.lookup {
  return ((_hostname: string, _options: unknown, callback: (error: null, addresses: { address: string; family: number }[]) => void) => {
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  }) as unknown as typeof dns.lookup;
}

describe('webhook sender', () => {
  let sender: WebhookSender | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await sender?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    sender = undefined;
    server = undefined;
  });

  it('a name that resolves to a private address is refused for good when connecting', async () => {
    for (const address of ['127.0.0.1', '10.0.0.7', '169.254.169.254', '::1', 'fd00::1', '::ffff:192.168.1.1']) {
      sender = createWebhookSender({ allowLocal: false, lookup: resolvingTo(address) });
      const result = await sender.send({ ...DELIVERY, url: 'https://hooks.partner.example/nocdesk' });
      expect(result, address).toMatchObject({ accepted: false, permanent: true, detail: expect.stringContaining(`resolves to ${address}`) });
      await sender.close();
    }
  });

  it('an endpoint that does not answer in time is tried again later, with the reason', async () => {
    server = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sender = createWebhookSender({ allowLocal: true, timeoutMs: 300 });
    const started = Date.now();
    const result = await sender.send({ ...DELIVERY, url: `http://127.0.0.1:${port}/` });
    expect(result).toEqual({ accepted: false, detail: 'No answer within 0.3 s.' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a long error answer is cut in lastError', async () => {
    server = createServer((_request, response) => response.writeHead(500).end('x'.repeat(10_000)));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sender = createWebhookSender({ allowLocal: true });
    const result = await sender.send({ ...DELIVERY, url: `http://127.0.0.1:${port}/` });
    expect(result.accepted).toBe(false);
    expect(result.permanent).toBe(false);
    expect(result.detail.length).toBeLessThan(260);
  });
});

describe('webhook URL rules', () => {
  const strict = { allowLocal: false };

  it('public addresses are public; loopback, private, link-local, shared, multicast and mapped ones are not', () => {
    expect(isPublicAddress('93.184.215.14')).toBe(true);
    expect(isPublicAddress('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toBe(true);
    for (const address of ['127.0.0.1', '10.1.1.1', '172.16.0.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', 'not an address']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('private hosts are refused however they are written', () => {
    for (const url of ['https://0x7f000001/', 'https://2130706433/', 'https://127.1/', 'https://[::ffff:7f00:1]/', 'https://LOCALHOST/', 'https://a.b.localhost/']) {
      expect(checkWebhookUrl(url, strict).ok, url).toBe(false);
    }
    expect(checkWebhookUrl('https://hooks.acme.example/nocdesk?tenant=7', strict)).toEqual({ ok: true, url: 'https://hooks.acme.example/nocdesk?tenant=7' });
  });

  it('allowing local endpoints accepts http and loopback, still not other schemes or credentials', () => {
    const local = { allowLocal: true };
    expect(checkWebhookUrl('http://127.0.0.1:8787/', local).ok).toBe(true);
    expect(checkWebhookUrl('ftp://127.0.0.1/', local).ok).toBe(false);
    expect(checkWebhookUrl('http://u:p@127.0.0.1/', local).ok).toBe(false);
    expect(checkWebhookUrl(`https://hooks.acme.example/${'a'.repeat(2000)}`, local).ok).toBe(false);
  });
});
