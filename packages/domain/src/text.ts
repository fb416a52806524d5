/**
 * Free-text matching shared by the rules that read what people write (priority
 * keywords, level words, language hints): accent- and case-insensitive, whole
 * words only, so `caida` matches `Caída` and `down` never matches `download`.
 * Internal: not exported from the package.
 */

/** Lower case without diacritics (`Caída TOTAL` → `caida total`), so Spanish typed without accents still matches. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regular expression source matching `phrase` as whole words in folded text; words may be
 * separated by spaces, dashes or underscores (`link-down`, `packet  loss`).
 */
export function phrasePattern(phrase: string, options: { readonly plural?: boolean } = {}): string {
  const words = foldText(phrase).trim().split(/\s+/).map(escapeRegExp);
  const plural = options.plural === true ? '(?:e?s)?' : '';
  return `(?<![\\p{L}\\p{N}])${words.join('[\\s\\-_]+')}${plural}(?![\\p{L}\\p{N}])`;
}

/** The words of a text, folded: the unit the language heuristic counts. */
export function foldedWords(text: string): readonly string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}
