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
  'x-autoreply', 'x-auto-reply', 'x-autorespond', 'x-autoresponder', 'x-autoreply-from', 'x-mail-autoreply',
];

/**
 * Delivery-system senders, under the names MTAs really use: `MAILER_DAEMON`,
 * `mailerdaemon`, `postmaster-…` in the From or the return path; `bounce@`,
 * `bounces+…@` in the From only, since mailing services put such VERP addresses
 * in the return path of mail people send through them.
 */
const DELIVERY_SYSTEM_SENDERS: readonly (readonly [RegExp, 'from and return path' | 'from', string])[] = [
  [/^mailer[-_]?daemon$/i, 'from and return path', 'sender is MAILER-DAEMON (delivery system)'],
  [/^postmaster([-_+][^@]*)?$/i, 'from and return path', 'sender is postmaster (mail administrator, RFC 5321 §4.5.1)'],
  [/^bounces?([-_+][^@]*)?$/i, 'from', 'sender is a bounce address (bounce@, bounces+…@)'],
];

// Reply and forward prefixes: a person answering or forwarding a bounce is not a bounce.
const REPLY_OR_FORWARD = /^\s*(re|fwd?|rv|tr|aw|wg|sv|vs|res|enc)\s*(\[\d+\])?\s*:/i;

/**
 * Subjects that machines write, anchored at the start: an auto-reply or a bounce
 * puts its marker first, while a person's subject that merely mentions "out of
 * office" or "undeliverable" further on is a person's.
 */
const AUTOMATED_SUBJECTS: readonly (readonly [AutomatedMailKind, RegExp, string])[] = [
  // A person's words may follow a bounce's few words ("Mail delivery failed for all our users"), so the
  // bounce subjects are matched whole, or up to the colon or parenthesis their writers put after them.
  ['BOUNCE', /^failure notice\s*$/i, 'qmail\'s bounce subject "failure notice"'],
  ['BOUNCE', /^mail delivery failed\s*:\s*returning message to sender\b/i, 'Exim\'s bounce subject "Mail delivery failed: returning message to sender"'],
  ['BOUNCE', /^(undeliverable|undeliverable (mail|message)|undelivered mail returned to sender)\s*(:|$)/i, 'a bounce subject "Undeliverable:" (Exchange) or "Undelivered Mail Returned to Sender" (Postfix)'],
  ['BOUNCE', /^delivery status notification\s*(\((failure|delay|failed|delayed)\)|$)/i, 'a bounce subject "Delivery Status Notification (Failure)" (Gmail, Exchange)'],
  ['BOUNCE', /^returned mail\s*[:-]/i, 'Sendmail\'s bounce subject "Returned mail:"'],
  ['BOUNCE', /^((permanent )?delivery (failure|failed)( notification)?|delivery notification: delivery has failed)\s*(:|$)/i, 'a bounce subject "Delivery Failure" (mail gateways)'],
  ['BOUNCE', /^(mail|message) (could not be|not) delivered\s*(:|$)/i, 'a bounce subject "Mail could not be delivered" (mail gateways)'],
  ['BOUNCE', /^mail delivery (warning|problem)\s*(:|$)/i, 'a bounce subject "Mail Delivery Problem" or "Mail Delivery Warning" (AOL, Exchange)'],
  ['BOUNCE', /^non[- ]?delivery( report| notification)?\s*(:|$)/i, 'a bounce subject "Non-Delivery:" (Exchange)'],
  ['BOUNCE', /^(no se puede entregar|mensaje no entregado|notificación de estado de entrega)\s*(:|\(|$)/i, 'a Spanish bounce subject "No se puede entregar:" or "Notificación de estado de entrega"'],
  ['AUTO_REPLY', /^(auto|automatic|automated)[- ]?(reply|response|answer)\s*:/i, 'an auto-reply subject "Automatic reply:" or "Auto reply:" (Outlook, autoresponders)'],
  ['AUTO_REPLY', /^(autoreply|auto-?response|auto)\s*:/i, 'an auto-reply subject "Autoreply:" or "Auto:"'],
  ['AUTO_REPLY', /^out of (the )?office(\s*:|\s*$|\s+(auto-?reply|reply|notice|notification)\b)/i, 'an out-of-office subject "Out of Office"'],
  ['AUTO_REPLY', /^(respuesta automática|respuesta automatica|resposta automática|risposta automatica|réponse automatique|automatische antwort|abwesenheitsnotiz)\s*:/i, 'a localised auto-reply subject "Respuesta automática:" (and the Portuguese, Italian, French and German ones)'],
  ['AUTO_REPLY', /^(fuera de (la )?oficina|ausencia)(\s*:|\s*$)/i, 'a Spanish out-of-office subject "Fuera de la oficina" or "Ausencia"'],
];

/**
 * The opening words of the bounces the common MTAs write, when a message starts with
 * them. A forward of such a bounce starts with the forwarder's words, or with "Fwd:".
 */
const BOUNCE_OPENINGS: readonly (readonly [RegExp, string])[] = [
  [/^hi\. this is the qmail-send program at\b/i, 'qmail ("Hi. This is the qmail-send program")'],
  [/^this message was created automatically by mail delivery software\b/i, 'Exim ("This message was created automatically by mail delivery software")'],
  [/^this is the mail system at host\b/i, 'Postfix ("This is the mail system at host")'],
  [/^the original message was received at\b[\s\S]{0,400}-+ the following addresses had (permanent fatal|transient non-fatal) errors -+/i, 'Sendmail ("The following addresses had permanent fatal errors")'],
  [/^(delivery has failed to these recipients or groups\s*:|your message did not reach some or all of the intended recipients\b)/i, 'Exchange ("Delivery has failed to these recipients or groups")'],
  [/^(\*\* address not found \*\*|delivery to the following recipients? failed permanently\s*:)/i, 'Gmail ("Delivery to the following recipient failed permanently")'],
  [/^this is an automatically generated delivery status notification\b/i, 'a delivery status notification ("This is an automatically generated Delivery Status Notification")'],
];

// A From of a bare word (`From: MAILER_DAEMON`) parses to no mailbox; the word is the sender.
function bareFrom(mail: InboundEmail): string | undefined {
  if (mail.from) return undefined;
  const value = values(mail, 'from')[0]?.trim();
  return value && /^[^\s@<>]+$/.test(value) ? value : undefined;
}

function addressesOf(mail: InboundEmail, where: 'from and return path' | 'from'): readonly string[] {
  return [mail.from?.address ?? bareFrom(mail), where === 'from' ? undefined : mail.returnPath].filter((address): address is string => !!address);
}

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
    kind: 'BOUNCE',
    reason: 'X-MS-Exchange-Message-Is-Ndr present (Exchange non-delivery report)',
    matches: has('x-ms-exchange-message-is-ndr'),
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
    reason: 'X-Apple-Action: VACATION (iCloud vacation reply)',
    matches: valueMatches('x-apple-action', /^vacation\b/i),
  },
  {
    kind: 'AUTO_REPLY',
    reason: 'X-Autogenerated: Reply, Forward, Redirect, Group, Letter or Mirror (autoresponder header)',
    matches: valueMatches('x-autogenerated', /^(reply|forward|redirect|group|letter|mirror)\b/i),
  },
  {
    kind: 'AUTO_REPLY',
    reason: 'X-Precedence: auto_reply, bulk or list',
    matches: valueMatches('x-precedence', /^(auto_reply|bulk|list)\b/i),
  },
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
  ...AUTOMATED_SUBJECTS.map(([kind, pattern, description]): AutomatedMailRule => ({
    kind,
    reason: `subject starts with ${description}`,
    matches: (mail) => pattern.test(mail.subject.trimStart()),
  })),
  ...BOUNCE_OPENINGS.map(([pattern, description]): AutomatedMailRule => ({
    kind: 'BOUNCE',
    reason: `text starts like a bounce of ${description}`,
    matches: (mail) => !REPLY_OR_FORWARD.test(mail.subject) && pattern.test(mail.text.slice(0, 2_000).trimStart()),
  })),
  {
    kind: 'SYSTEM_SENDER',
    reason: 'empty return path <> (only bounces and auto-replies use the null sender)',
    matches: (mail) => mail.returnPath === '',
  },
  ...DELIVERY_SYSTEM_SENDERS.map(([pattern, where, reason]): AutomatedMailRule => ({
    kind: 'SYSTEM_SENDER',
    reason,
    matches: (mail) => addressesOf(mail, where).some((address) => pattern.test(localPart(address))),
  })),
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
