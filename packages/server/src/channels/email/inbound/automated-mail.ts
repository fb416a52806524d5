// Recognises mail written by machines (auto-replies, bounces, lists, our own messages
// coming back) so the desk never answers them: RFC 3834, and the union of the rules
// RT, Zammad, Znuny and osTicket learned the hard way about mail loops.
import type { InboundEmail } from './inbound-email.js';

export type AutomatedMailKind = 'AUTO_REPLY' | 'BOUNCE' | 'LIST' | 'BULK' | 'SYSTEM_SENDER' | 'OWN_MESSAGE';

export type AutomatedMailVerdict =
  | { readonly automated: false }
  | { readonly automated: true; readonly kind: AutomatedMailKind; readonly reason: string };

/** What identifies our own outgoing mail, so it is recognised when it comes back. */
export interface OwnMailIdentity {
  /** The domain part of every Message-ID we generate. */
  readonly messageIdDomain: string;
  /** The value we put in `X-Loop` on everything we send. */
  readonly loopId: string;
}

/** One recognition rule: a named test and what it means when it matches. */
export interface AutomatedMailRule {
  readonly kind: AutomatedMailKind;
  readonly reason: string;
  readonly matches: (mail: InboundEmail, own: OwnMailIdentity) => boolean;
}

function values(mail: InboundEmail, name: string): readonly string[] {
  return mail.headers.get(name) ?? [];
}

function has(name: string): (mail: InboundEmail) => boolean {
  return (mail) => values(mail, name).length > 0;
}

function valueMatches(name: string, pattern: RegExp): (mail: InboundEmail) => boolean {
  return (mail) => values(mail, name).some((value) => pattern.test(value.trim()));
}

function localPart(address: string | undefined | null): string {
  if (!address) return '';
  const at = address.lastIndexOf('@');
  return (at >= 0 ? address.slice(0, at) : address).toLowerCase();
}

function contentTypeParameter(mail: InboundEmail, parameter: string): string | undefined {
  const contentType = values(mail, 'content-type')[0] ?? '';
  if (!/^\s*multipart\/report\b/i.test(contentType)) return undefined;
  const match = new RegExp(`;\\s*${parameter}\\s*=\\s*"?([^";\\s]+)`, 'i').exec(contentType);
  return match?.[1]?.toLowerCase() ?? '';
}

const SYSTEM_LOCAL_PARTS: ReadonlyMap<string, string> = new Map([
  ['mailer-daemon', 'sender is MAILER-DAEMON (delivery system)'],
  ['postmaster', 'sender is postmaster (mail administrator, RFC 5321 §4.5.1)'],
  ['abuse', 'sender is abuse (RFC 2142 role address)'],
  ['noreply', 'sender is a noreply address'],
  ['no-reply', 'sender is a no-reply address'],
  ['no_reply', 'sender is a no_reply address'],
  ['donotreply', 'sender is a donotreply address'],
  ['do-not-reply', 'sender is a do-not-reply address'],
  ['do_not_reply', 'sender is a do_not_reply address'],
]);

const LIST_HEADERS: readonly string[] = [
  'list-id', 'list-unsubscribe', 'list-post', 'list-help', 'list-subscribe', 'list-owner', 'list-archive',
  'mailing-list', 'x-mailing-list',
];

const CLASSIC_AUTORESPONDER_HEADERS: readonly string[] = [
  'x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-autoreply-from', 'x-mail-autoreply',
];

/**
 * The rules in the order they are tried: the most specific first, so the
 * reason names the real cause (our own ack bouncing is OWN_MESSAGE, not just
 * "auto-submitted").
 */
export const AUTOMATED_MAIL_RULES: readonly AutomatedMailRule[] = [
  {
    kind: 'OWN_MESSAGE',
    reason: 'X-Nocdesk-Loop present: a message nocdesk sent came back',
    matches: has('x-nocdesk-loop'),
  },
  {
    kind: 'OWN_MESSAGE',
    reason: 'X-Loop equals our loop id: a message nocdesk sent came back',
    matches: (mail, own) => values(mail, 'x-loop').some((value) => value.trim().toLowerCase() === own.loopId.toLowerCase()),
  },
  {
    kind: 'OWN_MESSAGE',
    reason: 'Message-ID is at our own message-id domain',
    matches: (mail, own) => mail.messageId?.toLowerCase().endsWith(`@${own.messageIdDomain.toLowerCase()}`) ?? false,
  },
  {
    kind: 'BOUNCE',
    reason: 'Content-Type multipart/report; report-type=delivery-status (RFC 3464 bounce)',
    matches: (mail) => contentTypeParameter(mail, 'report-type') === 'delivery-status',
  },
  {
    kind: 'BOUNCE',
    reason: 'X-Failed-Recipients present (Exim bounce)',
    matches: has('x-failed-recipients'),
  },
  {
    kind: 'AUTO_REPLY',
    reason: 'Content-Type multipart/report (machine-generated report, RFC 6522)',
    matches: (mail) => contentTypeParameter(mail, 'report-type') !== undefined,
  },
  {
    kind: 'AUTO_REPLY',
    reason: 'Auto-Submitted present and not "no" (RFC 3834)',
    matches: (mail) => values(mail, 'auto-submitted').some((value) => !/^\s*no\s*(;|$)/i.test(value)),
  },
  {
    kind: 'AUTO_REPLY',
    reason: 'X-Auto-Response-Suppress asks to suppress auto-replies (All, AutoReply or OOF)',
    matches: valueMatches('x-auto-response-suppress', /\b(all|autoreply|oof)\b/i),
  },
  ...CLASSIC_AUTORESPONDER_HEADERS.map((name): AutomatedMailRule => ({
    kind: 'AUTO_REPLY',
    reason: `${name} present (autoresponder header)`,
    matches: has(name),
  })),
  {
    kind: 'AUTO_REPLY',
    reason: 'X-POST-MessageClass "9; Autoresponder"',
    matches: valueMatches('x-post-messageclass', /^9\s*;\s*autoresponder/i),
  },
  {
    kind: 'AUTO_REPLY',
    reason: 'X-Loop present (procmail/autoresponder loop marker)',
    matches: has('x-loop'),
  },
  {
    kind: 'AUTO_REPLY',
    reason: 'Precedence: auto_reply',
    matches: valueMatches('precedence', /^auto_reply\b/i),
  },
  {
    kind: 'BULK',
    reason: 'Precedence: bulk',
    matches: valueMatches('precedence', /^bulk\b/i),
  },
  {
    kind: 'BULK',
    reason: 'Precedence: junk',
    matches: valueMatches('precedence', /^junk\b/i),
  },
  {
    kind: 'LIST',
    reason: 'Precedence: list',
    matches: valueMatches('precedence', /^list\b/i),
  },
  ...LIST_HEADERS.map((name): AutomatedMailRule => ({
    kind: 'LIST',
    reason: `${name} present (mailing list, RFC 2369/2919)`,
    matches: has(name),
  })),
  {
    kind: 'SYSTEM_SENDER',
    reason: 'empty return path <> (only bounces and auto-replies use the null sender)',
    matches: (mail) => mail.returnPath === '',
  },
  ...[...SYSTEM_LOCAL_PARTS].map(([local, reason]): AutomatedMailRule => ({
    kind: 'SYSTEM_SENDER',
    reason,
    matches: (mail) => localPart(mail.from?.address) === local,
  })),
];

/** Decides whether a message was written by a machine, and if so which kind and why. */
export function classifyAutomatedMail(mail: InboundEmail, own: OwnMailIdentity): AutomatedMailVerdict {
  const rule = AUTOMATED_MAIL_RULES.find((candidate) => candidate.matches(mail, own));
  return rule ? { automated: true, kind: rule.kind, reason: rule.reason } : { automated: false };
}
