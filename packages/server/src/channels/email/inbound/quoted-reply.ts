// Finds the new part of an email reply, above the quoted earlier messages, so the
// ticket history shows what the customer added rather than the whole thread again.

/** Lines that introduce a quoted message, in the forms the common clients write in English and Spanish. */
const ATTRIBUTION_PATTERNS: readonly RegExp[] = [
  /^-{2,}\s*(original message|mensaje original|forwarded message|mensaje reenviado)\s*-{2,}\s*$/i,
  /^_{5,}\s*$/, // Outlook's rule above the "From: / Sent:" block
];

// Gmail and Apple Mail wrap a long attribution line, so "On …" may end in "wrote:" up to two lines later.
const ATTRIBUTION_START = /^(on|el)\s.+/i;
const ATTRIBUTION_END = /(wrote|escribió|escribio)\s*:\s*$/i;
const HEADER_BLOCK_FROM = /^\*?(from|de)\s*:\*?\s/i;
const HEADER_BLOCK_NEXT = /^\*?(sent|date|enviado|enviado el|fecha|to|para)\s*:\*?\s/i;

function startsQuotedMessage(lines: readonly string[], index: number): boolean {
  const line = (lines[index] ?? '').trim();
  if (ATTRIBUTION_PATTERNS.some((pattern) => pattern.test(line))) return true;
  if (ATTRIBUTION_START.test(line)) {
    for (let span = 1; span <= 3; span++) {
      const joined = lines.slice(index, index + span).map((part) => part.trim()).join(' ');
      if (joined.length <= 300 && ATTRIBUTION_END.test(joined)) return true;
    }
  }
  return HEADER_BLOCK_FROM.test(line) && HEADER_BLOCK_NEXT.test((lines[index + 1] ?? '').trim());
}

/**
 * The text above the first quoted part of a reply: an attribution line
 * ("On … wrote:", "El … escribió:"), an "-----Original Message-----" or
 * Outlook "From:/Sent:" block, or a trailing block of "> " lines. Inline
 * answers between quoted lines are kept whole; when nothing is left above the
 * quote (bottom-posting) the full text is returned, so nothing is ever lost.
 */
export function quotedReplyStripped(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let cut = lines.length;
  for (let index = 0; index < lines.length; index++) {
    if (startsQuotedMessage(lines, index)) {
      cut = index;
      break;
    }
  }
  // A quote block only counts when everything below it is quoted too; otherwise it is an inline answer.
  let quotedTail = lines.length;
  while (quotedTail > 0 && /^\s*(>|$)/.test(lines[quotedTail - 1] ?? '')) quotedTail--;
  if (lines.slice(quotedTail).some((line) => line.trim().startsWith('>'))) cut = Math.min(cut, quotedTail);

  const fresh = lines.slice(0, cut).join('\n').trim();
  return fresh === '' ? text.trim() : fresh;
}
