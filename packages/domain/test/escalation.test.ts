import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_ESCALATION_WINDOW_MINUTES, ESCALATION_CHANNELS, EscalationChannelSchema, decideEscalation } from '../src/index.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const MIN = 60_000;
const at = (offsetMs: number): Date => new Date(T0 + offsetMs);

describe('repeated escalations within the window are one escalation', () => {
  it('the first escalation of a ticket counts', () => {
    expect(decideEscalation({ lastEscalatedAt: null, now: at(0) })).toEqual({ kind: 'NEW', windowEndsAt: at(10 * MIN) });
  });

  it.each([
    [4 * MIN, 'REPEAT'],
    [10 * MIN - 1, 'REPEAT'],
    [10 * MIN, 'NEW'],
    [3 * 60 * MIN, 'NEW'],
  ] as const)('an escalation %i ms after the last one that counted is %s', (elapsed, kind) => {
    expect(decideEscalation({ lastEscalatedAt: at(0), now: at(elapsed) }).kind).toBe(kind);
  });

  it('a repeat names the escalation it repeats and when its window ends', () => {
    expect(decideEscalation({ lastEscalatedAt: at(0), now: at(4 * MIN) })).toEqual({ kind: 'REPEAT', repeatOf: at(0), windowEndsAt: at(10 * MIN) });
  });

  it('repeats do not stretch the window: a customer calling every 5 minutes is counted every 10', () => {
    let last: Date | null = null;
    const counted: number[] = [];
    for (const minute of [0, 5, 9, 11, 15, 20, 21, 25, 31]) {
      const decision = decideEscalation({ lastEscalatedAt: last, now: at(minute * MIN) });
      if (decision.kind === 'NEW') {
        last = at(minute * MIN);
        counted.push(minute);
      }
    }
    expect(counted).toEqual([0, 11, 21, 31]);
  });

  it('a clock a little behind the server that recorded the last escalation sees a repeat', () => {
    expect(decideEscalation({ lastEscalatedAt: at(MIN), now: at(0) }).kind).toBe('REPEAT');
  });

  it('follows a configured window', () => {
    expect(decideEscalation({ lastEscalatedAt: at(0), now: at(12 * MIN), windowMinutes: 15 }).kind).toBe('REPEAT');
    expect(decideEscalation({ lastEscalatedAt: at(0), now: at(0), windowMinutes: 0 }).kind).toBe('NEW');
    expect(DEFAULT_ESCALATION_WINDOW_MINUTES).toBe(10);
  });

  it('never counts two escalations less than a window apart (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 24 * 60 * MIN }), { maxLength: 50 }), (times) => {
        let last: Date | null = null;
        const counted: number[] = [];
        for (const time of [...times].sort((a, b) => a - b)) {
          if (decideEscalation({ lastEscalatedAt: last, now: at(time) }).kind === 'NEW') {
            last = at(time);
            counted.push(time);
          }
        }
        for (let index = 1; index < counted.length; index += 1) {
          expect((counted[index] ?? 0) - (counted[index - 1] ?? 0)).toBeGreaterThanOrEqual(10 * MIN);
        }
        if (times.length > 0) expect(counted.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses invalid input rather than guessing', () => {
    expect(() => decideEscalation({ lastEscalatedAt: null, now: new Date(Number.NaN) })).toThrow(RangeError);
    expect(() => decideEscalation({ lastEscalatedAt: new Date('nope'), now: at(0) })).toThrow(RangeError);
    expect(() => decideEscalation({ lastEscalatedAt: null, now: at(0), windowMinutes: -1 })).toThrow(RangeError);
  });
});

describe('escalation channels', () => {
  it('are the IVR, a phone call to an engineer and the portal', () => {
    expect(ESCALATION_CHANNELS).toEqual(['IVR', 'PHONE', 'PORTAL']);
    expect(ESCALATION_CHANNELS.every((channel) => EscalationChannelSchema.safeParse(channel).success)).toBe(true);
    expect(EscalationChannelSchema.safeParse('EMAIL').success).toBe(false);
  });
});
