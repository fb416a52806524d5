import { describe, it, expect } from 'vitest';
import { DEFAULT_SLA_POLICY, SlaPolicySchema, describeSlaTarget, slaDeadlines } from '../src/index.js';

const received = new Date('2025-03-01T23:50:00Z');

describe('SLA deadlines', () => {
  it.each([
    [1, '2025-03-02T00:05:00.000Z'],
    [2, '2025-03-02T01:50:00.000Z'],
    [3, '2025-03-02T23:50:00.000Z'],
  ] as const)('level %i: acknowledged at once, first response by %s (24×7, across midnight)', (level, firstResponseBy) => {
    const deadlines = slaDeadlines(level, received);
    expect(deadlines.acknowledgeBy.toISOString()).toBe('2025-03-01T23:50:00.000Z');
    expect(deadlines.firstResponseBy.toISOString()).toBe(firstResponseBy);
  });

  it('counts weekends like any other day', () => {
    const saturday = new Date('2025-03-01T12:00:00Z');
    expect(slaDeadlines(3, saturday).firstResponseBy.toISOString()).toBe('2025-03-02T12:00:00.000Z');
  });

  it('follows a configured policy', () => {
    const policy = { acknowledgeMinutes: { 1: 5, 2: 10, 3: 30 }, firstResponseMinutes: { 1: 30, 2: 240, 3: 2880 } };
    const deadlines = slaDeadlines(2, received, policy);
    expect(deadlines.acknowledgeBy.toISOString()).toBe('2025-03-02T00:00:00.000Z');
    expect(deadlines.firstResponseBy.toISOString()).toBe('2025-03-02T03:50:00.000Z');
  });

  it('refuses an invalid arrival time', () => {
    expect(() => slaDeadlines(1, new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('SLA targets in words', () => {
  it.each([
    [1, 'en', '15 minutes'],
    [1, 'es', '15 minutos'],
    [2, 'en', '2 hours'],
    [2, 'es', '2 horas'],
    [3, 'en', '24 hours'],
    [3, 'es', '24 horas'],
  ] as const)('level %i in %s is %j', (level, language, words) => {
    expect(describeSlaTarget(level, language)).toBe(words);
  });

  it.each([
    [0, 'en', 'immediately'],
    [60, 'en', '1 hour'],
    [60, 'es', '1 hora'],
    [1, 'es', '1 minuto'],
    [90, 'en', '90 minutes'],
  ] as const)('%i minutes in %s is %j', (minutes, language, words) => {
    const policy = { ...DEFAULT_SLA_POLICY, firstResponseMinutes: { 1: minutes, 2: 120, 3: 1440 } };
    expect(describeSlaTarget(1, language, policy)).toBe(words);
  });
});

describe('SLA policy from configuration', () => {
  it.each([
    [DEFAULT_SLA_POLICY, true],
    [{ acknowledgeMinutes: { 1: 0, 2: 0, 3: 0 }, firstResponseMinutes: { 1: 15, 2: 120 } }, false],
    [{ acknowledgeMinutes: { 1: 0, 2: 0, 3: 0 }, firstResponseMinutes: { 1: 240, 2: 120, 3: 1440 } }, false],
    [{ acknowledgeMinutes: { 1: -1, 2: 0, 3: 0 }, firstResponseMinutes: { 1: 15, 2: 120, 3: 1440 } }, false],
    [{ acknowledgeMinutes: { 1: 0, 2: 0, 3: 0 }, firstResponseMinutes: { 1: 15.5, 2: 120, 3: 1440 } }, false],
  ])('validates %j as %s', (policy, valid) => {
    expect(SlaPolicySchema.safeParse(policy).success).toBe(valid);
  });
});
