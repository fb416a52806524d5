// verifyWebhook refuses what did not come from the desk unaltered and recently: a tampered body, another
// secret, a stale or future timestamp, a missing or garbled header. Deliveries are signed here by hand
// with node:crypto, as the desk's scheme says (HMAC-SHA256 of "<t>.<raw body>"), so the check is
// proven against the scheme, not against itself.
import { createHmac } from 'node:crypto';
import { verifyWebhook, WEBHOOK_SIGNATURE_HEADER, WebhookVerificationError, type WebhookVerificationFailure } from '@nocdesk/client';
import { describe, expect, it } from 'vitest';

const SECRET = 'whsec_7hN0q3u7V4wq0bXr2d3kqvVb9ZlQ2u0s8yq5mH1c2Xk';
const NOW = new Date('2026-11-26T09:00:00.000Z');
const T = Math.floor(NOW.getTime() / 1000);
const BODY = JSON.stringify({
  id: '5b0c6d1e-1c44-4b8e-9d1a-7f3e2a9c0b11',
  type: 'REPLIED',
  createdAt: NOW.toISOString(),
  ticket: { number: '1000002', displayNumber: 'NCC#1000002', subject: 'Caída total del servicio', status: 'WAITING_CUSTOMER', priority: { level: 1, name: 'Maximum' } },
});

function sign(body: string | Buffer, t = T, secret = SECRET): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;
}

async function refusal(promise: Promise<unknown>): Promise<WebhookVerificationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).reason;
}

describe('verifyWebhook', () => {
  it('returns the event of a delivery signed with the secret, recently', async () => {
    const event = await verifyWebhook(BODY, sign(BODY), SECRET, { now: NOW });
    expect(event).toMatchObject({ type: 'REPLIED', ticket: { displayNumber: 'NCC#1000002', status: 'WAITING_CUSTOMER' } });
    expect(WEBHOOK_SIGNATURE_HEADER).toBe('nocdesk-signature');
  });

  it('takes the raw body as bytes too, byte for byte', async () => {
    const bytes = Buffer.from(BODY, 'utf8');
    expect((await verifyWebhook(new Uint8Array(bytes), sign(bytes), SECRET, { now: NOW })).type).toBe('REPLIED');
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect((await verifyWebhook(buffer, sign(bytes), SECRET, { now: NOW })).type).toBe('REPLIED');
  });

  it('refuses a tampered body, even by one character or re-serialised', async () => {
    const header = sign(BODY);
    expect(await refusal(verifyWebhook(BODY.replace('WAITING_CUSTOMER', 'RESOLVED'), header, SECRET, { now: NOW }))).toBe('SIGNATURE_MISMATCH');
    expect(await refusal(verifyWebhook(BODY + ' ', header, SECRET, { now: NOW }))).toBe('SIGNATURE_MISMATCH');
    expect(await refusal(verifyWebhook(JSON.stringify(JSON.parse(BODY), null, 2), header, SECRET, { now: NOW }))).toBe('SIGNATURE_MISMATCH');
  });

  it('refuses another secret, and a timestamp changed to look recent', async () => {
    expect(await refusal(verifyWebhook(BODY, sign(BODY, T, 'whsec_another'), SECRET, { now: NOW }))).toBe('SIGNATURE_MISMATCH');
    const old = sign(BODY, T - 3600);
    const moved = old.replace(`t=${T - 3600}`, `t=${T}`);
    expect(await refusal(verifyWebhook(BODY, moved, SECRET, { now: NOW }))).toBe('SIGNATURE_MISMATCH');
  });

  it('refuses a stale timestamp (a recorded delivery sent again) and one far in the future', async () => {
    expect(await refusal(verifyWebhook(BODY, sign(BODY, T - 301), SECRET, { now: NOW }))).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
    expect(await refusal(verifyWebhook(BODY, sign(BODY, T + 301), SECRET, { now: NOW }))).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
    expect((await verifyWebhook(BODY, sign(BODY, T - 300), SECRET, { now: NOW })).type).toBe('REPLIED');
    // The tolerance is the receiver's to choose.
    expect(await refusal(verifyWebhook(BODY, sign(BODY, T - 31), SECRET, { now: NOW, toleranceSeconds: 30 }))).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
    expect((await verifyWebhook(BODY, sign(BODY, T - 3600), SECRET, { now: NOW, toleranceSeconds: 7200 })).type).toBe('REPLIED');
  });

  it('checks against the system clock by default', async () => {
    const t = Math.floor(Date.now() / 1000);
    expect((await verifyWebhook(BODY, sign(BODY, t), SECRET)).type).toBe('REPLIED');
    expect(await refusal(verifyWebhook(BODY, sign(BODY, T - 86_400 * 365), SECRET))).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('refuses a missing or garbled header', async () => {
    expect(await refusal(verifyWebhook(BODY, undefined, SECRET, { now: NOW }))).toBe('MISSING_SIGNATURE');
    expect(await refusal(verifyWebhook(BODY, null, SECRET, { now: NOW }))).toBe('MISSING_SIGNATURE');
    expect(await refusal(verifyWebhook(BODY, '', SECRET, { now: NOW }))).toBe('MISSING_SIGNATURE');
    for (const header of ['garbage', `t=${T}`, 'v1=abcd', `t=soon,v1=${'a'.repeat(64)}`, `t=${T},v1=not-hex`, `t=${T},v0=${'a'.repeat(64)}`]) {
      expect(await refusal(verifyWebhook(BODY, header, SECRET, { now: NOW })), header).toBe('MALFORMED_SIGNATURE');
    }
  });

  it('accepts any of several v1 signatures (a secret being rolled) and ignores unknown schemes', async () => {
    const good = sign(BODY).split(',')[1]!;
    expect((await verifyWebhook(BODY, `t=${T},v1=${'0'.repeat(64)},${good},v2=whatever`, SECRET, { now: NOW })).type).toBe('REPLIED');
  });

  it('a correctly signed body that is not JSON is refused as such', async () => {
    expect(await refusal(verifyWebhook('not json', sign('not json'), SECRET, { now: NOW }))).toBe('MALFORMED_BODY');
  });
});
