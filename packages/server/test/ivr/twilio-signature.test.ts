// The webhook signature check against Twilio's own published example (their webhook-security
// documentation: auth token 12345, this URL and these parameters give this signature), so the check is
// Twilio's scheme and not merely consistent with itself; and the menu's state in the callback URL.
import { describe, expect, it } from 'vitest';
import { ivrStateFromQuery, ivrStateQuery, twilioSignatureValid } from '../../src/channels/ivr/twilio-adapter.js';

const TOKEN = '12345';
const URL_CALLED = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe('X-Twilio-Signature', () => {
  it('accepts Twilio’s published example', async () => {
    expect(await twilioSignatureValid(TOKEN, SIGNATURE, URL_CALLED, PARAMS)).toBe(true);
  });

  it.each([
    ['another token', { token: '54321' }],
    ['a changed parameter', { params: { ...PARAMS, Digits: '1235' } }],
    ['an added parameter', { params: { ...PARAMS, Extra: 'x' } }],
    ['another query string', { url: 'https://mycompany.com/myapp.php?foo=1&bar=3' }],
    ['another host', { url: 'https://evil.example/myapp.php?foo=1&bar=2' }],
    ['a truncated signature', { signature: SIGNATURE.slice(0, -2) }],
    ['no signature', { signature: null }],
  ] as const)('refuses %s', async (_case, change: { token?: string; params?: Record<string, string>; url?: string; signature?: string | null }) => {
    const signature = 'signature' in change ? (change.signature ?? null) : SIGNATURE;
    expect(await twilioSignatureValid(change.token ?? TOKEN, signature, change.url ?? URL_CALLED, change.params ?? PARAMS)).toBe(false);
  });
});

describe('the menu state in the callback URL', () => {
  it('reads back what it wrote', () => {
    for (const state of [
      { step: 'LANGUAGE', tries: 2 },
      { step: 'NUMBER', language: 'es', tries: 1 },
      { step: 'TICKET', language: 'en', tries: 3, number: '1000002' },
    ] as const) {
      expect(ivrStateFromQuery(new URLSearchParams(ivrStateQuery(state)))).toEqual(state);
    }
  });

  it('a first request has no state; a malformed one is refused', () => {
    expect(ivrStateFromQuery(new URLSearchParams(''))).toBeNull();
    expect(ivrStateFromQuery(new URLSearchParams('step=TICKET&try=1&lang=en&ticket=12a'))).toBeUndefined();
    expect(ivrStateFromQuery(new URLSearchParams('step=NUMBER&try=9&lang=en'))).toBeUndefined();
  });
});
