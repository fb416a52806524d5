// The shape of every message nocdesk sends as plain data (what the outbox stores) and the headers that
// mark its automatic replies. Rendering to MIME is the email channel's job (channels/email/outbound).
import type { Language } from '@nocdesk/domain';

/**
 * One outgoing message as plain data: what the outbox stores and the
 * dispatcher renders. Ids are given without angle brackets.
 */
export interface OutboundEmail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Message-ID without angle brackets, e.g. `ack.01jaa3k2m7@nocdesk.example`. */
  readonly messageId: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  /** Extra headers, e.g. the auto-reply markers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly language: Language;
}

/** What identifies our outgoing mail: where its Message-IDs live and its loop marker. */
export interface OutboundIdentity {
  readonly messageIdDomain: string;
  readonly loopId: string;
}

/**
 * The headers every automatic reply carries (RFC 3834 and the Microsoft and
 * procmail conventions), so other systems neither answer it nor loop with us,
 * and we recognise it if it ever comes back.
 */
export function autoReplyHeaders(loopId: string): Record<string, string> {
  return {
    'Auto-Submitted': 'auto-replied',
    'X-Auto-Response-Suppress': 'All',
    Precedence: 'auto_reply',
    'X-Loop': loopId,
    // Our own marker survives relays that rewrite or drop X-Loop.
    'X-Nocdesk-Loop': loopId,
  };
}

/** A Message-ID (without brackets) from an id the caller generated: no randomness here. */
export function outboundMessageId(id: string, messageIdDomain: string): string {
  return `${id}@${messageIdDomain}`;
}

/** The References chain of a reply (RFC 5322 §3.6.4): the parent's references, then the parent. */
export function replyReferences(parent: { readonly messageId?: string | null; readonly references?: readonly string[] }): string[] {
  const chain = [...(parent.references ?? [])];
  if (parent.messageId && !chain.includes(parent.messageId)) chain.push(parent.messageId);
  return chain;
}

/** A subject line from a customer's subject: header folding or pasted text never adds line breaks. */
export function singleLine(text: string): string {
  return text.replace(/[\r\n]+\s*/g, ' ').trim();
}
