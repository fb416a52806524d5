/**
 * Rate limits for automatic replies (SPEC §3: "auto-replies … are rate-limited per sender"),
 * so a misbehaving sender, a loop our other checks missed, or a flood of forged senders cannot
 * make the desk send mail without bound. Pure: the caller passes the send history and the time.
 */
import { z } from 'zod';

/** At most `max` automatic replies within any `windowMinutes`. */
export interface AutoReplyTier {
  readonly max: number;
  readonly windowMinutes: number;
}

/** Validates a limit from configuration: at least one reply, a window of at least a minute and at most a week. */
export const AutoReplyTierSchema = z.object({
  max: z.number().int().min(1),
  windowMinutes: z.number().int().min(1).max(7 * 24 * 60),
});

/** Whether one more automatic reply may go; when not, which limit is full and when it frees up. */
export type AutoReplyDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly tier: AutoReplyTier; readonly retryAt: Date };

/** A burst limit and an hourly limit per recipient. */
export const DEFAULT_AUTO_REPLY_TIERS: readonly AutoReplyTier[] = [
  { max: 10, windowMinutes: 10 },
  { max: 25, windowMinutes: 60 },
];

/** One registration explanation per sender per day: it says the same thing every time. */
export const REGISTRATION_EXPLANATION_TIER: AutoReplyTier = { max: 1, windowMinutes: 24 * 60 };

/** Registration explanations the whole desk may send in an hour, whoever they go to. */
export const DEFAULT_DESK_WIDE_EXPLANATIONS_PER_HOUR = 50;

const MINUTE_MS = 60_000;

/**
 * Whether one more automatic reply may go to a recipient who was already sent replies at
 * `sentAt`. When a tier is full, `retryAt` is the moment enough of its sends have left the
 * window; with several full tiers, the latest wins. A send exactly one window ago has left
 * it; sends stamped in the future (clock skew between servers) still count.
 *
 * ### Examples
 * ```ts
 * const now = new Date('2025-11-18T12:00:00Z');
 * autoReplyAllowed([], now); // { allowed: true }
 * autoReplyAllowed([new Date('2025-11-18T11:59:00Z')], now, [{ max: 1, windowMinutes: 5 }]);
 * // { allowed: false, tier: { max: 1, windowMinutes: 5 }, retryAt: 2025-11-18T12:04:00Z }
 * ```
 */
export function autoReplyAllowed(
  sentAt: readonly Date[],
  now: Date,
  tiers: readonly AutoReplyTier[] = DEFAULT_AUTO_REPLY_TIERS,
): AutoReplyDecision {
  const times = sentAt.map((date) => date.getTime()).sort((a, b) => a - b);
  let blocked: { readonly tier: AutoReplyTier; readonly retryAt: number } | undefined;
  for (const tier of tiers) {
    const windowMs = tier.windowMinutes * MINUTE_MS;
    const inWindow = times.filter((time) => time > now.getTime() - windowMs);
    if (inWindow.length < tier.max) continue;
    // The window must shed (count - max + 1) sends before one more fits.
    const releasing = inWindow[inWindow.length - tier.max] ?? now.getTime();
    const retryAt = releasing + windowMs;
    if (!blocked || retryAt > blocked.retryAt) blocked = { tier, retryAt };
  }
  return blocked ? { allowed: false, tier: blocked.tier, retryAt: new Date(blocked.retryAt) } : { allowed: true };
}

/** Which registration-explanation limit is full: the recipient's daily one, or the desk's hourly one. */
export type RegistrationExplanationLimit = 'PER_RECIPIENT' | 'DESK_WIDE';

/** Whether a registration explanation may go; when not, which limit is full and when it frees up. */
export type RegistrationExplanationDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly limit: RegistrationExplanationLimit;
      readonly tier: AutoReplyTier;
      readonly retryAt: Date;
    };

/** The send history a registration-explanation decision needs; the store looks it up. */
export interface RegistrationExplanationInput {
  /** When this recipient was last sent an explanation, if ever. */
  readonly lastToRecipient?: Date | null;
  /** When the desk sent explanations to anyone during the last hour (older times are ignored). */
  readonly sentDeskWideLastHour: readonly Date[];
  readonly now: Date;
  /** The desk-wide hourly cap; default `DEFAULT_DESK_WIDE_EXPLANATIONS_PER_HOUR` (50). */
  readonly deskWideHourlyMax?: number;
}

/**
 * Whether a rejected sender may get the "how to get registered" explanation: at most one per
 * recipient per 24 hours, and at most `deskWideHourlyMax` per hour for the whole desk. The
 * per-recipient limit alone does not stop backscatter: spam with a different forged From on
 * every message would get one explanation per forged address. The desk-wide cap bounds what
 * the desk can be made to send; the messages stay kept as rejected intakes either way. When
 * both limits are full, the later `retryAt` is reported.
 *
 * ### Examples
 * ```ts
 * const now = new Date('2025-11-18T12:00:00Z');
 * registrationExplanationAllowed({ sentDeskWideLastHour: [], now }); // { allowed: true }
 * registrationExplanationAllowed({ lastToRecipient: new Date('2025-11-18T10:00:00Z'), sentDeskWideLastHour: [], now });
 * // { allowed: false, limit: 'PER_RECIPIENT', tier: { max: 1, windowMinutes: 1440 }, retryAt: 2025-11-19T10:00:00Z }
 * registrationExplanationAllowed({ sentDeskWideLastHour: [new Date('2025-11-18T11:30:00Z')], now, deskWideHourlyMax: 1 });
 * // { allowed: false, limit: 'DESK_WIDE', tier: { max: 1, windowMinutes: 60 }, retryAt: 2025-11-18T12:30:00Z }
 * ```
 */
export function registrationExplanationAllowed(input: RegistrationExplanationInput): RegistrationExplanationDecision {
  const { now } = input;
  const recipient = autoReplyAllowed(input.lastToRecipient ? [input.lastToRecipient] : [], now, [REGISTRATION_EXPLANATION_TIER]);
  const deskWideTier: AutoReplyTier = { max: input.deskWideHourlyMax ?? DEFAULT_DESK_WIDE_EXPLANATIONS_PER_HOUR, windowMinutes: 60 };
  const deskWide = autoReplyAllowed(input.sentDeskWideLastHour, now, [deskWideTier]);
  const refusals = [
    ...(recipient.allowed ? [] : [{ limit: 'PER_RECIPIENT' as const, tier: recipient.tier, retryAt: recipient.retryAt }]),
    ...(deskWide.allowed ? [] : [{ limit: 'DESK_WIDE' as const, tier: deskWide.tier, retryAt: deskWide.retryAt }]),
  ].sort((a, b) => b.retryAt.getTime() - a.retryAt.getTime());
  const [latest] = refusals;
  return latest === undefined ? { allowed: true } : { allowed: false, ...latest };
}
