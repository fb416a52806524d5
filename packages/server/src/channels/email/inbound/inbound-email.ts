// Turns one raw RFC 5322 message into plain data the intake can decide on. MIME is
// parsed by postal-mime (within the limits of bounded-mime-parser.ts); this module
// only picks, normalises and hashes.
import { createHash } from 'node:crypto';
import type { Address, Attachment as ParsedAttachment, Email } from 'postal-mime';
import { detectLanguage } from '@nocdesk/domain';
import type { Language } from '@nocdesk/domain';
import { readDeliveryStatus } from './delivery-status.js';
import type { DeliveryStatus } from './delivery-status.js';
import { parseBounded, ParserShapeError, yieldToEventLoop } from './bounded-mime-parser.js';
import { htmlToText } from './html-to-text.js';
import { quotedReplyStripped } from './quoted-reply.js';

export type { DeliveryStatus } from './delivery-status.js';
export { quotedReplyStripped } from './quoted-reply.js';

/**
 * The message can never be parsed (MIME nested too deep, too many parts, headers
 * over the limit, broken beyond what the parser tolerates): the same bytes will
 * fail the same way on every retry.
 *
 * Exists so the intake can keep such a message (its raw bytes) as a rejected
 * intake instead of leaving the sender's MTA to retry for days, and so the
 * channels answer it as permanent (SMTP 5xx, mailgate exit 65).
 *
 * ### Examples
 * ```ts
 * try {
 *   await parseInboundEmail(raw);
 * } catch (error) {
 *   if (error instanceof UnparseableMessageError) console.info(error.code, error.message);
 * }
 * ```
 */
export class UnparseableMessageError extends Error {
  override readonly name = 'UnparseableMessageError';
  readonly code = 'UNPARSEABLE_MESSAGE';
}

/** Text for language detection: the sender's first words say which language it is. */
const LANGUAGE_SAMPLE_CHARS = 20_000;

export interface InboundMailbox {
  readonly address: string;
  readonly name?: string;
}

export interface InboundAttachment {
  /** Decoded file name; null when the part names none (e.g. the parts of a bounce report). */
  readonly filename: string | null;
  /** Lowercase MIME type. */
  readonly contentType: string;
  /** Decoded size in bytes. */
  readonly size: number;
  readonly content: Uint8Array;
}

/** The SMTP envelope, when the message arrived through our listener (it is more trustworthy than headers). */
export interface InboundEnvelope {
  /** MAIL FROM; null or '' is the null sender `<>`; undefined means "not known, use Return-Path". */
  readonly mailFrom?: string | null;
  readonly rcptTo?: readonly string[];
  /** The connecting client's IP address and what it said in HELO/EHLO, for SPF. */
  readonly clientAddress?: string;
  readonly helo?: string;
}

/**
 * One inbound message as plain, serialisable data.
 *
 * Exists so channels (SMTP listener, mailgate) and the intake agree on one
 * shape and nothing downstream touches MIME again.
 */
export interface InboundEmail {
  /** Message-ID without angle brackets; null when the message has none. */
  readonly messageId: string | null;
  readonly inReplyTo: readonly string[];
  readonly references: readonly string[];
  readonly from: InboundMailbox | null;
  /**
   * The reverse path: the envelope MAIL FROM when known, else the Return-Path
   * header; '' for the null sender `<>` (bounces, auto-replies); null when unknown.
   */
  readonly returnPath: string | null;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  /** Envelope recipients when the message came over SMTP, else empty. */
  readonly rcptTo: readonly string[];
  /** Subject with RFC 2047 encoded words decoded; '' when absent. */
  readonly subject: string;
  /** The text body; for HTML-only mail a text rendering of the HTML. Full text, quotes included. */
  readonly text: string;
  readonly html?: string;
  readonly date?: Date;
  /** Every header, lowercase name → raw unfolded values in message order (encoded words not decoded). */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly attachments: readonly InboundAttachment[];
  /** Language of the sender's own words (subject and the reply above any quote). */
  readonly language: Language | undefined;
  /** sha256 hex of the normalised sender, subject and text: finds the same message re-sent with a new Message-ID. */
  readonly bodyHash: string;
  /** Size of the raw message in bytes. */
  readonly size: number;
  /** Present on delivery status reports (bounces). */
  readonly deliveryStatus?: DeliveryStatus;
}

/** Message ids from a Message-ID / In-Reply-To / References value, without angle brackets. */
export function messageIdsIn(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] ?? '');
  // Some clients omit the brackets; a single bare token is still an id.
  if (bracketed.length === 0 && /^\s*[^<>\s]+@[^<>\s]+\s*$/.test(value)) return [value.trim()];
  return bracketed.filter((id) => id !== '');
}

function mailboxesOf(addresses: readonly Address[] | undefined): string[] {
  const result: string[] = [];
  for (const address of addresses ?? []) {
    if (address.group) result.push(...address.group.map((member) => member.address));
    else if (address.address) result.push(address.address);
  }
  return result.filter((address) => address !== '');
}

function firstMailbox(address: Address | undefined): InboundMailbox | null {
  const mailbox = address?.group ? address.group[0] : address;
  if (!mailbox?.address) return null;
  return mailbox.name ? { address: mailbox.address, name: mailbox.name } : { address: mailbox.address };
}

function reversePath(value: string): string {
  return value.trim().replace(/^<|>$/g, '').trim();
}

function returnPathOf(envelope: InboundEnvelope | undefined, headers: ReadonlyMap<string, readonly string[]>): string | null {
  if (envelope && envelope.mailFrom !== undefined) return reversePath(envelope.mailFrom ?? '');
  // The first Return-Path is the one the final delivery added.
  const header = headers.get('return-path')?.[0];
  return header === undefined ? null : reversePath(header);
}

function contentBytes(content: ParsedAttachment['content']): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function folded(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** sha256 hex over what a person would call "the same message": sender, subject, text. */
export function inboundBodyHash(fromAddress: string, subject: string, text: string): string {
  return createHash('sha256')
    .update(`${fromAddress.toLowerCase()}\n${folded(subject)}\n${folded(text)}`)
    .digest('hex');
}

async function parseMime(bytes: Uint8Array): Promise<Email> {
  try {
    return await parseBounded(bytes);
  } catch (error) {
    // Everything the parser throws comes from the bytes themselves (postal-mime's own limits
    // included), except a parser that is not the one this module knows: that is ours to fix.
    if (error instanceof ParserShapeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnparseableMessageError(`The message cannot be parsed: ${reason}`, { cause: error });
  }
}

/** Characters folded between two turns of the event loop while hashing a long text. */
const HASH_SLICE_CHARS = 1024 * 1024;

/** `folded(text)` into the hash a slice at a time: the same bytes, without holding the event loop for a long text. */
async function updateFolded(hash: ReturnType<typeof createHash>, text: string): Promise<void> {
  let started = false;
  let spaceBefore = false;
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + HASH_SLICE_CHARS, text.length);
    // Never split a surrogate pair: each half alone would be hashed as U+FFFD.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    let piece = text.slice(at, end).replace(/\s+/g, ' ');
    at = end;
    if (piece.startsWith(' ')) {
      spaceBefore = true;
      piece = piece.slice(1);
    }
    if (piece === '') continue;
    const spaceAfter = piece.endsWith(' ');
    if (spaceAfter) piece = piece.slice(0, -1);
    hash.update(spaceBefore && started ? ` ${piece}` : piece);
    started = true;
    spaceBefore = spaceAfter;
    if (at < text.length) await yieldToEventLoop();
  }
}

/** `inboundBodyHash`, yielding to the event loop while it folds a long text. */
async function bodyHashOf(fromAddress: string, subject: string, text: string): Promise<string> {
  const hash = createHash('sha256').update(`${fromAddress.toLowerCase()}\n${folded(subject)}\n`);
  await updateFolded(hash, text);
  return hash.digest('hex');
}

/**
 * Parses one raw message. A string is taken as the message text (encoded as
 * UTF-8 for the parser); pass bytes to keep 8-bit content exactly. Throws
 * UnparseableMessageError for a message that can never be parsed.
 */
export async function parseInboundEmail(raw: string | Uint8Array, envelope?: InboundEnvelope): Promise<InboundEmail> {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  const parsed = await parseMime(bytes);
  await yieldToEventLoop();

  const headers = new Map<string, string[]>();
  for (const header of parsed.headers) {
    const values = headers.get(header.key);
    if (values) values.push(header.value);
    else headers.set(header.key, [header.value]);
  }

  const attachments: InboundAttachment[] = parsed.attachments.map((attachment) => {
    const content = contentBytes(attachment.content);
    return { filename: attachment.filename, contentType: attachment.mimeType, size: content.byteLength, content };
  });

  const subject = (parsed.subject ?? '').trim();
  const text = parsed.text ?? (parsed.html ? htmlToText(parsed.html) : '');
  await yieldToEventLoop();
  const from = firstMailbox(parsed.from);
  const date = parsed.date ? new Date(parsed.date) : undefined;
  const messageId = messageIdsIn(parsed.messageId)[0] ?? null;
  const deliveryStatus = await readDeliveryStatus(
    attachments.map((attachment) => ({ contentType: attachment.contentType, content: attachment.content })),
  );
  await yieldToEventLoop();
  const ownWords = quotedReplyStripped(text.slice(0, LANGUAGE_SAMPLE_CHARS));
  const bodyHash = await bodyHashOf(from?.address ?? '', subject, text);

  return {
    messageId,
    inReplyTo: messageIdsIn(parsed.inReplyTo),
    references: messageIdsIn(parsed.references),
    from,
    returnPath: returnPathOf(envelope, headers),
    to: mailboxesOf(parsed.to),
    cc: mailboxesOf(parsed.cc),
    rcptTo: [...(envelope?.rcptTo ?? [])],
    subject,
    text,
    ...(parsed.html ? { html: parsed.html } : {}),
    ...(date && !Number.isNaN(date.getTime()) ? { date } : {}),
    headers,
    attachments,
    // The quoted part of a reply is usually our own words, so it would skew the guess.
    language: detectLanguage(`${subject}\n${ownWords}`),
    bodyHash,
    size: bytes.byteLength,
    ...(deliveryStatus ? { deliveryStatus } : {}),
  };
}
