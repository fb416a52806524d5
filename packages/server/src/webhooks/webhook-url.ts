// Where the desk may post a partner's deliveries: HTTPS to a public address only. A partner key must
// not turn the desk into a client of the operator's own network (the database, a cloud metadata
// service, an admin page on localhost). `allowLocal` (NOCDESK_WEBHOOK_ALLOW_HTTP) lifts both rules
// for development and tests, where the receiver listens on http://127.0.0.1.
import ipaddr from 'ipaddr.js';

export interface WebhookUrlPolicy {
  /** Plain http:// and loopback or private addresses are accepted too. */
  readonly allowLocal: boolean;
}

export type WebhookUrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };

/** The longest URL accepted, as browsers and proxies commonly allow. */
export const MAX_WEBHOOK_URL_LENGTH = 2000;

/** Whether an address is an ordinary public one; loopback, private, link-local, multicast and reserved ranges are not. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // ::ffff:10.0.0.1 is 10.0.0.1.
  return ipaddr.process(address).range() === 'unicast';
}

/** The host of a URL as an address, without IPv6 brackets; undefined when it is a name. */
function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
}

/**
 * Checks a webhook URL as given: its scheme, that it carries no credentials or fragment, and that its
 * host is not a private address or a name that always means this machine. Names that resolve to a
 * private address are caught when the desk connects (channels/webhook/webhook-sender.ts).
 */
export function checkWebhookUrl(input: string, policy: WebhookUrlPolicy): WebhookUrlCheck {
  if (input.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, message: `The URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.` };
  if (!URL.canParse(input)) return { ok: false, message: 'Not a URL: give the full address of your endpoint, e.g. https://hooks.example.com/nocdesk.' };
  const url = new URL(input);
  const schemes = policy.allowLocal ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    return { ok: false, message: policy.allowLocal ? 'The URL must start with https:// (or http://).' : 'Deliveries go over HTTPS only: the URL must start with https://.' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'The URL must not carry a user name or password: deliveries are authenticated by their signature.' };
  if (url.hash !== '') return { ok: false, message: 'The URL must not have a #fragment.' };
  if (!policy.allowLocal) {
    const host = url.hostname.toLowerCase();
    const address = literalAddress(host);
    if (host === 'localhost' || host.endsWith('.localhost') || (address !== undefined && !isPublicAddress(address))) {
      return { ok: false, message: 'The URL points at a private or local address: give an address reachable from the internet.' };
    }
  }
  return { ok: true, url: url.toString() };
}
