// The sender-authentication verdict of one inbound message (SPEC §3.1): from the Authentication-Results
// header of a receiving MTA the operator trusts, or verified here with mailauth (DKIM, SPF, DMARC) when
// the desk receives mail directly. The verdict is one more input of the intake decision; deciding what it
// means is the domain's job (`assessSenderAuthentication`).
import { authenticate, type DNSResolver } from 'mailauth';
import parseAuthenticationHeader from 'mailauth/lib/parse-dkim-headers.js';
import type { SenderAuthentication } from '@nocdesk/domain';
import type { InboundEmail } from './inbound-email.js';

/** A DNS lookup as mailauth makes it (TXT records come back as arrays of strings). */
export type DnsResolver = DNSResolver;

export interface SenderVerificationOptions {
  /** authserv-ids of receiving MTAs whose Authentication-Results header the operator trusts. */
  readonly trustedAuthservIds: readonly string[];
  /** Verify DKIM, SPF and DMARC here (a desk receiving mail directly on its SMTP listener). */
  readonly verifyDirectly: boolean;
  /** The name this desk writes as authserv-id when it verifies itself. */
  readonly authservId: string;
  /** DNS for direct verification; the system resolver by default. Tests pass their own records. */
  readonly resolver?: DnsResolver;
}

/** What the SMTP session knew about the sending side, for SPF. */
export interface SmtpClientFacts {
  readonly clientAddress?: string | undefined;
  readonly helo?: string | undefined;
  readonly mailFrom?: string | null | undefined;
}

interface ParsedResult {
  readonly value?: string;
  readonly header?: { readonly from?: string; readonly d?: string };
  readonly smtp?: { readonly mailfrom?: string };
}

interface ParsedHeader {
  readonly value?: string;
  readonly dmarc?: ParsedResult | readonly ParsedResult[];
  readonly dkim?: ParsedResult | readonly ParsedResult[];
}

const NO_VERDICT: SenderAuthentication = { result: 'none' };

function list(entry: ParsedResult | readonly ParsedResult[] | undefined): readonly ParsedResult[] {
  if (entry === undefined) return [];
  return Array.isArray(entry) ? entry : [entry as ParsedResult];
}

function fromDomain(mail: InboundEmail): string | undefined {
  const address = mail.from?.address ?? '';
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).toLowerCase() : undefined;
}

/** The verdict one Authentication-Results header gives: its DMARC result, else an aligned DKIM pass. */
function verdictOf(parsed: ParsedHeader, mail: InboundEmail): SenderAuthentication {
  const dmarc = list(parsed.dmarc)[0];
  const domain = dmarc?.header?.from?.toLowerCase() ?? fromDomain(mail);
  if (dmarc?.value === 'pass' || dmarc?.value === 'fail') return { result: dmarc.value, mechanism: 'dmarc', ...(domain ? { domain } : {}) };
  const author = fromDomain(mail);
  const aligned = list(parsed.dkim).find((d) => d.value === 'pass' && author !== undefined && d.header?.d?.toLowerCase() === author);
  if (aligned && author) return { result: 'pass', mechanism: 'dkim', domain: author };
  return { result: 'none', ...(dmarc ? { mechanism: 'dmarc' as const } : {}), ...(domain ? { domain } : {}) };
}

/**
 * The topmost Authentication-Results header written by a trusted authserv-id. A receiving MTA prepends
 * its header, so anything below the trusted one could have come from the sender: only that one counts,
 * and headers naming any other authserv-id are ignored.
 */
export function trustedAuthenticationResults(mail: InboundEmail, trustedAuthservIds: readonly string[]): SenderAuthentication | undefined {
  if (trustedAuthservIds.length === 0) return undefined;
  const trusted = new Set(trustedAuthservIds.map((id) => id.toLowerCase()));
  for (const value of mail.headers.get('authentication-results') ?? []) {
    let parsed: ParsedHeader;
    try {
      parsed = parseAuthenticationHeader(`Authentication-Results: ${value}`).parsed as ParsedHeader;
    } catch {
      continue;
    }
    if (typeof parsed.value === 'string' && trusted.has(parsed.value.toLowerCase())) return verdictOf(parsed, mail);
  }
  return undefined;
}

/** DMARC (with DKIM and SPF under it) verified here, as the receiving MTA would. */
async function verifyHere(raw: Uint8Array, mail: InboundEmail, client: SmtpClientFacts, options: SenderVerificationOptions): Promise<SenderAuthentication> {
  const result = await authenticate(Buffer.from(raw), {
    ...(client.clientAddress ? { ip: client.clientAddress } : {}),
    ...(client.helo ? { helo: client.helo } : {}),
    ...(client.mailFrom ? { sender: client.mailFrom } : {}),
    mta: options.authservId,
    disableArc: true,
    disableBimi: true,
    ...(options.resolver ? { resolver: options.resolver } : {}),
  });
  const dmarc = result.dmarc;
  const author = fromDomain(mail);
  if (!dmarc) return { result: 'none', ...(author ? { domain: author } : {}) };
  const status = dmarc.status.result;
  const domain = dmarc.status.header?.from ?? author;
  if (status === 'pass' || status === 'fail') return { result: status, mechanism: 'dmarc', ...(domain ? { domain } : {}) };
  return { result: 'none', mechanism: 'dmarc', ...(domain ? { domain } : {}) };
}

/**
 * The verdict for one message: a trusted header first, then (when configured) verification here; else
 * no verdict (`none`), which the intake accepts and flags SENDER_UNVERIFIED. A DNS failure during
 * verification is no verdict either: it proves nothing about the sender.
 */
export async function senderAuthenticationOf(raw: Uint8Array, mail: InboundEmail, client: SmtpClientFacts, options: SenderVerificationOptions): Promise<SenderAuthentication> {
  const trusted = trustedAuthenticationResults(mail, options.trustedAuthservIds);
  if (trusted) return trusted;
  if (!options.verifyDirectly) return NO_VERDICT;
  try {
    return await verifyHere(raw, mail, client, options);
  } catch {
    return NO_VERDICT;
  }
}
