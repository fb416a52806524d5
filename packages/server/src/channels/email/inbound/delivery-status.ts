// Reads a delivery status notification (RFC 3464): which message of ours bounced,
// for whom, and why, so a bounce can be attached to the ticket it concerns.
import PostalMime from 'postal-mime';

/** What a bounce says about the message it returns; every field is optional because MTAs omit freely. */
export interface DeliveryStatus {
  /** Message-ID of the returned original, without angle brackets. */
  readonly originalMessageId?: string;
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded` (RFC 3464 §2.3.3). */
  readonly action?: string;
  /** Enhanced status code such as `5.1.1` (RFC 3463). */
  readonly status?: string;
  /** The recipient address the report is about, without its address-type prefix. */
  readonly finalRecipient?: string;
  readonly diagnosticCode?: string;
}

/** A report part as the parser hands it over: its MIME type and decoded bytes. */
export interface ReportPart {
  readonly contentType: string;
  readonly content: Uint8Array;
}

/** A status part is a few lines per recipient; more than this is not read. */
const STATUS_PART_MAX_BYTES = 64 * 1024;

const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ORIGINAL_TYPES = new Set(['text/rfc822-headers', 'message/rfc822', 'message/global', 'message/global-headers']);

function stripAngles(id: string): string {
  return id.trim().replace(/^<+|>+$/g, '').trim();
}

// "rfc822; someone@example.com" → "someone@example.com" (RFC 3464 §2.3.2 address-type).
function withoutTypePrefix(value: string): string {
  const separator = value.indexOf(';');
  return (separator >= 0 ? value.slice(separator + 1) : value).trim();
}

/**
 * The header block of a returned message (everything before its first empty line): the
 * Message-ID is there, and the returned body (up to the whole original message) is not
 * worth parsing.
 */
function headerBlockOf(content: Uint8Array): Uint8Array {
  for (let at = 0; at < content.length - 1; at++) {
    if (content[at] !== 0x0a) continue;
    if (content[at + 1] === 0x0a) return content.subarray(0, at + 1);
    if (content[at + 1] === 0x0d && content[at + 2] === 0x0a) return content.subarray(0, at + 1);
  }
  return content;
}

// Status fields use header syntax, so the MIME parser reads them: the per-message block
// comes out as the headers, and the per-recipient blocks as the body, read once more.
async function fieldBlocks(content: Uint8Array): Promise<ReadonlyMap<string, string>> {
  const fields = new Map<string, string>();
  const perMessage = await PostalMime.parse(content.subarray(0, STATUS_PART_MAX_BYTES));
  const perRecipient = perMessage.text ? await PostalMime.parse(perMessage.text.trimStart()) : undefined;
  // Per-recipient fields win: they describe the actual failure.
  for (const header of [...perMessage.headers, ...(perRecipient?.headers ?? [])]) {
    fields.set(header.key, header.value.replace(/\s+/g, ' ').trim());
  }
  return fields;
}

/**
 * Builds the delivery status from the parts of a `multipart/report`, or
 * returns undefined when the message carries no delivery-status part.
 */
export async function readDeliveryStatus(parts: readonly ReportPart[]): Promise<DeliveryStatus | undefined> {
  const statusPart = parts.find((part) => STATUS_TYPES.has(part.contentType));
  if (!statusPart) return undefined;
  try {
    return await statusOf(statusPart, parts);
  } catch {
    // A status part the parser cannot read says nothing; the message itself is still kept.
    return {};
  }
}

async function statusOf(statusPart: ReportPart, parts: readonly ReportPart[]): Promise<DeliveryStatus> {
  const fields = await fieldBlocks(statusPart.content);
  const originalPart = parts.find((part) => ORIGINAL_TYPES.has(part.contentType));
  const original = originalPart ? await PostalMime.parse(headerBlockOf(originalPart.content)) : undefined;

  const finalRecipient = fields.get('final-recipient') ?? fields.get('original-recipient');
  const action = fields.get('action')?.toLowerCase();
  const status = fields.get('status')?.split(/\s/)[0];
  const diagnosticCode = fields.get('diagnostic-code');
  const originalMessageId = original?.messageId ?? fields.get('x-original-message-id') ?? fields.get('original-message-id');
  return {
    ...(originalMessageId ? { originalMessageId: stripAngles(originalMessageId) } : {}),
    ...(action ? { action } : {}),
    ...(status ? { status } : {}),
    ...(finalRecipient ? { finalRecipient: withoutTypePrefix(finalRecipient) } : {}),
    ...(diagnosticCode ? { diagnosticCode: withoutTypePrefix(diagnosticCode) } : {}),
  };
}
