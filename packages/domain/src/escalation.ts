/**
 * Escalations: step 2 of the procedure ("Si percibe una demora en nuestra respuesta …, puede
 * marcar uno de nuestros números de centro de llamadas / IVR … con el número de ticket").
 * A worried customer often calls twice, or calls and then clicks in the portal: repeated
 * escalations of one ticket within a short window are one escalation, so the count on the
 * ticket and the alerts to engineers reflect how often the customer was kept waiting, not
 * how often they pressed a key.
 */
import { z } from 'zod';

/** How an escalation reached us: the IVR menu, an engineer taking a call, or the partner portal/API. */
export type EscalationChannel = 'IVR' | 'PHONE' | 'PORTAL';

/** Every escalation channel. */
export const ESCALATION_CHANNELS: readonly EscalationChannel[] = ['IVR', 'PHONE', 'PORTAL'];

/** Validates an escalation channel in API input. */
export const EscalationChannelSchema = z.enum(['IVR', 'PHONE', 'PORTAL']);

/** Repeated escalations within this many minutes of the last one that counted are one escalation. */
export const DEFAULT_ESCALATION_WINDOW_MINUTES = 10;

/** What is known when a ticket is escalated. */
export interface EscalationInput {
  /** When the last escalation that counted was recorded; null when the ticket was never escalated. */
  readonly lastEscalatedAt: Date | null;
  readonly now: Date;
  /** Default 10. */
  readonly windowMinutes?: number;
}

/** A new escalation (count it, alert engineers), or a repeat of the one counted at `repeatOf`. */
export type EscalationDecision =
  | { readonly kind: 'NEW'; readonly windowEndsAt: Date }
  | { readonly kind: 'REPEAT'; readonly repeatOf: Date; readonly windowEndsAt: Date };

const MINUTE_MS = 60_000;

/**
 * Decides whether an escalation counts. The window runs from the last escalation that
 * counted, and repeats do not extend it: a customer calling every 5 minutes is counted
 * every 10 minutes, not once for ever. Store `now` as `lastEscalatedAt` only for a `NEW`
 * escalation. A `now` before `lastEscalatedAt` (clocks of two servers a little apart) is a
 * repeat.
 *
 * Throws a `RangeError` for an invalid date or a negative window.
 *
 * ### Examples
 * ```ts
 * decideEscalation({ lastEscalatedAt: null, now: new Date('2025-03-01T10:00:00Z') });
 * // { kind: 'NEW', windowEndsAt: 2025-03-01T10:10:00Z }
 * decideEscalation({ lastEscalatedAt: new Date('2025-03-01T10:00:00Z'), now: new Date('2025-03-01T10:04:00Z') });
 * // { kind: 'REPEAT', repeatOf: 2025-03-01T10:00:00Z, windowEndsAt: 2025-03-01T10:10:00Z }
 * decideEscalation({ lastEscalatedAt: new Date('2025-03-01T10:00:00Z'), now: new Date('2025-03-01T10:10:00Z') });
 * // { kind: 'NEW', windowEndsAt: 2025-03-01T10:20:00Z }
 * ```
 */
export function decideEscalation(input: EscalationInput): EscalationDecision {
  const windowMinutes = input.windowMinutes ?? DEFAULT_ESCALATION_WINDOW_MINUTES;
  if (!Number.isFinite(windowMinutes) || windowMinutes < 0) throw new RangeError('windowMinutes must be 0 or more.');
  const now = input.now.getTime();
  if (Number.isNaN(now)) throw new RangeError('now is not a valid date.');
  const window = windowMinutes * MINUTE_MS;
  if (input.lastEscalatedAt !== null) {
    const last = input.lastEscalatedAt.getTime();
    if (Number.isNaN(last)) throw new RangeError('lastEscalatedAt is not a valid date.');
    if (now < last + window) return { kind: 'REPEAT', repeatOf: new Date(last), windowEndsAt: new Date(last + window) };
  }
  return { kind: 'NEW', windowEndsAt: new Date(now + window) };
}
