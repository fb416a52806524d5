// Turns the bytes of a header line or a text part into text when the message's own
// charset label cannot be trusted: mail clients label UTF-8 as us-ascii, send
// Latin-1 labelled UTF-8, put raw 8-bit bytes in headers, or name charsets no
// decoder knows. The order is: valid UTF-8, then the declared charset, then
// windows-1252 (which maps every byte, so nothing is ever dropped).
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

const UTF8 = new TextDecoder('utf-8');

/**
 * windows-1252 through iconv-lite: Node 20's TextDecoder reads every label of it
 * (windows-1252, iso-8859-1, us-ascii, …) as ISO-8859-1, turning €, – and “” into
 * control characters.
 */
function asWindows1252(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252');
}

// Charsets whose bytes are not ASCII where they look like it: plain ASCII bytes may be
// UTF-7 or ISO-2022 escapes, and UTF-16 is often valid UTF-8 too. The label decides first.
const ASCII_INCOMPATIBLE = /^(utf-?7|unicode-?1-?1-?utf-?7|utf-?16|utf-?32|ucs-?2|ucs-?4|unicode|iso-?2022|csiso2022|hz-?gb)/i;

function asUtf8(bytes: Uint8Array): string | undefined {
  return isUtf8(bytes) ? UTF8.decode(bytes) : undefined;
}

/** Decodes with the named charset, or undefined when no decoder knows it or the bytes are not in it. */
function asCharset(bytes: Uint8Array, label: string): string | undefined {
  let decoder: TextDecoder | undefined;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    decoder = undefined;
  }
  if (decoder?.encoding === 'windows-1252') return asWindows1252(bytes);
  if (decoder) {
    try {
      return decoder.decode(bytes);
    } catch {
      return undefined;
    }
  }
  // Charsets outside the WHATWG set (UTF-7, old DOS and Mac code pages) through iconv-lite,
  // which replaces what it cannot map instead of failing.
  if (!iconv.encodingExists(label)) return undefined;
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), label);
  return text.includes('\ufffd') ? undefined : text;
}

function cleanLabel(label: string | null | undefined): string | undefined {
  const cleaned = label?.trim().replace(/^["']|["']$/g, '').trim();
  return cleaned ? cleaned : undefined;
}

/** The best text for bytes labelled `declared` (or nothing): UTF-8 when valid, else the label, else windows-1252. */
export function decodeText(bytes: Uint8Array, declared?: string | null): string {
  const label = cleanLabel(declared);
  if (label && ASCII_INCOMPATIBLE.test(label)) {
    const text = asCharset(bytes, label);
    if (text !== undefined) return text;
  }
  // ASCII is valid UTF-8 too.
  const utf8 = asUtf8(bytes);
  if (utf8 !== undefined) return utf8;
  const declaredText = label ? asCharset(bytes, label) : undefined;
  return declaredText ?? asWindows1252(bytes);
}

/**
 * The line as UTF-8 bytes: unchanged when it already is UTF-8 (or ASCII),
 * else decoded by `decodeText` and encoded again. Undefined when unchanged.
 */
export function utf8HeaderLine(line: Uint8Array, declared?: string | null): Uint8Array | undefined {
  if (isUtf8(line)) return undefined;
  return new TextEncoder().encode(decodeText(line, declared));
}
