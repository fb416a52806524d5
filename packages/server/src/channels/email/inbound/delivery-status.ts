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

// Status fields use header syntax, so the MIME parser reads them: the per-message block
// comes out as the headers, and the per-recipient blocks as the body, read once more.
async function fieldBlocks(content: Uint8Array): Promise<ReadonlyMap<string, string>> {
  const fields = new Map<string, string>();
  const perMessage = await PostalMime.parse(content);
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
  const fields = await fieldBlocks(statusPart.content);
  const originalPart = parts.find((part) => ORIGINAL_TYPES.has(part.contentType));
  const original = originalPart ? await PostalMime.parse(originalPart.content) : undefined;

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
