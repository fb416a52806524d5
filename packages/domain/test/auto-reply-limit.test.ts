import { describe, expect, it } from 'vitest';
import {
  AutoReplyTierSchema,
  DEFAULT_AUTO_REPLY_TIERS,
  DEFAULT_DESK_WIDE_EXPLANATIONS_PER_HOUR,
  autoReplyAllowed,
  registrationExplanationAllowed,
} from '../src/index.js';

const NOW = new Date('2025-11-18T12:00:00Z');
const minutesAgo = (minutes: number): Date => new Date(NOW.getTime() - minutes * 60_000);

describe('autoReplyAllowed', () => {
  it('allows a first reply and anything under both tiers', () => {
    expect(autoReplyAllowed([], NOW)).toEqual({ allowed: true });
    expect(autoReplyAllowed(Array.from({ length: 9 }, (_, i) => minutesAgo(i)), NOW)).toEqual({ allowed: true });
  });

  it('refuses the 11th reply within 10 minutes until the oldest leaves the window', () => {
    const sent = Array.from({ length: 10 }, (_, i) => minutesAgo(i)); // 0..9 minutes ago
    expect(autoReplyAllowed(sent, NOW)).toEqual({
      allowed: false,
      tier: { max: 10, windowMinutes: 10 },
      retryAt: new Date(minutesAgo(9).getTime() + 10 * 60_000),
    });
  });

  it('does not count a send exactly one window old', () => {
    const sent = [minutesAgo(10), ...Array.from({ length: 9 }, (_, i) => minutesAgo(i))];
    expect(autoReplyAllowed(sent, NOW)).toEqual({ allowed: true });
  });

  it('refuses the 26th reply within an hour even when spread out', () => {
    const sent = Array.from({ length: 25 }, (_, i) => minutesAgo(2 + i * 2)); // 2..50 minutes ago, 4 in the last 10 min
    const decision = autoReplyAllowed(sent, NOW);
    expect(decision).toEqual({ allowed: false, tier: { max: 25, windowMinutes: 60 }, retryAt: new Date(minutesAgo(50).getTime() + 3_600_000) });
    if (!decision.allowed) expect(autoReplyAllowed(sent, decision.retryAt)).toEqual({ allowed: true });
  });

  it('reports the tier that frees up last when both are full', () => {
    const sent = [...Array.from({ length: 15 }, (_, i) => minutesAgo(20 + i)), ...Array.from({ length: 10 }, (_, i) => minutesAgo(i))];
    const decision = autoReplyAllowed(sent, NOW);
    expect(decision).toMatchObject({ allowed: false, tier: { max: 25, windowMinutes: 60 } });
  });

  it('takes custom tiers and defaults to 10/10 min and 25/hour', () => {
    expect(DEFAULT_AUTO_REPLY_TIERS).toEqual([{ max: 10, windowMinutes: 10 }, { max: 25, windowMinutes: 60 }]);
    expect(autoReplyAllowed([minutesAgo(1)], NOW, [{ max: 1, windowMinutes: 5 }])).toEqual({
      allowed: false,
      tier: { max: 1, windowMinutes: 5 },
      retryAt: minutesAgo(-4),
    });
  });

  it('still counts a send stamped in the future by a skewed clock', () => {
    expect(autoReplyAllowed([minutesAgo(-2)], NOW, [{ max: 1, windowMinutes: 5 }])).toMatchObject({ allowed: false });
  });

  it('validates limits from configuration', () => {
    expect(AutoReplyTierSchema.safeParse({ max: 10, windowMinutes: 10 }).success).toBe(true);
    expect(AutoReplyTierSchema.safeParse({ max: 0, windowMinutes: 10 }).success).toBe(false);
    expect(AutoReplyTierSchema.safeParse({ max: 1, windowMinutes: 0.5 }).success).toBe(false);
  });
});

describe('registrationExplanationAllowed', () => {
  it('allows one explanation per sender per 24 hours', () => {
    expect(registrationExplanationAllowed({ sentDeskWideLastHour: [], now: NOW })).toEqual({ allowed: true });
    expect(registrationExplanationAllowed({ lastToRecipient: null, sentDeskWideLastHour: [], now: NOW })).toEqual({ allowed: true });
    expect(registrationExplanationAllowed({ lastToRecipient: minutesAgo(23 * 60), sentDeskWideLastHour: [], now: NOW })).toMatchObject({
      allowed: false,
      limit: 'PER_RECIPIENT',
      retryAt: minutesAgo(-60),
    });
    expect(registrationExplanationAllowed({ lastToRecipient: minutesAgo(24 * 60), sentDeskWideLastHour: [], now: NOW })).toEqual({ allowed: true });
  });

  it('caps explanations desk-wide at 50 an hour, so forged senders on every message cannot make the desk spam', () => {
    expect(DEFAULT_DESK_WIDE_EXPLANATIONS_PER_HOUR).toBe(50);
    const fortyNine = Array.from({ length: 49 }, (_, i) => minutesAgo(1 + i));
    expect(registrationExplanationAllowed({ sentDeskWideLastHour: fortyNine, now: NOW })).toEqual({ allowed: true });
    const fifty = [...fortyNine, minutesAgo(0.5)];
    expect(registrationExplanationAllowed({ sentDeskWideLastHour: fifty, now: NOW })).toEqual({
      allowed: false,
      limit: 'DESK_WIDE',
      tier: { max: 50, windowMinutes: 60 },
      retryAt: minutesAgo(49 - 60),
    });
  });

  it('ignores desk-wide sends older than an hour', () => {
    const old = Array.from({ length: 80 }, (_, i) => minutesAgo(60 + i));
    expect(registrationExplanationAllowed({ sentDeskWideLastHour: old, now: NOW })).toEqual({ allowed: true });
  });

  it('takes another desk-wide cap', () => {
    expect(registrationExplanationAllowed({ sentDeskWideLastHour: [minutesAgo(30)], now: NOW, deskWideHourlyMax: 1 })).toEqual({
      allowed: false,
      limit: 'DESK_WIDE',
      tier: { max: 1, windowMinutes: 60 },
      retryAt: minutesAgo(-30),
    });
  });

  it('reports the limit that frees up last when both are full', () => {
    const full = Array.from({ length: 50 }, (_, i) => minutesAgo(i));
    expect(registrationExplanationAllowed({ lastToRecipient: minutesAgo(60), sentDeskWideLastHour: full, now: NOW })).toMatchObject({
      allowed: false,
      limit: 'PER_RECIPIENT',
      retryAt: minutesAgo(60 - 24 * 60),
    });
    expect(registrationExplanationAllowed({ lastToRecipient: minutesAgo(24 * 60 - 1), sentDeskWideLastHour: full, now: NOW })).toMatchObject({
      allowed: false,
      limit: 'DESK_WIDE',
    });
  });
});
