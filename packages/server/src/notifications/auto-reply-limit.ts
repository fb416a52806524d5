// Rate limits for automatic replies, so a misbehaving sender (or a loop our other
// checks missed) cannot make the desk send mail without bound. Pure: the caller
// passes the send history and the time.

/** At most `max` automatic replies to one recipient within any `windowMinutes`. */
export interface AutoReplyTier {
  readonly max: number;
  readonly windowMinutes: number;
}

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

const MINUTE_MS = 60_000;

/**
 * Whether one more automatic reply may go to a recipient who was already sent
 * replies at `sentAt`. When a tier is full, `retryAt` is the moment enough of
 * its sends have left the window; with several full tiers, the latest wins.
 */
export function autoReplyAllowed(
  sentAt: readonly Date[],
  now: Date,
  tiers: readonly AutoReplyTier[] = DEFAULT_AUTO_REPLY_TIERS,
): AutoReplyDecision {
  const times = sentAt.map((date) => date.getTime()).sort((a, b) => a - b);
  let blocked: { tier: AutoReplyTier; retryAt: number } | undefined;
  for (const tier of tiers) {
    const windowMs = tier.windowMinutes * MINUTE_MS;
    // A send exactly one window ago has left it; sends stamped in the future (clock skew) still count.
    const inWindow = times.filter((time) => time > now.getTime() - windowMs);
    if (inWindow.length < tier.max) continue;
    // The window must shed (count - max + 1) sends before one more fits.
    const releasing = inWindow[inWindow.length - tier.max] ?? now.getTime();
    const retryAt = releasing + windowMs;
    if (!blocked || retryAt > blocked.retryAt) blocked = { tier, retryAt };
  }
  return blocked ? { allowed: false, tier: blocked.tier, retryAt: new Date(blocked.retryAt) } : { allowed: true };
}

/** Whether a sender may get the "how to get registered" explanation: at most one per 24 hours. */
export function registrationExplanationAllowed(lastSentAt: Date | undefined, now: Date): AutoReplyDecision {
  return autoReplyAllowed(lastSentAt ? [lastSentAt] : [], now, [REGISTRATION_EXPLANATION_TIER]);
}
