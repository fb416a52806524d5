// The voice platform's webhook, `POST /ivr/twilio` (SPEC §4.2): form-encoded requests (CallSid, From, To,
// Digits), each checked against its X-Twilio-Signature before anything is read from the desk, answered
// with TwiML. Without NOCDESK_TWILIO_AUTH_TOKEN the webhook does not exist (404): an unsigned voice menu
// would let anyone escalate tickets by HTTP. The signature covers the URL the platform called, which a
// proxy rewrites, so it is checked against NOCDESK_PUBLIC_URL, never the Host header.
import type { Plugin } from 'graphql-yoga';
import type { Desk } from '../desk.js';
import { ivrUnavailable, runIvrMenu, type IvrDesk, type IvrReply } from '../channels/ivr/ivr-menu.js';
import { ivrStateFromQuery, ivrStateQuery, loadTwilio, readTwilioCall, twilioSignatureValid, twimlFor } from '../channels/ivr/twilio-adapter.js';
import { escalateTicket } from '../tickets/escalate-ticket.js';
import { lookUpTicketByPhone } from '../tickets/look-up-ticket-by-phone.js';

export const IVR_TWILIO_PATH = '/ivr/twilio';

/** A voice platform's form post is a few hundred bytes; anything near this is not one. */
const MAX_BODY_BYTES = 64 * 1024;

/** The body as text, refused past `max` bytes while it streams in. */
async function readForm(request: Request, max: number): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function ivrDesk(desk: Desk): IvrDesk {
  return {
    ticketPrefix: desk.config.ticketPrefix,
    lookUp: (number, callerPhone) => lookUpTicketByPhone(desk, { number, callerPhone }),
    escalate: (number, callerPhone) => escalateTicket(desk, { number, via: 'IVR', actor: callerPhone ? `ivr:${callerPhone}` : 'ivr', callerPhone }),
  };
}

export function useIvrWebhook(desk: Desk): Plugin {
  const token = desk.config.twilioAuthToken;
  const base = desk.config.publicUrl;
  // Loaded in the background as soon as the webhook exists, so the first call does not wait for it.
  if (token) void loadTwilio();
  const menu = ivrDesk(desk);
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== IVR_TWILIO_PATH) return;
      const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
        endResponse(new fetchAPI.Response(`${text}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } }));
      if (!token || !base) return plain(404, 'Not found: the IVR webhook is off (set NOCDESK_TWILIO_AUTH_TOKEN and NOCDESK_PUBLIC_URL).');
      if (request.method !== 'POST') return plain(405, 'POST only.', { allow: 'POST' });
      const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') return plain(415, 'Expected application/x-www-form-urlencoded.');
      const declared = Number(request.headers.get('content-length') ?? NaN);
      const body = Number.isFinite(declared) && declared > MAX_BODY_BYTES ? undefined : await readForm(request, MAX_BODY_BYTES);
      if (body === undefined) return plain(413, 'Request body too large.');
      const params = Object.fromEntries(new URLSearchParams(body));
      const signedUrl = `${base}${url.pathname}${url.search}`;
      if (!(await twilioSignatureValid(token, request.headers.get('x-twilio-signature'), signedUrl, params))) return plain(403, 'Invalid X-Twilio-Signature.');

      const state = ivrStateFromQuery(url.searchParams);
      if (state === undefined) return plain(400, 'Unknown menu state.');
      const call = readTwilioCall(params);
      let reply: IvrReply;
      try {
        reply = await runIvrMenu(menu, { state, digits: call.digits, callerPhone: call.from });
      } catch (error) {
        // The caller hears an apology and the hotline, not the platform's "application error".
        console.error('[ivr]', error);
        reply = ivrUnavailable(state !== null && state.step !== 'LANGUAGE' ? state.language : null);
      }
      const twiml = await twimlFor(reply, (next) => `${base}${IVR_TWILIO_PATH}?${ivrStateQuery(next)}`);
      endResponse(new fetchAPI.Response(twiml, { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } }));
    },
  };
}
