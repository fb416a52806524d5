/**
 * The languages nocdesk writes in (acknowledgements, explanations) and how one is
 * chosen for a reply: the contact's preference, else the language of the message
 * they sent, else English (SPEC §2.5).
 */
import { z } from 'zod';
import { foldedWords } from './text.js';

/** A language nocdesk can answer in. */
export type Language = 'en' | 'es';

/** Every supported language, English first (the fallback). */
export const LANGUAGES: readonly Language[] = ['en', 'es'];

/** Validates a language code from configuration or API input. */
export const LanguageSchema = z.enum(['en', 'es']);

const SPANISH_WORDS: ReadonlySet<string> = new Set([
  'el', 'la', 'los', 'las', 'de', 'del', 'que', 'y', 'en', 'por', 'para', 'con', 'una', 'un', 'es', 'esta',
  'estan', 'hay', 'se', 'su', 'nuestro', 'nuestra', 'tenemos', 'servicio', 'favor', 'hola', 'gracias',
  'buenos', 'buenas', 'dias', 'tardes', 'saludos', 'sin', 'desde', 'pero', 'muy', 'enlace', 'caida',
]);

const ENGLISH_WORDS: ReadonlySet<string> = new Set([
  'the', 'and', 'is', 'are', 'please', 'hello', 'hi', 'thanks', 'thank', 'you', 'we', 'our', 'of', 'to',
  'with', 'have', 'has', 'this', 'that', 'for', 'from', 'it', 'be', 'was', 'not', 'there', 'dear', 'regards',
  'since', 'link', 'any',
]);

/**
 * Guesses whether a message is Spanish or English by counting common words, so a reply can
 * follow the language the customer wrote in when their contact record has no preference.
 * Returns `undefined` when the text is too short or too mixed to tell: callers then fall back.
 *
 * ### Examples
 * ```ts
 * detectLanguage('Hola, el enlace está caído desde esta mañana'); // 'es'
 * detectLanguage('Hello, the link is down since this morning');  // 'en'
 * detectLanguage('SOF-12345');                                   // undefined
 * ```
 */
export function detectLanguage(text: string): Language | undefined {
  let spanish = 0;
  let english = 0;
  for (const word of foldedWords(text)) {
    if (SPANISH_WORDS.has(word)) spanish += 1;
    if (ENGLISH_WORDS.has(word)) english += 1;
  }
  if (spanish >= 2 && spanish >= english * 2 && spanish - english >= 2) return 'es';
  if (english >= 2 && english >= spanish * 2 && english - spanish >= 2) return 'en';
  return undefined;
}

/**
 * Picks the language of a reply: the contact's stated preference wins, then the language
 * detected in their message, then English (SPEC §2.5).
 *
 * ### Examples
 * ```ts
 * chooseLanguage({ contactLanguage: 'es', messageLanguage: 'en' }); // 'es'
 * chooseLanguage({ contactLanguage: null, messageLanguage: 'es' }); // 'es'
 * chooseLanguage({});                                               // 'en'
 * ```
 */
export function chooseLanguage(input: {
  readonly contactLanguage?: Language | null;
  readonly messageLanguage?: Language | null;
}): Language {
  return input.contactLanguage ?? input.messageLanguage ?? 'en';
}
