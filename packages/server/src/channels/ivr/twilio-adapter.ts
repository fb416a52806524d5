// The voice menu spoken as TwiML, the webhook format of Twilio (also spoken by SignalWire and other voice
// platforms). The `twilio` package builds the XML, escaping whatever a text holds, and checks each
// request's X-Twilio-Signature (HMAC-SHA1 of the URL the platform called plus the sorted form
// parameters, keyed with the account's auth token, compared in constant time). The menu's state rides
// in the query string of the callback URL: the platform signs that URL too, so nobody can forge a step.
import type TwilioSdk from 'twilio';
import type { Language } from '@nocdesk/domain';
import { IvrStateSchema, type IvrReply, type IvrState } from './ivr-menu.js';

type Twilio = typeof TwilioSdk;

let loading: Promise<Twilio> | undefined;

/**
 * The `twilio` package, loaded on first use: it is large, and a desk without a voice platform should not
 * pay for it at start-up.
 */
export function loadTwilio(): Promise<Twilio> {
  loading ??= import('twilio').then((module) => module.default);
  return loading;
}

/** The voice each language is read in (Twilio's `language` attribute of `<Say>`). */
const SAY_LANGUAGE: Readonly<Record<Language, 'en-GB' | 'es-ES'>> = { en: 'en-GB', es: 'es-ES' };

/** Seconds to wait for a key before the menu hears "nothing": a ticket number takes longer to key. */
const TIMEOUT_S = { ONE_KEY: 6, NUMBER_UNTIL_HASH: 12 } as const;

/** What one webhook request says: the call, and the keys pressed (`Digits`, absent or empty when none). */
export interface TwilioCall {
  readonly callSid: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly digits: string | null;
}

export function readTwilioCall(params: Readonly<Record<string, string>>): TwilioCall {
  const value = (name: string) => (params[name] === undefined || params[name] === '' ? null : params[name]);
  return { callSid: value('CallSid'), from: value('From'), to: value('To'), digits: value('Digits') };
}

/** Whether a request was signed by the voice platform: `url` is the full URL it called, query included. */
export async function twilioSignatureValid(authToken: string, signature: string | null, url: string, params: Readonly<Record<string, string>>): Promise<boolean> {
  if (!signature) return false;
  const twilio = await loadTwilio();
  return twilio.validateRequest(authToken, signature, url, { ...params });
}

/** The menu state as query parameters of the next callback. */
export function ivrStateQuery(state: IvrState): string {
  const query = new URLSearchParams({ step: state.step, try: String(state.tries) });
  if (state.step !== 'LANGUAGE') query.set('lang', state.language);
  if (state.step === 'TICKET') query.set('ticket', state.number);
  return query.toString();
}

/** The state a callback URL carries; null for the first request of a call (no `step`); undefined when malformed. */
export function ivrStateFromQuery(query: URLSearchParams): IvrState | null | undefined {
  const step = query.get('step');
  if (step === null) return null;
  const parsed = IvrStateSchema.safeParse({
    step,
    tries: Number(query.get('try')),
    ...(query.has('lang') ? { language: query.get('lang') } : {}),
    ...(query.has('ticket') ? { number: query.get('ticket') } : {}),
  });
  return parsed.success ? parsed.data : undefined;
}

/**
 * The menu's reply as a TwiML document. A gather posts to `callbackUrl(next)` even when nothing was
 * keyed (`actionOnEmptyResult`), so silence is a turn of the menu like any other.
 */
export async function twimlFor(reply: IvrReply, callbackUrl: (next: IvrState) => string): Promise<string> {
  const twilio = await loadTwilio();
  const response = new twilio.twiml.VoiceResponse();
  if (reply.kind === 'GATHER') {
    const gather = response.gather({
      input: ['dtmf'],
      action: callbackUrl(reply.next),
      method: 'POST',
      actionOnEmptyResult: true,
      timeout: TIMEOUT_S[reply.gather],
      ...(reply.gather === 'ONE_KEY' ? { numDigits: 1 } : { finishOnKey: '#' }),
    });
    for (const speech of reply.say) gather.say({ language: SAY_LANGUAGE[speech.language] }, speech.text);
  } else {
    for (const speech of reply.say) response.say({ language: SAY_LANGUAGE[speech.language] }, speech.text);
    response.hangup();
  }
  return response.toString();
}
