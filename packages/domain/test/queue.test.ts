import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compareQueueOrder, nextToOffer } from '../src/index.js';
import type { PriorityLevel, QueueEntry } from '../src/index.js';

const at = (time: string): Date => new Date(`2025-03-01T${time}:00Z`);

describe('queue order', () => {
  it.each([
    ['a more urgent level first, even received later', { level: 1, receivedAt: at('10:00'), number: '280' }, { level: 2, receivedAt: at('09:00'), number: '191' }],
    ['the earlier received within a level', { level: 2, receivedAt: at('09:00'), number: '280' }, { level: 2, receivedAt: at('09:01'), number: '191' }],
    ['the lower number when received together', { level: 3, receivedAt: at('09:00'), number: '191' }, { level: 3, receivedAt: at('09:00'), number: '280' }],
    ['a shorter number before a longer one', { level: 3, receivedAt: at('09:00'), number: '980' }, { level: 3, receivedAt: at('09:00'), number: '1000426' }],
  ] as const)('puts %s', (_rule, first, second) => {
    expect(compareQueueOrder(first, second)).toBeLessThan(0);
    expect(compareQueueOrder(second, first)).toBeGreaterThan(0);
  });

  it('never sorts a level-2 ticket before an open level-1 ticket', () => {
    const entry = fc.record({
      level: fc.constantFrom<PriorityLevel>(1, 2, 3),
      receivedAt: fc.date({ min: at('00:00'), max: at('23:59'), noInvalidDate: true }),
      number: fc.integer({ min: 1, max: 10_000_000 }).map(String),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries: QueueEntry[]) => {
        const sorted = [...entries].sort(compareQueueOrder);
        for (let index = 1; index < sorted.length; index += 1) {
          expect((sorted[index - 1]?.level ?? 0) <= (sorted[index]?.level ?? 0)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the next ticket to offer', () => {
  it('offers an unassigned level-1 ticket before an older level-2 one', () => {
    const open = [
      { level: 2, receivedAt: at('08:00'), number: '191' },
      { level: 1, receivedAt: at('10:00'), number: '280' },
      { level: 3, receivedAt: at('07:00'), number: '370' },
    ] as const;
    expect(nextToOffer(open)?.number).toBe('280');
  });

  it('skips assigned tickets', () => {
    const open = [
      { level: 1, receivedAt: at('10:00'), number: '280', assigned: true },
      { level: 2, receivedAt: at('11:00'), number: '464' },
      { level: 2, receivedAt: at('10:30'), number: '553', assigned: true },
    ] as const;
    expect(nextToOffer(open)?.number).toBe('464');
  });

  it('offers nothing when every ticket is taken', () => {
    expect(nextToOffer([{ level: 1, receivedAt: at('10:00'), number: '280', assigned: true }])).toBeUndefined();
    expect(nextToOffer([])).toBeUndefined();
  });
});
