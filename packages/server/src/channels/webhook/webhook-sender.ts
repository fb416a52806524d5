// Posts one signed delivery to a partner's endpoint and says what came of it, as the dispatcher needs
// to decide: 2xx delivered; any other 4xx but 408 and 429 refused for good (the endpoint will not
// take it however often it is sent); everything else (5xx, 408, 429, a redirect, a timeout, a refused
// connection) tried again with the dispatcher's backoff. Redirects are not followed: the signature
// was meant for the registered URL.
import dns from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { Agent, fetch } from 'undici';
import { checkWebhookUrl, isPublicAddress } from '../../webhooks/webhook-url.js';
import { SIGNATURE_HEADER, webhookSignature } from './webhook-signature.js';

export interface WebhookRequest {
  readonly url: string;
  readonly secret: string;
  /** The exact bytes signed and sent. */
  readonly body: string;
  /** The event's type and id, repeated in headers so a receiver can route before parsing. */
  readonly eventType: string;
  readonly eventId: string;
  /** When it is signed: the `t` of the signature. */
  readonly at: Date;
}

export interface WebhookSendResult {
  readonly accepted: boolean;
  /** Sending it again cannot help. */
  readonly permanent?: boolean;
  /** What the endpoint answered, for the delivery's `lastError` and the log. */
  readonly detail: string;
}

export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookSendResult>;
  /** Closes the connections it keeps open; a later send opens new ones. */
  close(): Promise<void>;
}

export interface WebhookSenderOptions {
  /** Also post to http:// and to loopback or private addresses (NOCDESK_WEBHOOK_ALLOW_HTTP; development and tests). */
  readonly allowLocal: boolean;
  /** How long one delivery may take, connecting and answering. Default 10 s. */
  readonly timeoutMs?: number;
  /** Resolves host names (dns.lookup by default); tests give one that answers what they need. */
  readonly lookup?: typeof dns.lookup;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
const USER_AGENT = 'nocdesk-webhooks/1';
/** How much of a failed answer is kept in `lastError`. */
const DETAIL_CHARS = 200;

/** Raised by the connection when a name resolves to an address deliveries must not reach. */
class PrivateAddressError extends Error {
  override readonly name = 'PrivateAddressError';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A lookup that refuses private addresses. It runs when the socket connects, on the very addresses
 * it will dial, so a name that resolves to a public address for a check and to 127.0.0.1 a moment
 * later (DNS rebinding) is still refused.
 */
const publicOnly = (lookup: typeof dns.lookup) => (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || addresses.length === 0) {
      return callback(Object.assign(new PrivateAddressError(`${hostname} resolves to ${refused?.address ?? 'no address'}, a private or local address: deliveries go to public addresses only.`), { code: 'EPRIVATE' }), []);
    }
    if (options.all) return callback(null, addresses);
    const [first] = addresses as [LookupAddress];
    callback(null, first.address, first.family);
  });
};

function causeOf(error: unknown): unknown {
  return error instanceof Error && error.cause !== undefined ? causeOf(error.cause) : error;
}

async function answerStart(response: { text(): Promise<string> }): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    return text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS)}…` : text;
  } catch {
    return '';
  }
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  // Kept between sends, so a busy endpoint is not asked for a new TLS handshake per delivery.
  let agent: Agent | undefined;
  const connections = () =>
    (agent ??= new Agent({
      connect: { timeout: timeoutMs, ...(options.allowLocal ? {} : { lookup: publicOnly(options.lookup ?? dns.lookup) }) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    }));

  return {
    async send(request) {
      // Checked again at each send: the rules may have tightened since the webhook was registered.
      const check = checkWebhookUrl(request.url, { allowLocal: options.allowLocal });
      if (!check.ok) return { accepted: false, permanent: true, detail: check.message };
      let response;
      try {
        response = await fetch(check.url, {
          method: 'POST',
          dispatcher: connections(),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            [SIGNATURE_HEADER]: webhookSignature(request.secret, request.body, request.at),
            'nocdesk-event': request.eventType,
            'nocdesk-event-id': request.eventId,
          },
          body: request.body,
        });
      } catch (error) {
        const cause = causeOf(error);
        if (cause instanceof PrivateAddressError) return { accepted: false, permanent: true, detail: cause.message };
        const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError' || /timeout/i.test(cause.name));
        const message = cause instanceof Error ? cause.message : String(cause);
        return { accepted: false, detail: timedOut ? `No answer within ${timeoutMs / 1000} s.` : `Could not reach the endpoint: ${message}` };
      }
      const status = response.status;
      if (status >= 200 && status < 300) {
        // Nothing in the answer matters; reading it lets the connection be used again.
        await response.body?.cancel().catch(() => undefined);
        return { accepted: true, detail: `HTTP ${status}` };
      }
      const said = await answerStart(response);
      const detail = `HTTP ${status}${said ? `: ${said}` : ''}`;
      const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
      return { accepted: false, permanent, detail };
    },
    async close() {
      const open = agent;
      agent = undefined;
      await open?.close();
    },
  };
}
