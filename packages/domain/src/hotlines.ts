/**
 * Support hotline and IVR numbers per region: the source's "map" of numbers
 * ("Números del servicio de asistencia técnica"), offered for level-1 tickets and for
 * step 2 (calling when an answer seems late). The list is configuration.
 */
import { z } from 'zod';
import { LanguageSchema } from './language.js';
import type { Language } from './language.js';

/** One support number. */
export interface Hotline {
  /** Region as configured, e.g. `Europe`, `LATAM`. */
  readonly region: string;
  /** ISO 3166-1 alpha-2 country code, when the number is for one country. */
  readonly country?: string;
  /** International form, e.g. `+34 910 000 000`. */
  readonly phone: string;
  /** HOTLINE: staffed call centre; IVR: keypad menu (quote the ticket number). */
  readonly kind: 'HOTLINE' | 'IVR';
  /** Languages spoken or offered on the line. */
  readonly languages: readonly Language[];
}

/** Validates one hotline from the configuration file. */
export const HotlineSchema = z.object({
  region: z.string().trim().min(1).max(64),
  country: z.string().regex(/^[A-Z]{2}$/, 'A country is an ISO 3166-1 alpha-2 code such as "ES".').optional(),
  phone: z.string().regex(/^\+[\d\s\-().]{6,24}$/, 'A hotline number is written in international form, e.g. "+34 910 000 000".'),
  kind: z.enum(['HOTLINE', 'IVR']),
  languages: z.array(LanguageSchema).min(1),
});

/** Validates the hotline list from the configuration file. */
export const HotlinesSchema = z.array(HotlineSchema);

/**
 * The numbers to show a customer: those of their region (or country), matched
 * case-insensitively, in configured order. With no region, or a region nobody configured,
 * every number is returned, so a level-1 acknowledgement always lists somewhere to call.
 *
 * ### Examples
 * ```ts
 * hotlinesFor(hotlines, 'europe'); // the Europe numbers
 * hotlinesFor(hotlines, 'ES');     // the numbers for Spain
 * hotlinesFor(hotlines);           // all numbers
 * ```
 */
export function hotlinesFor(hotlines: readonly Hotline[], region?: string): Hotline[] {
  const wanted = region?.trim().toLowerCase() ?? '';
  if (wanted === '') return [...hotlines];
  const matching = hotlines.filter(
    (hotline) => hotline.region.trim().toLowerCase() === wanted || hotline.country?.toLowerCase() === wanted,
  );
  return matching.length > 0 ? matching : [...hotlines];
}
