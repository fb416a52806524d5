import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_SLA_POLICY,
  SLA_STATES,
  SLA_TARGET_KINDS,
  SlaPolicySchema,
  decideTicketTransition,
  describeSlaState,
  describeSlaTarget,
  dueSlaEvents,
  nextSlaChange,
  parseSlaPolicyOverride,
  slaDeadlines,
  slaStatus,
  updateSlaPause,
} from '../src/index.js';
import type { SlaClockInput, SlaEventRecord, SlaPause, SlaStatus, SlaTargetKind } from '../src/index.js';

const received = new Date('2025-03-01T23:50:00Z');

describe('SLA deadlines', () => {
  it.each([
    [1, '2025-03-02T00:05:00.000Z', '2025-03-02T03:50:00.000Z'],
    [2, '2025-03-02T01:50:00.000Z', '2025-03-03T23:50:00.000Z'],
    [3, '2025-03-02T23:50:00.000Z', '2025-03-11T23:50:00.000Z'],
  ] as const)('level %i: acknowledged at once, first response by %s, resolution by %s (24×7, across midnight)', (level, firstResponseBy, resolutionBy) => {
    const deadlines = slaDeadlines(level, received);
    expect(deadlines.acknowledgeBy.toISOString()).toBe('2025-03-01T23:50:00.000Z');
    expect(deadlines.firstResponseBy.toISOString()).toBe(firstResponseBy);
    expect(deadlines.resolutionBy.toISOString()).toBe(resolutionBy);
  });

  it('counts weekends like any other day', () => {
    const saturday = new Date('2025-03-01T12:00:00Z');
    expect(slaDeadlines(3, saturday).firstResponseBy.toISOString()).toBe('2025-03-02T12:00:00.000Z');
  });

  it('follows a configured policy, also one that sets only acknowledgement and first response', () => {
    const policy = { acknowledgeMinutes: { 1: 5, 2: 10, 3: 30 }, firstResponseMinutes: { 1: 30, 2: 240, 3: 2880 } };
    const deadlines = slaDeadlines(2, received, policy);
    expect(deadlines.acknowledgeBy.toISOString()).toBe('2025-03-02T00:00:00.000Z');
    expect(deadlines.firstResponseBy.toISOString()).toBe('2025-03-02T03:50:00.000Z');
    expect(deadlines.resolutionBy.toISOString()).toBe('2025-03-03T23:50:00.000Z');
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
  const with_ = (change: Record<string, unknown>): Record<string, unknown> => ({ ...DEFAULT_SLA_POLICY, ...change });
  it.each([
    ['the defaults', DEFAULT_SLA_POLICY, true],
    ['a level missing', with_({ firstResponseMinutes: { 1: 15, 2: 120 } }), false],
    ['level 1 slower than level 2', with_({ firstResponseMinutes: { 1: 240, 2: 120, 3: 1440 } }), false],
    ['negative minutes', with_({ acknowledgeMinutes: { 1: -1, 2: 0, 3: 0 } }), false],
    ['fractional minutes', with_({ firstResponseMinutes: { 1: 15.5, 2: 120, 3: 1440 } }), false],
    ['no periodic update at level 1 but one at level 2', with_({ periodicUpdateMinutes: { 1: null, 2: 480, 3: null } }), false],
    ['no periodic update at all', with_({ periodicUpdateMinutes: { 1: null, 2: null, 3: null } }), true],
    ['a resolution due before the first response', with_({ resolutionMinutes: { 1: 10, 2: 2880, 3: 14_400 } }), false],
    ['at risk at 0 %', with_({ atRiskPercent: 0 }), false],
    ['at risk at 101 %', with_({ atRiskPercent: 101 }), false],
    ['at risk at 100 %', with_({ atRiskPercent: 100 }), true],
    ['an unknown setting', with_({ firstResponse: 10 }), false],
    ['the periodic update left out', { ...with_({}), periodicUpdateMinutes: undefined }, false],
  ])('%s: valid %s', (_name, policy, valid) => {
    expect(SlaPolicySchema.safeParse(policy).success).toBe(valid);
  });
});

describe('a partial SLA policy from NOCDESK_SLA', () => {
  it('blank means the defaults', () => {
    expect(parseSlaPolicyOverride('  ')).toEqual({ ok: true, policy: DEFAULT_SLA_POLICY });
  });

  it('changes only what it names, level by level', () => {
    const parsed = parseSlaPolicyOverride('{"firstResponseMinutes":{"1":10},"periodicUpdateMinutes":{"2":240},"atRiskPercent":75}');
    expect(parsed).toEqual({
      ok: true,
      policy: {
        ...DEFAULT_SLA_POLICY,
        firstResponseMinutes: { 1: 10, 2: 120, 3: 1440 },
        periodicUpdateMinutes: { 1: 60, 2: 240, 3: null },
        atRiskPercent: 75,
      },
    });
  });

  it('can give level 3 a periodic update, or take one away with null', () => {
    const parsed = parseSlaPolicyOverride('{"periodicUpdateMinutes":{"2":null,"3":null}}');
    expect(parsed.ok && parsed.policy.periodicUpdateMinutes).toEqual({ 1: 60, 2: null, 3: null });
    const added = parseSlaPolicyOverride('{"periodicUpdateMinutes":{"3":1440}}');
    expect(added.ok && added.policy.periodicUpdateMinutes).toEqual({ 1: 60, 2: 480, 3: 1440 });
  });

  it.each([
    ['{"firstResponseMinutes":{"1":10}', /^Not valid JSON: /],
    ['[1, 2]', /^Expected a JSON object of SLA settings/],
    ['{"firstResponse":{"1":10}}', /^Unknown setting "firstResponse"; expected acknowledgeMinutes, firstResponseMinutes, /],
    ['{"firstResponseMinutes":{"4":10}}', /^firstResponseMinutes: Unknown setting "4"; expected 1, 2, 3\.$/],
    ['{"firstResponseMinutes":{"1":"10"}}', /^firstResponseMinutes\.1: Expected a number of minutes\.$/],
    ['{"resolutionMinutes":{"2":90.5}}', /^resolutionMinutes\.2: Expected whole minutes, not a fraction\.$/],
    ['{"atRiskPercent":120}', /^atRiskPercent: Expected a percentage from 1 to 100\.$/],
    ['{"firstResponseMinutes":{"2":5}}', /^firstResponseMinutes: A more urgent level may not have a longer target than a less urgent one\.$/],
    ['{"resolutionMinutes":{"1":10}}', /^resolutionMinutes\.1: Level 1 would have to be resolved before its first response is due\.$/],
  ])('%s is refused naming the setting', (text, issue) => {
    const parsed = parseSlaPolicyOverride(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]).toMatch(issue);
  });

  it('lists every problem at once', () => {
    const parsed = parseSlaPolicyOverride('{"firstResponseMinutes":{"1":-5,"2":"x"},"atRiskPercent":0}');
    expect(parsed.ok ? [] : parsed.issues).toHaveLength(3);
  });

  it('merges onto another base policy', () => {
    const base = { ...DEFAULT_SLA_POLICY, atRiskPercent: 90 };
    const parsed = parseSlaPolicyOverride('{"acknowledgeMinutes":{"3":5}}', base);
    expect(parsed.ok && parsed.policy).toMatchObject({ atRiskPercent: 90, acknowledgeMinutes: { 1: 0, 2: 0, 3: 5 } });
  });
});

const T0 = Date.parse('2025-03-01T10:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (offsetMs: number): Date => new Date(T0 + offsetMs);

/** A level-1 ticket received at T0, nothing done yet, looked at when it arrives. */
function ticket(changes: Partial<SlaClockInput> = {}): SlaClockInput {
  return {
    level: 1,
    receivedAt: at(0),
    status: 'OPEN',
    firstRespondedAt: null,
    lastPublicReplyAt: null,
    resolvedAt: null,
    pausedMs: 0,
    pausedSince: null,
    now: at(0),
    ...changes,
  };
}

/** Answered (first public reply) at `repliedAt`, in progress. */
function answered(repliedAt: number, changes: Partial<SlaClockInput> = {}): SlaClockInput {
  return ticket({ status: 'IN_PROGRESS', firstRespondedAt: at(repliedAt), lastPublicReplyAt: at(repliedAt), ...changes });
}

function targetOf(status: SlaStatus, kind: SlaTargetKind) {
  return status.targets.find((target) => target.target === kind);
}

describe('every level\'s targets', () => {
  it.each([
    [1, 15 * MIN, 60 * MIN, 4 * HOUR],
    [2, 2 * HOUR, 8 * HOUR, 2 * DAY],
    [3, 24 * HOUR, null, 10 * DAY],
  ] as const)('level %i: first response after %i ms, updates every %s ms, resolution after %i ms', (level, firstResponse, update, resolution) => {
    const open = slaStatus(ticket({ level }));
    expect(targetOf(open, 'FIRST_RESPONSE')?.dueAt).toEqual(at(firstResponse));
    expect(targetOf(open, 'RESOLUTION')?.dueAt).toEqual(at(resolution));
    expect(targetOf(open, 'PERIODIC_UPDATE')).toBeUndefined();
    expect(open).toMatchObject({ slaState: 'ON_TRACK', target: 'FIRST_RESPONSE', dueAt: at(firstResponse), remainingMs: firstResponse });

    const replied = slaStatus(answered(5 * MIN, { level, now: at(5 * MIN) }));
    expect(targetOf(replied, 'FIRST_RESPONSE')).toMatchObject({ met: true, active: false, state: 'ON_TRACK' });
    expect(targetOf(replied, 'PERIODIC_UPDATE')?.dueAt).toEqual(update === null ? undefined : at(5 * MIN + update));
    expect(replied.target).toBe(update === null ? 'RESOLUTION' : 'PERIODIC_UPDATE');
  });
});

describe('at risk and breached', () => {
  it.each([
    [11 * MIN + 59_999, 'ON_TRACK'],
    [12 * MIN, 'AT_RISK'],
    [15 * MIN - 1, 'AT_RISK'],
    [15 * MIN, 'BREACHED'],
  ] as const)('a level-1 first response %i ms after arrival is %s (at risk at 80 %%)', (elapsed, state) => {
    expect(slaStatus(ticket({ now: at(elapsed) })).slaState).toBe(state);
  });

  it('counts the time left down, and below zero once breached', () => {
    expect(slaStatus(ticket({ now: at(3 * MIN) })).remainingMs).toBe(12 * MIN);
    expect(slaStatus(ticket({ now: at(20 * MIN) }))).toMatchObject({ slaState: 'BREACHED', target: 'FIRST_RESPONSE', remainingMs: -5 * MIN });
  });

  it('follows a configured at-risk percentage', () => {
    const policy = { ...DEFAULT_SLA_POLICY, atRiskPercent: 50 };
    expect(slaStatus(ticket({ now: at(7 * MIN + 30_000) }), policy).slaState).toBe('AT_RISK');
    expect(slaStatus(ticket({ now: at(7 * MIN) }), policy).slaState).toBe('ON_TRACK');
  });

  it('shows the resolution at risk even when an update falls due sooner', () => {
    // Level 1: resolution at risk from 13:12; an update was given at 12:50, so the next is due at 13:50.
    const state = slaStatus(answered(170 * MIN, { firstRespondedAt: at(5 * MIN), now: at(195 * MIN) }));
    expect(targetOf(state, 'PERIODIC_UPDATE')?.state).toBe('ON_TRACK');
    expect(state).toMatchObject({ slaState: 'AT_RISK', target: 'RESOLUTION', dueAt: at(4 * HOUR) });
  });

  it('judges a met first response by when it came', () => {
    const late = slaStatus(answered(20 * MIN, { now: at(30 * MIN) }));
    expect(targetOf(late, 'FIRST_RESPONSE')).toMatchObject({ met: true, state: 'BREACHED', remainingMs: -5 * MIN });
  });

  it('changing the level recomputes the deadlines', () => {
    const standard = ticket({ level: 3, now: at(3 * HOUR) });
    expect(slaStatus(standard).slaState).toBe('ON_TRACK');
    expect(slaStatus({ ...standard, level: 1 })).toMatchObject({ slaState: 'BREACHED', target: 'FIRST_RESPONSE', dueAt: at(15 * MIN) });
  });
});

describe('resolved and closed tickets', () => {
  it.each(['RESOLVED', 'CLOSED'] as const)('a %s ticket has nothing active and is on track', (status) => {
    const state = slaStatus(answered(10 * MIN, { status, resolvedAt: at(2 * HOUR), now: at(9 * HOUR) }));
    expect(state).toMatchObject({ slaState: 'ON_TRACK', target: null, dueAt: null, remainingMs: null });
    expect(state.targets.every((target) => !target.active)).toBe(true);
    expect(targetOf(state, 'RESOLUTION')).toMatchObject({ met: true, state: 'ON_TRACK', remainingMs: 2 * HOUR });
    expect(targetOf(state, 'PERIODIC_UPDATE')).toBeUndefined();
  });
});

describe('pauses while waiting for the customer', () => {
  // Level 2, answered at 10:30 asking the customer something; waiting since 11:00.
  const waiting = (level: 1 | 2 | 3, now: number): SlaClockInput =>
    answered(30 * MIN, { level, status: 'WAITING_CUSTOMER', pausedSince: at(HOUR), now: at(now) });

  it('moves the level-2 resolution deadline with the pause and freezes the time left', () => {
    const after5h = slaStatus(waiting(2, 5 * HOUR));
    const after9h = slaStatus(waiting(2, 9 * HOUR));
    expect(after5h.paused).toBe(true);
    expect(targetOf(after5h, 'RESOLUTION')).toMatchObject({ paused: true, dueAt: at(2 * DAY + 4 * HOUR) });
    expect(targetOf(after9h, 'RESOLUTION')?.dueAt).toEqual(at(2 * DAY + 8 * HOUR));
    expect(targetOf(after9h, 'RESOLUTION')?.remainingMs).toBe(targetOf(after5h, 'RESOLUTION')?.remainingMs);
    expect(after9h.slaState).toBe('ON_TRACK');
  });

  it('holds the level-2 periodic update too, so a long wait does not breach it', () => {
    const state = slaStatus(waiting(2, 20 * HOUR));
    expect(targetOf(state, 'PERIODIC_UPDATE')).toMatchObject({ paused: true, state: 'ON_TRACK', remainingMs: 7.5 * HOUR });
  });

  it('never pauses level 1', () => {
    const state = slaStatus(waiting(1, 5 * HOUR));
    expect(state.paused).toBe(false);
    expect(targetOf(state, 'RESOLUTION')).toMatchObject({ paused: false, dueAt: at(4 * HOUR), state: 'BREACHED' });
    expect(state).toMatchObject({ slaState: 'BREACHED', target: 'PERIODIC_UPDATE', dueAt: at(90 * MIN) });
  });

  it('keeps paused time once the customer answers', () => {
    const resumed = slaStatus(answered(30 * MIN, { level: 2, pausedMs: 4 * HOUR, resumedAt: at(5 * HOUR), now: at(6 * HOUR) }));
    expect(targetOf(resumed, 'RESOLUTION')).toMatchObject({ paused: false, dueAt: at(2 * DAY + 4 * HOUR) });
    expect(targetOf(resumed, 'PERIODIC_UPDATE')?.dueAt).toEqual(at(13 * HOUR));
  });

  it('a breach before the pause stays a breach', () => {
    const state = slaStatus(ticket({ level: 2, status: 'WAITING_CUSTOMER', pausedSince: at(3 * HOUR), now: at(10 * HOUR) }));
    expect(state).toMatchObject({ slaState: 'BREACHED', target: 'FIRST_RESPONSE', remainingMs: -HOUR, paused: true });
  });
});

describe('pause bookkeeping for the store', () => {
  const none: SlaPause = { pausedMs: 0, pausedSince: null };

  it('starts a pause when a level-2 ticket waits for the customer and adds it up when the customer answers', () => {
    const paused = updateSlaPause(none, 'WAITING_CUSTOMER', 2, at(HOUR));
    expect(paused).toEqual({ pausedMs: 0, pausedSince: at(HOUR), resumedAt: null });
    expect(updateSlaPause(paused, 'WAITING_CUSTOMER', 2, at(2 * HOUR))).toEqual(paused);
    expect(updateSlaPause(paused, 'IN_PROGRESS', 2, at(5 * HOUR))).toEqual({ pausedMs: 4 * HOUR, pausedSince: null, resumedAt: at(5 * HOUR) });
  });

  it('never pauses level 1, and a level raised to 1 while waiting ends the pause', () => {
    expect(updateSlaPause(none, 'WAITING_CUSTOMER', 1, at(HOUR))).toEqual({ pausedMs: 0, pausedSince: null, resumedAt: null });
    const paused = updateSlaPause(none, 'WAITING_CUSTOMER', 3, at(HOUR));
    expect(updateSlaPause(paused, 'WAITING_CUSTOMER', 1, at(3 * HOUR))).toEqual({ pausedMs: 2 * HOUR, pausedSince: null, resumedAt: at(3 * HOUR) });
  });

  it('stops the clocks while resolved, so a reopened ticket resumes its resolution clock where it stopped', () => {
    const resolved = updateSlaPause(none, 'RESOLVED', 1, at(2 * HOUR));
    const reopened = updateSlaPause(resolved, 'IN_PROGRESS', 1, at(3 * DAY));
    expect(reopened).toEqual({ pausedMs: 3 * DAY - 2 * HOUR, pausedSince: null, resumedAt: at(3 * DAY) });
    const state = slaStatus(answered(10 * MIN, { lastPublicReplyAt: at(2 * HOUR), ...reopened, now: at(3 * DAY + 30 * MIN) }));
    expect(targetOf(state, 'RESOLUTION')).toMatchObject({ state: 'ON_TRACK', dueAt: at(3 * DAY + 2 * HOUR) });
    expect(targetOf(state, 'PERIODIC_UPDATE')).toMatchObject({ state: 'ON_TRACK', dueAt: at(3 * DAY + HOUR) });
  });
});

describe('regressions from other service desks', () => {
  it('restarts the periodic update from the last public reply (Zammad #3140, #5177: the update clock did not restart)', () => {
    // Level 1: first answer at 10:05, another public reply at 10:50: the next update is due at 11:50, not 11:05.
    const reply = decideTicketTransition({ status: 'IN_PROGRESS', assignee: 'eng-ana', action: { kind: 'REPLY' }, actor: { kind: 'ENGINEER', id: 'eng-ana' } });
    expect(reply.ok && reply.restartsPeriodicUpdate).toBe(true);
    const state = slaStatus(answered(5 * MIN, { lastPublicReplyAt: at(50 * MIN), now: at(70 * MIN) }));
    expect(targetOf(state, 'PERIODIC_UPDATE')).toMatchObject({ state: 'ON_TRACK', dueAt: at(110 * MIN), windowStart: at(50 * MIN) });
    expect(slaStatus(answered(5 * MIN, { lastPublicReplyAt: at(50 * MIN), now: at(110 * MIN) })).slaState).toBe('BREACHED');
  });

  it('an internal note does not restart the update clock', () => {
    const note = decideTicketTransition({ status: 'IN_PROGRESS', assignee: 'eng-ana', action: { kind: 'NOTE' }, actor: { kind: 'ENGINEER', id: 'eng-ana' } });
    expect(note.ok && note.restartsPeriodicUpdate).toBe(false);
  });

  it('a reply that resolves the ticket in one step stops the first-response clock (Zammad #3551)', () => {
    const step = decideTicketTransition({ status: 'OPEN', assignee: null, action: { kind: 'REPLY', status: 'RESOLVED' }, actor: { kind: 'ENGINEER', id: 'eng-ana' } });
    expect(step.ok && step.countsAsFirstResponse).toBe(true);
    const after = ticket({ status: 'RESOLVED', firstRespondedAt: at(10 * MIN), lastPublicReplyAt: at(10 * MIN), resolvedAt: at(10 * MIN), pausedSince: at(10 * MIN), now: at(20 * MIN) });
    const state = slaStatus(after);
    expect(targetOf(state, 'FIRST_RESPONSE')).toMatchObject({ met: true, active: false, state: 'ON_TRACK' });
    expect(state).toMatchObject({ slaState: 'ON_TRACK', target: null });
    expect(dueSlaEvents(after, [])).toEqual([]);
  });
});

describe('events for the scheduler', () => {
  const record = (events: readonly SlaEventRecord[]): SlaEventRecord[] => events.map(({ kind, target, windowStart }) => ({ kind, target, windowStart }));

  it('fires at-risk and then breach once each', () => {
    const recorded: SlaEventRecord[] = [];
    const seen: string[] = [];
    for (let minute = 0; minute <= 30; minute += 1) {
      const due = dueSlaEvents(ticket({ now: at(minute * MIN) }), recorded);
      recorded.push(...record(due));
      seen.push(...due.map((event) => `${minute}:${event.kind}:${event.target}`));
    }
    expect(seen).toEqual(['12:SLA_AT_RISK:FIRST_RESPONSE', '15:SLA_BREACHED:FIRST_RESPONSE']);
  });

  it('says when the threshold was crossed and the deadline', () => {
    expect(dueSlaEvents(ticket({ now: at(13 * MIN) }), [])).toEqual([
      { kind: 'SLA_AT_RISK', target: 'FIRST_RESPONSE', windowStart: at(0), at: at(12 * MIN), dueAt: at(15 * MIN) },
    ]);
  });

  it('a scheduler that looks late sends the breach only, not a late warning', () => {
    const due = dueSlaEvents(ticket({ now: at(40 * MIN) }), []);
    expect(due.map((event) => event.kind)).toEqual(['SLA_BREACHED']);
    expect(dueSlaEvents(ticket({ now: at(40 * MIN) }), record(due))).toEqual([]);
  });

  it('each periodic-update window gets its own events', () => {
    const first = answered(5 * MIN, { now: at(70 * MIN) });
    const firstDue = dueSlaEvents(first, []);
    expect(firstDue).toMatchObject([{ kind: 'SLA_BREACHED', target: 'PERIODIC_UPDATE', windowStart: at(5 * MIN) }]);
    const later = answered(5 * MIN, { lastPublicReplyAt: at(80 * MIN), now: at(150 * MIN) });
    expect(dueSlaEvents(later, record(firstDue))).toMatchObject([{ kind: 'SLA_BREACHED', target: 'PERIODIC_UPDATE', windowStart: at(80 * MIN) }]);
  });

  it('fires nothing for a resolved ticket or for what was met in time', () => {
    expect(dueSlaEvents(answered(5 * MIN, { status: 'RESOLVED', resolvedAt: at(6 * HOUR), now: at(7 * HOUR) }), [])).toEqual([]);
    expect(dueSlaEvents(answered(5 * MIN, { now: at(10 * MIN) }), [])).toEqual([]);
  });

  it('never fires an event twice, however often the scheduler looks (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<1 | 2 | 3>(1, 2, 3),
        fc.array(fc.integer({ min: 0, max: 12 * DAY }), { minLength: 1, maxLength: 30 }),
        (level, looks) => {
          const recorded: SlaEventRecord[] = [];
          for (const look of [...looks].sort((a, b) => a - b)) recorded.push(...record(dueSlaEvents(ticket({ level, now: at(look) }), recorded)));
          const keys = recorded.map((event) => `${event.kind}/${event.target}/${event.windowStart.toISOString()}`);
          expect(new Set(keys).size).toBe(keys.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('when the scheduler should look again', () => {
  it('is the next at-risk or breach moment', () => {
    expect(nextSlaChange(ticket())).toEqual(at(12 * MIN));
    expect(nextSlaChange(ticket({ now: at(12 * MIN) }))).toEqual(at(15 * MIN));
    expect(nextSlaChange(ticket({ now: at(15 * MIN) }))).toEqual(at(192 * MIN));
  });

  it('is never while everything is paused or resolved', () => {
    expect(nextSlaChange(answered(30 * MIN, { level: 2, status: 'WAITING_CUSTOMER', pausedSince: at(HOUR), now: at(2 * HOUR) }))).toBeNull();
    expect(nextSlaChange(answered(30 * MIN, { status: 'RESOLVED', resolvedAt: at(HOUR), now: at(2 * HOUR) }))).toBeNull();
  });

  it('matches the moments the state really changes (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom<1 | 2 | 3>(1, 2, 3), fc.integer({ min: 0, max: 11 * DAY }), (level, now) => {
        const input = ticket({ level, now: at(now) });
        const next = nextSlaChange(input);
        if (next === null) return;
        const before = slaStatus({ ...input, now: new Date(next.getTime() - 1) });
        const atNext = slaStatus({ ...input, now: next });
        const states = (status: SlaStatus) => status.targets.map((target) => target.state).join();
        expect(states(before)).not.toBe(states(atNext));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the SLA state in words, for the IVR', () => {
  it.each([
    [{ slaState: 'ON_TRACK', target: 'FIRST_RESPONSE', remainingMs: 12 * MIN + 40_000, paused: false }, 'on track: first response due in 12 minutes', 'en plazo: primera respuesta en 12 minutos'],
    [{ slaState: 'AT_RISK', target: 'FIRST_RESPONSE', remainingMs: MIN, paused: false }, 'at risk: first response due in 1 minute', 'en riesgo: primera respuesta en 1 minuto'],
    [{ slaState: 'BREACHED', target: 'FIRST_RESPONSE', remainingMs: -5 * MIN, paused: false }, 'breached: the first response is 5 minutes late', 'vencido: la primera respuesta lleva 5 minutos de retraso'],
    [{ slaState: 'BREACHED', target: 'FIRST_RESPONSE', remainingMs: 0, paused: false }, 'breached: the first response is less than a minute late', 'vencido: la primera respuesta lleva menos de un minuto de retraso'],
    [{ slaState: 'ON_TRACK', target: 'PERIODIC_UPDATE', remainingMs: 90 * MIN, paused: false }, 'on track: next update due in 1 hour and 30 minutes', 'en plazo: próxima actualización en 1 hora y 30 minutos'],
    [{ slaState: 'BREACHED', target: 'PERIODIC_UPDATE', remainingMs: -2 * HOUR, paused: false }, 'breached: the next update is 2 hours late', 'vencido: la próxima actualización lleva 2 horas de retraso'],
    [{ slaState: 'ON_TRACK', target: 'RESOLUTION', remainingMs: 2 * DAY + 3 * HOUR + 20 * MIN, paused: true }, 'on track: resolution due in 2 days and 3 hours; the clock is paused while we wait for the customer', 'en plazo: resolución en 2 días y 3 horas; el plazo está en pausa mientras esperamos al cliente'],
    [{ slaState: 'BREACHED', target: 'RESOLUTION', remainingMs: -DAY, paused: false }, 'breached: the resolution is 1 day late', 'vencido: la resolución lleva 1 día de retraso'],
    [{ slaState: 'ON_TRACK', target: null, remainingMs: null, paused: false }, 'on track: nothing is due', 'en plazo: nada pendiente'],
  ] as const)('%j', (status, english, spanish) => {
    expect(describeSlaState(status, 'en')).toBe(english);
    expect(describeSlaState(status, 'es')).toBe(spanish);
  });

  it('speaks a computed state', () => {
    expect(describeSlaState(slaStatus(ticket({ now: at(3 * MIN) })), 'en')).toBe('on track: first response due in 12 minutes');
  });

  it('says the same numbers in both languages (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SLA_STATES),
        fc.constantFrom(...SLA_TARGET_KINDS),
        fc.integer({ min: -30 * DAY, max: 30 * DAY }),
        fc.boolean(),
        (slaState, target, remainingMs, paused) => {
          const status = { slaState, target, remainingMs, paused };
          const numbers = (text: string) => text.match(/\d+/g) ?? [];
          expect(numbers(describeSlaState(status, 'es'))).toEqual(numbers(describeSlaState(status, 'en')));
          expect(describeSlaState(status, 'es').includes('pausa')).toBe(paused);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('invalid input', () => {
  it('refuses invalid times rather than guessing', () => {
    expect(() => slaStatus(ticket({ now: new Date(Number.NaN) }))).toThrow(RangeError);
    expect(() => slaStatus(ticket({ firstRespondedAt: new Date('nope') }))).toThrow(RangeError);
    expect(() => slaStatus(ticket({ pausedMs: -1 }))).toThrow(RangeError);
  });
});
