/**
 * SLA targets and deadlines (SPEC §2.1). Support is 24×7 ("El soporte está disponible
 * 24×7"), so deadlines are plain minutes after arrival on a round-the-clock calendar.
 * Targets are configuration; the defaults acknowledge at once and promise a first
 * engineer response in 15 minutes, 2 hours or 24 hours by level. The time of arrival
 * is an argument: the domain never reads a clock.
 */
import { z } from 'zod';
import type { Language } from './language.js';
import type { PriorityLevel } from './priority.js';

/** Minutes allowed per level, counted on a 24×7 calendar. */
export interface SlaPolicy {
  /** Until the automatic acknowledgement with the ticket number. */
  readonly acknowledgeMinutes: Readonly<Record<PriorityLevel, number>>;
  /** Until an engineer's first response. */
  readonly firstResponseMinutes: Readonly<Record<PriorityLevel, number>>;
}

/** Acknowledgement at once for every level; first response 15 min (1), 2 h (2), 24 h (3). */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  acknowledgeMinutes: { 1: 0, 2: 0, 3: 0 },
  firstResponseMinutes: { 1: 15, 2: 120, 3: 1440 },
};

const minutes = z.number().int().min(0).max(525_600);
const perLevel = z
  .object({ 1: minutes, 2: minutes, 3: minutes })
  .refine((targets) => targets[1] <= targets[2] && targets[2] <= targets[3], {
    message: 'A more urgent level may not have a longer target than a less urgent one.',
  });

/** Validates an SLA policy from configuration: whole minutes, level 1 never slower than level 2 or 3. */
export const SlaPolicySchema = z.object({ acknowledgeMinutes: perLevel, firstResponseMinutes: perLevel });

const MINUTE_MS = 60_000;

/**
 * The acknowledgement and first-response deadlines of a ticket received at `receivedAt`,
 * shown on the ticket and used to alert before a promise is broken.
 *
 * Throws a `RangeError` for an invalid date.
 *
 * ### Examples
 * ```ts
 * slaDeadlines(1, new Date('2025-03-01T23:50:00Z'));
 * // { acknowledgeBy: 2025-03-01T23:50:00Z, firstResponseBy: 2025-03-02T00:05:00Z }
 * ```
 */
export function slaDeadlines(
  level: PriorityLevel,
  receivedAt: Date,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): { readonly acknowledgeBy: Date; readonly firstResponseBy: Date } {
  const start = receivedAt.getTime();
  if (Number.isNaN(start)) throw new RangeError('receivedAt is not a valid date.');
  return {
    acknowledgeBy: new Date(start + policy.acknowledgeMinutes[level] * MINUTE_MS),
    firstResponseBy: new Date(start + policy.firstResponseMinutes[level] * MINUTE_MS),
  };
}

const UNITS: Readonly<Record<Language, { readonly minute: readonly [string, string]; readonly hour: readonly [string, string]; readonly now: string }>> = {
  en: { minute: ['minute', 'minutes'], hour: ['hour', 'hours'], now: 'immediately' },
  es: { minute: ['minuto', 'minutos'], hour: ['hora', 'horas'], now: 'de inmediato' },
};

/**
 * The first-response target of a level in words, for acknowledgements: whole hours as hours,
 * anything else in minutes.
 *
 * ### Examples
 * ```ts
 * describeSlaTarget(1, 'en'); // '15 minutes'
 * describeSlaTarget(2, 'es'); // '2 horas'
 * describeSlaTarget(3, 'en'); // '24 hours'
 * ```
 */
export function describeSlaTarget(level: PriorityLevel, language: Language, policy: SlaPolicy = DEFAULT_SLA_POLICY): string {
  const target = policy.firstResponseMinutes[level];
  const units = UNITS[language];
  if (target === 0) return units.now;
  const [count, [one, many]] = target % 60 === 0 ? [target / 60, units.hour] : [target, units.minute];
  return `${count} ${count === 1 ? one : many}`;
}
