// Text as both dialects can store it.
/**
 * PostgreSQL text cannot hold NUL; pasted router output sometimes carries one. It becomes U+FFFD on
 * both dialects, so the request is stored (not refused and retried forever) and reads the same everywhere.
 */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}
