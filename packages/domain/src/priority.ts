/**
 * Priority levels (SPEC §2.1, from the source procedure's "tres niveles de prioridad")
 * and how a ticket's level is decided: the level the reporter asked for, else the
 * category, else keywords in the text (English and Spanish), else Standard. The
 * decision says which of these gave the level and flags a request that disagrees
 * with what the category or text suggest, for re-triage.
 */
import { z } from 'zod';
import type { Language } from './language.js';
import { foldText, phrasePattern } from './text.js';

/** 1 = Maximum (outages), 2 = High (degradation, optimisation), 3 = Standard (administrative). */
export type PriorityLevel = 1 | 2 | 3;

/** Every level, most urgent first. */
export const PRIORITY_LEVELS: readonly PriorityLevel[] = [1, 2, 3];

/** Validates a level in API input or configuration. */
export const PriorityLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/** What a request is about, when the reporter or channel says so. */
export type TicketCategory = 'OUTAGE' | 'DEGRADATION' | 'OPTIMISATION' | 'ADMINISTRATIVE';

/** Every category, most urgent first. */
export const TICKET_CATEGORIES: readonly TicketCategory[] = ['OUTAGE', 'DEGRADATION', 'OPTIMISATION', 'ADMINISTRATIVE'];

/** Validates a category in API input. */
export const TicketCategorySchema = z.enum(['OUTAGE', 'DEGRADATION', 'OPTIMISATION', 'ADMINISTRATIVE']);

const NAMES: Readonly<Record<PriorityLevel, Readonly<Record<Language, string>>>> = {
  1: { en: 'Maximum', es: 'Prioridad Máxima' },
  2: { en: 'High', es: 'Prioridad alta' },
  3: { en: 'Standard', es: 'Prioridad estándar' },
};

const MEANINGS: Readonly<Record<PriorityLevel, Readonly<Record<Language, string>>>> = {
  1: {
    en: 'We take immediate action to restore unplanned interruptions; support hotline calls are available to speed things up.',
    es: '¡Tomamos medidas inmediatas para restaurar las interrupciones no planificadas!',
  },
  2: {
    en: 'We attend to it immediately after level-1 tickets are resolved; normally used for service optimisation.',
    es: 'Le dedicaremos atención inmediatamente después de que se resuelvan los tickets de nivel 1.',
  },
  3: {
    en: 'Prioritised below levels 1 and 2, for when speed is not essential; normally used for administrative matters.',
    es: 'El caso tendrá prioridad por debajo del nivel 1 y 2 para cuando la velocidad no sea esencial.',
  },
};

/**
 * The name of a level as the source procedure gives it, for acknowledgements and the UI.
 *
 * ### Examples
 * ```ts
 * priorityName(1);       // 'Maximum'
 * priorityName(1, 'es'); // 'Prioridad Máxima'
 * ```
 */
export function priorityName(level: PriorityLevel, language: Language = 'en'): string {
  return NAMES[level][language];
}

/**
 * One sentence saying what a level means for the customer, taken from the source procedure,
 * so the acknowledgement sets the right expectation.
 *
 * ### Examples
 * ```ts
 * priorityMeaning(2, 'es'); // 'Le dedicaremos atención inmediatamente después de que se resuelvan los tickets de nivel 1.'
 * ```
 */
export function priorityMeaning(level: PriorityLevel, language: Language = 'en'): string {
  return MEANINGS[level][language];
}

const CATEGORY_LEVELS: Readonly<Record<TicketCategory, PriorityLevel>> = {
  OUTAGE: 1,
  DEGRADATION: 2,
  OPTIMISATION: 2,
  ADMINISTRATIVE: 3,
};

/**
 * The level a category implies: outages are level 1, degradation and optimisation level 2,
 * administrative matters level 3 (the source's "normalmente se aplica a …").
 *
 * ### Examples
 * ```ts
 * categoryLevel('OUTAGE');         // 1
 * categoryLevel('ADMINISTRATIVE'); // 3
 * ```
 */
export function categoryLevel(category: TicketCategory): PriorityLevel {
  return CATEGORY_LEVELS[category];
}

/** Keywords that suggest a level when nothing more explicit is given, English and Spanish. */
export const PRIORITY_KEYWORDS: Readonly<Record<PriorityLevel, readonly string[]>> = {
  1: [
    'outage', 'down', 'downtime', 'link down', 'service down', 'circuit down', 'site down', 'network down', 'port down',
    'interface down', 'bgp down', 'session down', 'is down', 'are down', 'went down', 'goes down', 'down since',
    'no service', 'unreachable', 'not reachable', 'offline', 'loss of service', 'service interruption',
    'interruption', 'no connectivity', 'not working', 'no internet',
    'caída', 'caída total', 'caída total del servicio', 'caído', 'caída del enlace', 'enlace caído', 'se cayó',
    'se ha caído', 'cayó', 'interrupción', 'sin servicio', 'fuera de servicio', 'sin conexión', 'sin conectividad',
    'sin internet', 'no hay servicio', 'no funciona', 'corte de servicio', 'corte de fibra',
  ],
  2: [
    'degradation', 'degraded', 'packet loss', 'latency', 'high latency', 'jitter', 'slow', 'slowness',
    'intermittent', 'flapping', 'optimisation', 'optimization', 'optimise', 'optimize',
    'degradación', 'degradado', 'degradada', 'pérdida de paquete', 'pérdida de paquetes', 'latencia', 'lentitud',
    'lento', 'lenta', 'intermitencia', 'intermitente', 'optimización', 'optimizar',
  ],
  3: [
    'invoice', 'billing', 'contract', 'administrative', 'payment', 'renewal', 'credit note',
    'factura', 'facturación', 'contrato', 'administrativo', 'administrativa', 'pago', 'renovación',
  ],
};

interface CompiledKeyword {
  readonly phrase: string;
  readonly level: PriorityLevel;
  readonly pattern: RegExp;
  /** The phrase's longest word, folded: a text without it cannot match, so the pattern is not even run. */
  readonly anchor: string;
}

const COMPILED_KEYWORDS: readonly CompiledKeyword[] = PRIORITY_LEVELS.flatMap((level) =>
  PRIORITY_KEYWORDS[level].map((phrase) => ({
    phrase,
    level,
    pattern: new RegExp(phrasePattern(phrase, { plural: true }), 'gu'),
    anchor: foldText(phrase).trim().split(/\s+/).reduce((longest, word) => (word.length > longest.length ? word : longest), ''),
  })),
);

/** Words before a keyword that deny it ("no service interruption expected", "not offline"). */
const NEGATION = /(?:^|[^\p{L}\p{N}])(?:no|not|never|without|nunca|ninguna?)[\s\-_]+(?:[\p{L}\p{N}]+[\s\-_]+)?$/u;
/**
 * Words near a level-1 keyword that make it planned work, which the procedure does not treat as level 1,
 * unless they are themselves denied ("interrupción no programada", "not planned", "outside the
 * scheduled window" are unplanned).
 */
const PLANNED = /(?<![\p{L}\p{N}])(?<!(?:no|not|non|sin|outside(?:[\s\-_]+the)?|fuera[\s\-_]+de(?:[\s\-_]+la)?)[\s\-_]+)(?:planned|scheduled|programad[oa]s?|planificad[oa]s?|prevista?s?)(?![\p{L}\p{N}])/u;
/** "down" alone is an outage ("Router down"), but not in these phrases. */
const DOWN_BEFORE = /(?:^|[^\p{L}\p{N}])(?:shut|shutting|scale|scaling|step|stepping|slow|slowing|turn|turning|count|counting|calm|wind|cut|put|write|writing|note|jot|break|back|upside)[\s\-_]+$/u;
const DOWN_AFTER = /^[\s\-_]+(?:payment|payments|grade|grades|side|stream|load|loads|the[\s\-_]+(?:line|road|street|hall))(?![\p{L}\p{N}])/u;

/** The text before a match, cut at a word boundary so a word sliced by the window is not misread. */
function before(folded: string, index: number, width: number): string {
  const start = Math.max(0, index - width);
  const window = folded.slice(start, index);
  return start > 0 && /[\p{L}\p{N}]/u.test(folded[start - 1] ?? '') ? window.replace(/^[\p{L}\p{N}]+/u, '') : window;
}

/** Whether a keyword found at `index` is denied, describes planned work, or is "down" in another sense. */
function discounted(folded: string, index: number, phrase: string, length: number, level: PriorityLevel): boolean {
  const preceding = before(folded, index, 24);
  if (NEGATION.test(preceding)) return true;
  if (phrase === 'down' && (DOWN_BEFORE.test(preceding) || DOWN_AFTER.test(folded.slice(index + length, index + length + 24)))) return true;
  if (level !== 1) return false;
  return PLANNED.test(preceding) || PLANNED.test(folded.slice(index, index + length + 24));
}

/** The most urgent keyword in a text; the longest phrase of that level, so the most specific one is reported. */
function findKeyword(text: string): { readonly level: PriorityLevel; readonly phrase: string } | undefined {
  const folded = foldText(text);
  let best: CompiledKeyword | undefined;
  for (const keyword of COMPILED_KEYWORDS) {
    if (!folded.includes(keyword.anchor)) continue;
    const counts = [...folded.matchAll(keyword.pattern)].some((m) => !discounted(folded, m.index, keyword.phrase, m[0].length, keyword.level));
    if (!counts) continue;
    if (best === undefined || keyword.level < best.level || (keyword.level === best.level && keyword.phrase.length > best.phrase.length)) {
      best = keyword;
    }
  }
  return best === undefined ? undefined : { level: best.level, phrase: best.phrase };
}

const LEVEL_WORDS: Readonly<Record<string, PriorityLevel>> = {
  maximum: 1, maxima: 1, max: 1, high: 2, alta: 2, standard: 3, estandar: 3, low: 3, baja: 3,
};

// Bare "level 3" / "nivel 2" / "p1" are not requests: Level 3 is a carrier, "nivel 2" a floor, "p1" a port.
// "P1" counts in brackets or leading the text ("[P1] Link down", "P1: outage", "P2 link down").
const REQUESTED_LEVEL_PATTERNS: readonly RegExp[] = [
  /(?<![\p{L}\p{N}])(?:prio|priority|prioridad|sev|severity|severidad)[\s:#\-_]{0,3}([123])(?![\p{L}\p{N}])/gu,
  /(?:^\s*|[[(]\s*)p([123])(?=[\s\])\]:-]|$)/gu,
  /(?<![\p{L}\p{N}])(?:priority|prioridad)[\s:-]{0,3}(maximum|maxima|max|high|alta|standard|estandar|low|baja)(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])(maximum|max|high|standard|low)[\s-]+priority(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])(maxima|alta|estandar|baja)[\s-]+prioridad(?![\p{L}\p{N}])/gu,
];

/** The first explicit level request in a text, with the words that made it (folded: lower case, no accents). */
function findRequest(text: string): { readonly level: PriorityLevel; readonly words: string } | undefined {
  const folded = foldText(text);
  let first: { readonly index: number; readonly level: PriorityLevel; readonly words: string } | undefined;
  for (const pattern of REQUESTED_LEVEL_PATTERNS) {
    for (const match of folded.matchAll(pattern)) {
      const token = match[1] ?? '';
      const level = /^[123]$/.test(token) ? (Number(token) as PriorityLevel) : LEVEL_WORDS[token];
      if (level === undefined) continue;
      if (first === undefined || match.index < first.index) first = { index: match.index, level, words: match[0] };
      break;
    }
  }
  return first === undefined ? undefined : { level: first.level, words: first.words };
}

/**
 * Finds a level the reporter asked for in words (`P1`, `Priority 1`, `Level 2`, `Nivel 1`,
 * `Prioridad Máxima`, `prioridad alta`, `Maximum priority`, `Standard priority`), accent- and
 * case-insensitive, whole words only. When several appear, the first in the text wins (put
 * the subject before the body).
 *
 * ### Examples
 * ```ts
 * findRequestedLevel('[P1] Link down in Madrid');     // 1
 * findRequestedLevel('Solicitud con PRIORIDAD ALTA'); // 2
 * findRequestedLevel('Update to firmware 1.2');       // undefined
 * ```
 */
export function findRequestedLevel(text: string): PriorityLevel | undefined {
  return findRequest(text)?.level;
}

/** Where the effective level came from. */
export type PrioritySource = 'requested' | 'category' | 'keyword' | 'default';

/** What is known about a request when its level is decided. */
export interface PriorityInput {
  /** The level the reporter chose; when absent, explicit level words in `text` count as a request. */
  readonly requestedLevel?: PriorityLevel;
  readonly category?: TicketCategory;
  /** Subject and body, subject first. */
  readonly text?: string;
}

/** Validates priority input from the API. */
export const PriorityInputSchema = z.object({
  requestedLevel: PriorityLevelSchema.optional(),
  category: TicketCategorySchema.optional(),
  text: z.string().max(1_000_000).optional(),
});

/** The effective level and why. */
export interface PriorityDecision {
  readonly level: PriorityLevel;
  readonly source: PrioritySource;
  /** The request words (`P1`, or `level 1` for a chosen level), the category, or the keyword that gave the level. */
  readonly matched?: string;
  /** True when a requested level disagrees with what the category (else the keywords) suggests. */
  readonly mismatch: boolean;
  /** What the category or keywords suggest, when it differs from the requested level. */
  readonly suggestedLevel?: PriorityLevel;
}

/**
 * Decides the level of a new request, in the order the procedure implies: the level the
 * reporter asked for (chosen, or written as `P1`, `Prioridad Máxima`…), then the category,
 * then keywords in the text (the most urgent one found), then Standard (3). A request that
 * disagrees with the category (or, without a category, with the keywords) is kept but
 * flagged with the suggested level, so staff can re-triage it.
 *
 * ### Examples
 * ```ts
 * decidePriority({ text: 'Caída total del servicio en Lima' });
 * // { level: 1, source: 'keyword', matched: 'caída total del servicio', mismatch: false }
 * decidePriority({ requestedLevel: 1, category: 'ADMINISTRATIVE' });
 * // { level: 1, source: 'requested', matched: 'level 1', mismatch: true, suggestedLevel: 3 }
 * decidePriority({ text: 'Question about the contract' });
 * // { level: 3, source: 'keyword', matched: 'contract', mismatch: false }
 * ```
 */
export function decidePriority(input: PriorityInput): PriorityDecision {
  const text = input.text ?? '';
  const keyword = text === '' ? undefined : findKeyword(text);
  const fromCategory = input.category === undefined ? undefined : categoryLevel(input.category);
  const request =
    input.requestedLevel !== undefined
      ? { level: input.requestedLevel, words: `level ${input.requestedLevel}` }
      : text === ''
        ? undefined
        : findRequest(text);

  if (request !== undefined) {
    const suggested = fromCategory ?? keyword?.level;
    const mismatch = suggested !== undefined && suggested !== request.level;
    return {
      level: request.level,
      source: 'requested',
      matched: request.words,
      mismatch,
      ...(mismatch ? { suggestedLevel: suggested } : {}),
    };
  }
  if (input.category !== undefined && fromCategory !== undefined) {
    return { level: fromCategory, source: 'category', matched: input.category, mismatch: false };
  }
  if (keyword !== undefined) return { level: keyword.level, source: 'keyword', matched: keyword.phrase, mismatch: false };
  return { level: 3, source: 'default', mismatch: false };
}
