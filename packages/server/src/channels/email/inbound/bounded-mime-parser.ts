// postal-mime with the work per message bounded: it yields to the event loop while it
// reads a large message (so one message cannot hold HTTP and SMTP), limits how deep
// and how many parts a message may have, decodes text whose charset label is wrong
// (see text-decoding.ts) and reads nested messages with the same care.
//
// postal-mime offers none of this as options, so this module hooks into the parser's
// per-line and per-part steps. Those are internal to postal-mime: its shape is
// checked when a parser is made, and a changed shape fails as a temporary error
// (the mail stays queued) rather than rejecting mail.
import PostalMime from 'postal-mime';
import type { Attachment, Email } from 'postal-mime';
import { htmlToText } from './html-to-text.js';
import { decodeText, utf8HeaderLine } from './text-decoding.js';

/** Deepest MIME multipart nesting a message may have; real mail stays below 20. */
export const MAX_MIME_DEPTH = 64;
/** Most MIME parts one message may have, nested messages included. */
export const MAX_MIME_PARTS = 10_000;
/** How deep inline forwarded messages (message/rfc822) are read into the text; deeper ones stay attachments. */
export const MAX_NESTED_MESSAGES = 3;
/** Longest stretch of parsing between two turns of the event loop. */
export const PARSE_SLICE_MS = 10;

/** A message the parser refuses, and always will: its bytes break a limit or the MIME grammar. */
export class MimeLimitError extends Error {
  override readonly name = 'MimeLimitError';
}

// The parts of postal-mime's parser and MIME tree this module relies on.
interface MimeNode {
  state: 'header' | 'body' | 'finished';
  content: ArrayBuffer | null;
  contentType: { parsed: { value: string; params: Record<string, string | undefined> } };
  contentTransferEncoding: { encoding: string };
  contentDecoder: BodyDecoder | null;
  getTextContent(): string;
  decodeFlowedText(text: string, delSp: boolean): string;
}

interface BodyDecoder {
  update(line: Uint8Array): void;
  finalize(): Promise<ArrayBuffer>;
}

interface ParserHooks {
  readonly root: MimeNode;
  readonly currentNode: MimeNode;
  processLine(line: Uint8Array, isFinal: boolean): Promise<void>;
  collectNode(node: MimeNode, alternative: unknown, related: boolean): Promise<void>;
}

/** The installed postal-mime is not shaped as this module expects: a fault of ours, never of the message. */
export class ParserShapeError extends Error {
  override readonly name = 'ParserShapeError';
}

const hooks = PostalMime.prototype as unknown as ParserHooks;

function assertParserShape(parser: ParserHooks): void {
  const node = parser.root as Partial<MimeNode> | undefined;
  if (
    typeof hooks.processLine !== 'function' ||
    typeof hooks.collectNode !== 'function' ||
    typeof node?.decodeFlowedText !== 'function' ||
    typeof node.contentType?.parsed !== 'object'
  ) {
    throw new ParserShapeError('postal-mime no longer has the parsing steps nocdesk hooks into; check the installed version');
  }
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Shared by a message and the messages nested in it. */
interface ParseBudget {
  parts: number;
  lastYield: number;
}

async function keepEventLoopTurning(budget: ParseBudget): Promise<void> {
  if (performance.now() - budget.lastYield < PARSE_SLICE_MS) return;
  await yieldToEventLoop();
  budget.lastYield = performance.now();
}

/**
 * postal-mime collects an unencoded body as two pieces per line and joins them at the
 * end in one step; for a body of a million lines that one step alone takes seconds.
 * This keeps the same bytes in 64 KiB pieces.
 */
class PieceWiseBody implements BodyDecoder {
  private readonly pieces: Uint8Array[] = [];
  private piece = new Uint8Array(64 * 1024);
  private used = 0;

  private write(bytes: Uint8Array): void {
    if (bytes.length <= this.piece.length - this.used) {
      this.piece.set(bytes, this.used);
      this.used += bytes.length;
      return;
    }
    let start = 0;
    while (start < bytes.length) {
      if (this.used === this.piece.length) this.flush();
      const count = Math.min(bytes.length - start, this.piece.length - this.used);
      this.piece.set(bytes.subarray(start, start + count), this.used);
      this.used += count;
      start += count;
    }
  }

  private flush(): void {
    if (this.used === 0) return;
    this.pieces.push(this.piece.slice(0, this.used));
    this.used = 0;
  }

  update(line: Uint8Array): void {
    this.write(line);
    if (this.used === this.piece.length) this.flush();
    this.piece[this.used++] = 0x0a;
  }

  finalize(): Promise<ArrayBuffer> {
    this.flush();
    const total = this.pieces.reduce((sum, piece) => sum + piece.length, 0);
    const body = new Uint8Array(total);
    let at = 0;
    for (const piece of this.pieces) {
      body.set(piece, at);
      at += piece.length;
    }
    return Promise.resolve(body.buffer);
  }
}

/** What postal-mime's `getTextContent` does, with the charset fallback of text-decoding.ts. */
function textContentOf(node: MimeNode): string {
  if (!node.content) return '';
  const params = node.contentType.parsed.params;
  const text = decodeText(new Uint8Array(node.content), params.charset);
  return /^flowed$/i.test(params.format ?? '') ? node.decodeFlowedText(text, /^yes$/i.test(params.delsp ?? '')) : text;
}

class BoundedPostalMime extends PostalMime {
  private readonly seenParts = new WeakSet<MimeNode>();
  /** Set when a header line was not UTF-8 and had to be decoded with a fallback. */
  headerFallbackUsed = false;

  constructor(
    private readonly budget: ParseBudget,
    private readonly headerCharset: string | undefined,
  ) {
    // Inline forwarded messages are read by `parseBounded` itself, so they get the same limits.
    super({ maxNestingDepth: MAX_MIME_DEPTH, maxRfc822NestingDepth: 0 });
    assertParserShape(this as unknown as ParserHooks);
  }

  private get internals(): ParserHooks {
    return this as unknown as ParserHooks;
  }

  /** Root Content-Type charset, once the headers are read. */
  get declaredCharset(): string | undefined {
    return this.internals.root.contentType.parsed.params.charset;
  }

  async processLine(line: Uint8Array, isFinal: boolean): Promise<void> {
    await keepEventLoopTurning(this.budget);
    const node = this.internals.currentNode;
    let bytes = line;
    if (node.state === 'header') {
      const utf8 = utf8HeaderLine(line, this.headerCharset);
      if (utf8) {
        bytes = utf8;
        this.headerFallbackUsed = true;
      }
    }
    await hooks.processLine.call(this, bytes, isFinal);
    const current = this.internals.currentNode;
    if (!this.seenParts.has(current)) {
      this.seenParts.add(current);
      if (++this.budget.parts > MAX_MIME_PARTS) throw new MimeLimitError(`More than ${MAX_MIME_PARTS} MIME parts`);
    }
    // The transfer decoder is chosen once the part's headers are read.
    if (current.state === 'body' && current.contentDecoder?.constructor.name === 'PassThroughDecoder') {
      current.contentDecoder = new PieceWiseBody();
    }
  }

  async collectNode(node: MimeNode, alternative: unknown, related: boolean): Promise<void> {
    await keepEventLoopTurning(this.budget);
    node.getTextContent = () => textContentOf(node);
    await hooks.collectNode.call(this, node, alternative, related);
  }
}

/** A parsed message, as postal-mime returns it, with nested messages folded in. */
export type ParsedMessage = Email;

function headerBlock(message: Email): string {
  const lines: string[] = [];
  const from = message.from?.address ? (message.from.name ? `${message.from.name} <${message.from.address}>` : message.from.address) : '';
  if (from) lines.push(`From: ${from}`);
  if (message.date) lines.push(`Date: ${message.date}`);
  if (message.subject) lines.push(`Subject: ${message.subject}`);
  return lines.join('\n');
}

async function parseOne(raw: Uint8Array, budget: ParseBudget, depth: number): Promise<Email> {
  let parser = new BoundedPostalMime(budget, undefined);
  let parsed = await parser.parse(raw);
  // Raw 8-bit headers usually share the charset of the body; read them again in it when it is a real one.
  const declared = parser.declaredCharset;
  if (parser.headerFallbackUsed && declared && !/^(utf-?8|us-ascii|ascii|iso-8859-1|latin-?1|windows-1252|cp1252)$/i.test(declared)) {
    parser = new BoundedPostalMime(budget, declared);
    parsed = await parser.parse(raw);
  }
  return depth < MAX_NESTED_MESSAGES ? foldNestedMessages(parsed, budget, depth) : parsed;
}

/** Inline message/rfc822 parts become text (under a From/Date/Subject block) and their attachments. */
async function foldNestedMessages(parsed: Email, budget: ParseBudget, depth: number): Promise<Email> {
  if (!parsed.attachments.some((attachment) => attachment.rfc822DepthExceeded)) return parsed;
  const own = parsed.text ?? (parsed.html ? htmlToText(parsed.html) : '');
  const texts: string[] = own ? [own] : [];
  const attachments: Attachment[] = [];
  for (const attachment of parsed.attachments) {
    if (!attachment.rfc822DepthExceeded || typeof attachment.content === 'string') {
      attachments.push(attachment);
      continue;
    }
    const nested = await parseOne(new Uint8Array(attachment.content), budget, depth + 1);
    const nestedText = nested.text ?? (nested.html ? htmlToText(nested.html) : '');
    texts.push([headerBlock(nested), nestedText].filter((part) => part !== '').join('\n\n'));
    attachments.push(...nested.attachments);
  }
  const text = texts.join('\n\n');
  return { ...parsed, attachments, ...(text ? { text } : {}) };
}

/**
 * Parses one message within the limits above. Throws MimeLimitError (or
 * postal-mime's own error) for a message that can never be parsed.
 */
export function parseBounded(raw: Uint8Array): Promise<Email> {
  return parseOne(raw, { parts: 0, lastYield: performance.now() }, 0);
}
