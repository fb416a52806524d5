// Checking a delivery of a nocdesk webhook before trusting it, as Stripe's `constructEvent` and Linear's
// `LinearWebhookClient` do: the `nocdesk-signature` header (`t=<unix seconds>,v1=<hex>`) must carry an
// HMAC-SHA256, under the webhook's secret, of "<t>.<raw body>", and `t` must be recent. Web Crypto only
// (`crypto.subtle`), so it runs in Node 20, Deno, Bun, Cloudflare Workers and other edge runtimes.
import type { Channel, TicketEventType, TicketStatus } from './_generated_graphql.js';

/** The header a delivery's signature comes in. */
export const WEBHOOK_SIGNATURE_HEADER = 'nocdesk-signature';

/** Five minutes, as Stripe: long enough for clock skew and a slow proxy, short enough to make a replay useless. */
const DEFAULT_TOLERANCE_SECONDS = 300;

/** The ticket as it was right after the event. */
export interface WebhookTicket {
  readonly number: string;
  readonly displayNumber: string;
  readonly subject: string;
  readonly status: TicketStatus;
  readonly priority: { readonly level: 1 | 2 | 3; readonly name: string };
  readonly channel: Channel;
  readonly escalationCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
}

/** A verified delivery's body. */
export interface WebhookEvent {
  /** The event's id, the same on every retry: deliveries are at least once, so skip an id already handled. */
  readonly id: string;
  /** The history event (`CREATED`, `REPLIED`, `RESOLVED`, `ESCALATED`…). */
  readonly type: TicketEventType;
  /** When it happened, ISO 8601. */
  readonly createdAt: string;
  readonly ticket: WebhookTicket;
}

export interface VerifyWebhookOptions {
  /** How far (seconds) the signature's timestamp may be from now, either way. Default 300. */
  readonly toleranceSeconds?: number | undefined;
  /** The time to check against; the system clock by default. */
  readonly now?: Date | undefined;
}

/** Why a delivery was refused. */
export type WebhookVerificationFailure = 'MISSING_SIGNATURE' | 'MALFORMED_SIGNATURE' | 'SIGNATURE_MISMATCH' | 'TIMESTAMP_OUT_OF_TOLERANCE' | 'MALFORMED_BODY';

/** The delivery is not proven to come from the desk (or is too old): answer 400 and do not act on it. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly reason: WebhookVerificationFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Made per call, not at import: a bundle that never verifies keeps nothing of this module. */
const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

function bytesOf(body: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof body === 'string') return utf8(body);
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

function hexToBytes(hex: string): Uint8Array | undefined {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Compares without stopping at the first difference, so the time taken says nothing about where it was. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/** `t` and every `v1` of the header; several `v1` are accepted, so a secret can be rolled without losing deliveries. */
function parseSignatureHeader(header: string): { readonly t: number; readonly signatures: readonly Uint8Array[] } | undefined {
  let t: number | undefined;
  const signatures: Uint8Array[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    if (key === 'v1') {
      const bytes = hexToBytes(value);
      if (bytes) signatures.push(bytes);
    }
  }
  return t === undefined || signatures.length === 0 ? undefined : { t, signatures };
}

/**
 * Checks a delivery and returns its event: the signature must match the raw body under `secret`, and
 * its timestamp must be within `toleranceSeconds` of now. Pass the body exactly as received (before
 * any JSON parsing: a re-serialised body no longer matches). Throws a WebhookVerificationError otherwise.
 *
 * ### Examples
 * ```ts
 * import { verifyWebhook, WebhookVerificationError } from '@nocdesk/client';
 *
 * export async function handle(request: Request): Promise<Response> {
 *   try {
 *     const event = await verifyWebhook(await request.text(), request.headers.get('nocdesk-signature'), process.env.NOCDESK_WEBHOOK_SECRET ?? '');
 *     console.log(event.type, event.ticket.displayNumber, event.ticket.status);
 *     return new Response(null, { status: 204 });
 *   } catch (error) {
 *     if (error instanceof WebhookVerificationError) return new Response(error.message, { status: 400 });
 *     throw error;
 *   }
 * }
 * ```
 */
export async function verifyWebhook(rawBody: string | Uint8Array | ArrayBuffer, header: string | null | undefined, secret: string, options: VerifyWebhookOptions = {}): Promise<WebhookEvent> {
  if (!header) throw new WebhookVerificationError('MISSING_SIGNATURE', `No ${WEBHOOK_SIGNATURE_HEADER} header: this request was not sent by the desk.`);
  const parsed = parseSignatureHeader(header);
  if (!parsed) throw new WebhookVerificationError('MALFORMED_SIGNATURE', `The ${WEBHOOK_SIGNATURE_HEADER} header is not t=<seconds>,v1=<hex>.`);
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('verifyWebhook needs Web Crypto (globalThis.crypto.subtle): Node 20 or later, or a modern runtime.');

  const body = bytesOf(rawBody);
  const prefix = utf8(`${parsed.t}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  const key = await subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const expected = new Uint8Array(await subtle.sign('HMAC', key, signed));
  // Every candidate is compared, so a match early or late takes the same time.
  let matched = false;
  for (const signature of parsed.signatures) matched = sameBytes(signature, expected) || matched;
  if (!matched) throw new WebhookVerificationError('SIGNATURE_MISMATCH', 'The signature does not match the body: it was altered, or signed with another secret.');

  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - parsed.t) > tolerance) {
    throw new WebhookVerificationError('TIMESTAMP_OUT_OF_TOLERANCE', `The signature's timestamp is ${nowSeconds - parsed.t} s from now, more than ${tolerance} s: a delivery recorded and sent again, or a clock far off.`);
  }
  try {
    return JSON.parse(new TextDecoder().decode(body)) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError('MALFORMED_BODY', 'The body is not JSON.');
  }
}
