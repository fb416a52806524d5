/**
 * SLA targets, deadlines and the clock of a ticket (SPEC §2.1, §2.6). Support is 24×7
 * ("El soporte está disponible 24×7"), so deadlines are plain minutes on a round-the-clock
 * calendar. Targets are configuration; the defaults acknowledge at once, promise a first
 * engineer response in 15 minutes / 2 hours / 24 hours, an update every 60 minutes / 8 hours
 * (none at level 3) while unresolved, and a resolution in 4 hours / 2 days / 10 days.
 *
 * A ticket's SLA state derives from its level and the times the store keeps (received, first
 * response, last public reply, resolved, paused time), always at a `now` the caller passes:
 * the domain never reads a clock. Changing a level therefore needs no bookkeeping: the next
 * computation uses the new level's targets.
 */
import { z } from 'zod';
import type { Language } from './language.js';
import type { PriorityLevel } from './priority.js';
import { UNRESOLVED_TICKET_STATUSES, slaPaused } from './ticket-lifecycle.js';
import type { TicketStatus } from './ticket-lifecycle.js';

/** Minutes allowed per level, counted on a 24×7 calendar. */
export interface SlaPolicy {
  /** Until the automatic acknowledgement with the ticket number. */
  readonly acknowledgeMinutes: Readonly<Record<PriorityLevel, number>>;
  /** Until an engineer's first response. */
  readonly firstResponseMinutes: Readonly<Record<PriorityLevel, number>>;
  /** Between public updates while unresolved, once answered; null: no periodic update. Absent: the defaults. */
  readonly periodicUpdateMinutes?: Readonly<Record<PriorityLevel, number | null>>;
  /** From arrival until resolved, not counting paused time. Absent: the defaults. */
  readonly resolutionMinutes?: Readonly<Record<PriorityLevel, number>>;
  /** How much of a target may pass before the ticket is at risk, in percent (1–100). Absent: 80. */
  readonly atRiskPercent?: number;
}

/** The promises of the procedure, 24×7: see the module comment and docs/domain.md. */
export const DEFAULT_SLA_POLICY: Required<SlaPolicy> = {
  acknowledgeMinutes: { 1: 0, 2: 0, 3: 0 },
  firstResponseMinutes: { 1: 15, 2: 120, 3: 1440 },
  periodicUpdateMinutes: { 1: 60, 2: 480, 3: null },
  resolutionMinutes: { 1: 240, 2: 2880, 3: 14_400 },
  atRiskPercent: 80,
};

const MAX_MINUTES = 525_600;
const MINUTE_MS = 60_000;
const LEVEL_KEYS = ['1', '2', '3'] as const;

const minutes = z
  .number('Expected a number of minutes.')
  .int('Expected whole minutes, not a fraction.')
  .min(0, 'Expected 0 minutes or more.')
  .max(MAX_MINUTES, `Expected at most ${MAX_MINUTES} minutes (one year).`);
const minutesOrNone = z.union([minutes, z.null()], 'Expected a number of minutes, or null for none.');
const percent = z
  .number('Expected a percentage.')
  .int('Expected a whole percentage.')
  .min(1, 'Expected a percentage from 1 to 100.')
  .max(100, 'Expected a percentage from 1 to 100.');

function unknownKeys(expected: readonly string[]) {
  return (issue: { readonly code?: string; readonly keys?: readonly string[] }) =>
    issue.code === 'unrecognized_keys'
      ? `Unknown setting ${(issue.keys ?? []).map((key) => JSON.stringify(key)).join(', ')}; expected ${expected.join(', ')}.`
      : undefined;
}

/** Null (no target) counts as longer than any number of minutes. */
function notLonger(faster: number | null, slower: number | null): boolean {
  return slower === null || (faster !== null && faster <= slower);
}

function inLevelOrder(targets: Readonly<Record<PriorityLevel, number | null>>): boolean {
  return notLonger(targets[1], targets[2]) && notLonger(targets[2], targets[3]);
}
const LEVEL_ORDER = { message: 'A more urgent level may not have a longer target than a less urgent one.' };

const perLevelMinutes = z.strictObject({ 1: minutes, 2: minutes, 3: minutes }, { error: unknownKeys(LEVEL_KEYS) }).refine(inLevelOrder, LEVEL_ORDER);
const perLevelMinutesOrNone = z
  .strictObject({ 1: minutesOrNone, 2: minutesOrNone, 3: minutesOrNone }, { error: unknownKeys(LEVEL_KEYS) })
  .refine(inLevelOrder, LEVEL_ORDER);

const POLICY_KEYS = ['acknowledgeMinutes', 'firstResponseMinutes', 'periodicUpdateMinutes', 'resolutionMinutes', 'atRiskPercent'] as const;

/**
 * Validates a whole SLA policy from configuration: whole minutes up to a year, a more urgent
 * level never slower than a less urgent one, no resolution target shorter than the first
 * response, an at-risk percentage from 1 to 100, no unknown settings.
 */
export const SlaPolicySchema = z
  .strictObject(
    {
      acknowledgeMinutes: perLevelMinutes,
      firstResponseMinutes: perLevelMinutes,
      periodicUpdateMinutes: perLevelMinutesOrNone,
      resolutionMinutes: perLevelMinutes,
      atRiskPercent: percent,
    },
    { error: unknownKeys(POLICY_KEYS) },
  )
  .superRefine((policy, context) => {
    for (const key of LEVEL_KEYS) {
      if (policy.resolutionMinutes[key] < policy.firstResponseMinutes[key]) {
        context.addIssue({
          code: 'custom',
          path: ['resolutionMinutes', key],
          message: `Level ${key} would have to be resolved before its first response is due.`,
        });
      }
    }
  });

const partialMinutes = z.strictObject({ 1: minutes.optional(), 2: minutes.optional(), 3: minutes.optional() }, { error: unknownKeys(LEVEL_KEYS) });
const partialMinutesOrNone = z.strictObject(
  { 1: minutesOrNone.optional(), 2: minutesOrNone.optional(), 3: minutesOrNone.optional() },
  { error: unknownKeys(LEVEL_KEYS) },
);

/** Validates a partial policy, e.g. `{"firstResponseMinutes":{"1":10}}`: only what differs from the base. */
export const SlaPolicyOverrideSchema = z.strictObject(
  {
    acknowledgeMinutes: partialMinutes.optional(),
    firstResponseMinutes: partialMinutes.optional(),
    periodicUpdateMinutes: partialMinutesOrNone.optional(),
    resolutionMinutes: partialMinutes.optional(),
    atRiskPercent: percent.optional(),
  },
  { error: unknownKeys(POLICY_KEYS) },
);

/** What an operator may override; anything left out keeps the base policy's value. */
export type SlaPolicyOverride = z.infer<typeof SlaPolicyOverrideSchema>;

/** A policy read from configuration, or every problem found, each naming the setting (`firstResponseMinutes.2: …`). */
export type SlaPolicyParse =
  | { readonly ok: true; readonly policy: Required<SlaPolicy> }
  | { readonly ok: false; readonly issues: readonly string[] };

function issueLines(issues: readonly z.core.$ZodIssue[]): readonly string[] {
  return issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`));
}

/**
 * Reads a partial SLA policy from JSON text (the server reads it from `NOCDESK_SLA`) and merges
 * it onto `base` level by level, so an operator writes only what differs. The merged policy is
 * then checked whole, so an override that makes level 1 slower than level 2 is refused too.
 * Blank text means no override.
 *
 * ### Examples
 * ```ts
 * const parsed = parseSlaPolicyOverride('{"firstResponseMinutes":{"1":10},"atRiskPercent":75}');
 * parsed.ok && parsed.policy.firstResponseMinutes; // { 1: 10, 2: 120, 3: 1440 }
 * parseSlaPolicyOverride('{"firstResponseMinutes":{"2":5}}');
 * // { ok: false, issues: ['firstResponseMinutes: A more urgent level may not have a longer target than a less urgent one.'] }
 * ```
 */
export function parseSlaPolicyOverride(text: string, base: Required<SlaPolicy> = DEFAULT_SLA_POLICY): SlaPolicyParse {
  if (text.trim() === '') return { ok: true, policy: base };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, issues: ['Expected a JSON object of SLA settings, e.g. {"firstResponseMinutes":{"1":10}}.'] };
  }
  const override = SlaPolicyOverrideSchema.safeParse(json);
  if (!override.success) return { ok: false, issues: issueLines(override.error.issues) };
  const o = override.data;
  const merged = {
    acknowledgeMinutes: { ...base.acknowledgeMinutes, ...o.acknowledgeMinutes },
    firstResponseMinutes: { ...base.firstResponseMinutes, ...o.firstResponseMinutes },
    periodicUpdateMinutes: { ...base.periodicUpdateMinutes, ...o.periodicUpdateMinutes },
    resolutionMinutes: { ...base.resolutionMinutes, ...o.resolutionMinutes },
    atRiskPercent: o.atRiskPercent ?? base.atRiskPercent,
  };
  const whole = SlaPolicySchema.safeParse(merged);
  return whole.success ? { ok: true, policy: whole.data } : { ok: false, issues: issueLines(whole.error.issues) };
}

/** A policy with the defaults filled in for what it leaves out (older configurations have first response only). */
function complete(policy: SlaPolicy): Required<SlaPolicy> {
  return {
    acknowledgeMinutes: policy.acknowledgeMinutes,
    firstResponseMinutes: policy.firstResponseMinutes,
    periodicUpdateMinutes: policy.periodicUpdateMinutes ?? DEFAULT_SLA_POLICY.periodicUpdateMinutes,
    resolutionMinutes: policy.resolutionMinutes ?? DEFAULT_SLA_POLICY.resolutionMinutes,
    atRiskPercent: policy.atRiskPercent ?? DEFAULT_SLA_POLICY.atRiskPercent,
  };
}

function validTime(date: Date, name: string): number {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError(`${name} is not a valid date.`);
  return time;
}

/**
 * The acknowledgement, first-response and resolution deadlines of a ticket received at
 * `receivedAt`, before anything pauses it: shown on the ticket and in the acknowledgement.
 *
 * Throws a `RangeError` for an invalid date.
 *
 * ### Examples
 * ```ts
 * slaDeadlines(1, new Date('2025-03-01T23:50:00Z'));
 * // { acknowledgeBy: 2025-03-01T23:50:00Z, firstResponseBy: 2025-03-02T00:05:00Z, resolutionBy: 2025-03-02T03:50:00Z }
 * ```
 */
export function slaDeadlines(
  level: PriorityLevel,
  receivedAt: Date,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): { readonly acknowledgeBy: Date; readonly firstResponseBy: Date; readonly resolutionBy: Date } {
  const start = validTime(receivedAt, 'receivedAt');
  const targets = complete(policy);
  return {
    acknowledgeBy: new Date(start + targets.acknowledgeMinutes[level] * MINUTE_MS),
    firstResponseBy: new Date(start + targets.firstResponseMinutes[level] * MINUTE_MS),
    resolutionBy: new Date(start + targets.resolutionMinutes[level] * MINUTE_MS),
  };
}

/** A promise made to the customer. */
export type SlaTargetKind = 'FIRST_RESPONSE' | 'PERIODIC_UPDATE' | 'RESOLUTION';

/** Every target, in the order a ticket meets them. */
export const SLA_TARGET_KINDS: readonly SlaTargetKind[] = ['FIRST_RESPONSE', 'PERIODIC_UPDATE', 'RESOLUTION'];

/** How a ticket stands against its targets: `AT_RISK` once the at-risk share has passed, `BREACHED` from the deadline. */
export type SlaState = 'ON_TRACK' | 'AT_RISK' | 'BREACHED';

/** Every state, best first. */
export const SLA_STATES: readonly SlaState[] = ['ON_TRACK', 'AT_RISK', 'BREACHED'];

/** Validates an SLA state in API input (e.g. a filter). */
export const SlaStateSchema = z.enum(['ON_TRACK', 'AT_RISK', 'BREACHED']);

/**
 * The pause bookkeeping the store keeps per ticket. Clocks stand still while the ticket waits
 * for the customer at levels 2–3 (`slaPaused`) and while it is resolved, so a reopened ticket
 * resumes its resolution clock where it stopped instead of being late at once.
 */
export interface SlaPause {
  /** Paused time of pauses that have ended, in milliseconds. */
  readonly pausedMs: number;
  /** When the current pause began; null while the clocks run. */
  readonly pausedSince: Date | null;
  /** When the last pause ended; the periodic update restarts from there. Absent: treated as never. */
  readonly resumedAt?: Date | null;
}

/** What the store keeps about a ticket for its SLA, and the moment to judge it at. */
export interface SlaClockInput extends SlaPause {
  readonly level: PriorityLevel;
  readonly receivedAt: Date;
  readonly status: TicketStatus;
  /** The first public engineer message (reply or resolution); null while nobody answered. */
  readonly firstRespondedAt: Date | null;
  /** The latest public engineer message; null while nobody answered. */
  readonly lastPublicReplyAt: Date | null;
  /** The latest resolution; used while the ticket is resolved or closed. */
  readonly resolvedAt: Date | null;
  readonly now: Date;
}

/** One target of a ticket at `now`. */
export interface SlaTargetStatus {
  readonly target: SlaTargetKind;
  /** When the window of this target began: arrival, or for the periodic update the last reply or resumption. */
  readonly windowStart: Date;
  /** The deadline, moved by paused time (and, while paused, moving with the pause). */
  readonly dueAt: Date;
  readonly atRiskAt: Date;
  /** The first response was given / the ticket was resolved. */
  readonly met: boolean;
  /** Still counting: not met and the ticket unresolved. */
  readonly active: boolean;
  /** Standing still while the ticket waits for the customer (levels 2–3). */
  readonly paused: boolean;
  /** An active target at `now`; a met one at the moment it was met (late is `BREACHED`). */
  readonly state: SlaState;
  /** Until the deadline, from `now` (active) or from when it was met; negative when late. */
  readonly remainingMs: number;
}

/** A ticket's SLA at `now`: the overall state for its most urgent active target, and every target. */
export interface SlaStatus {
  readonly slaState: SlaState;
  /** The active target that sets `slaState`; null when nothing is active (resolved, closed). */
  readonly target: SlaTargetKind | null;
  readonly dueAt: Date | null;
  /** Until `dueAt`; negative when breached, null when nothing is active. */
  readonly remainingMs: number | null;
  /** The ticket's clocks stand still now (waiting for the customer at level 2–3). */
  readonly paused: boolean;
  /** The active targets and the met ones whose time is known, in `SLA_TARGET_KINDS` order. */
  readonly targets: readonly SlaTargetStatus[];
}

const STATE_RANK: Readonly<Record<SlaState, number>> = { ON_TRACK: 0, AT_RISK: 1, BREACHED: 2 };

function stateAt(time: number, atRiskAt: number, dueAt: number): SlaState {
  if (time >= dueAt) return 'BREACHED';
  return time >= atRiskAt ? 'AT_RISK' : 'ON_TRACK';
}

function optionalTime(date: Date | null | undefined, name: string): number | null {
  return date === null || date === undefined ? null : validTime(date, name);
}

/** Builds one target from its window, its length and the paused time that moves it. */
function targetStatus(
  target: SlaTargetKind,
  window: { readonly start: number; readonly minutes: number; readonly pausedMs: number },
  judgedAt: number,
  flags: { readonly met: boolean; readonly paused: boolean; readonly atRiskPercent: number },
): SlaTargetStatus {
  const length = window.minutes * MINUTE_MS;
  const dueAt = window.start + length + window.pausedMs;
  const atRiskAt = window.start + Math.round((length * flags.atRiskPercent) / 100) + window.pausedMs;
  return {
    target,
    windowStart: new Date(window.start),
    dueAt: new Date(dueAt),
    atRiskAt: new Date(atRiskAt),
    met: flags.met,
    active: !flags.met,
    paused: flags.paused,
    state: stateAt(judgedAt, atRiskAt, dueAt),
    remainingMs: dueAt - judgedAt,
  };
}

/** Worst state first, then the earliest deadline, then target order. */
function moreUrgent(a: SlaTargetStatus, b: SlaTargetStatus): boolean {
  if (a.state !== b.state) return STATE_RANK[a.state] > STATE_RANK[b.state];
  return a.dueAt.getTime() < b.dueAt.getTime();
}

/**
 * A ticket's SLA state at `now`, from what the store keeps. The rules:
 * - **First response** (arrival + first-response minutes + paused time) is met by the first
 *   public engineer message, a reply or a resolution, also one that resolves the ticket.
 * - **Periodic update** runs only once answered and while unresolved, and not at all where the
 *   policy has none (level 3 by default): due the periodic minutes after the last public reply
 *   (or after the clocks last resumed from a pause, whichever is later), so every reply
 *   restarts it.
 * - **Resolution** is due at arrival + resolution minutes + paused time.
 * - While the ticket waits for the customer at level 2 or 3, every deadline moves with the
 *   pause: the time left stands still. Level 1 never pauses.
 * - Resolved or closed: nothing is active, the state is `ON_TRACK` with no target.
 *
 * The overall `slaState` is that of the most urgent active target: the worst state, then the
 * earliest deadline, so a resolution at risk is not hidden behind an update due sooner.
 *
 * Throws a `RangeError` for an invalid date.
 *
 * ### Examples
 * ```ts
 * slaStatus({
 *   level: 1, receivedAt: new Date('2025-03-01T10:00:00Z'), status: 'OPEN',
 *   firstRespondedAt: null, lastPublicReplyAt: null, resolvedAt: null, pausedMs: 0, pausedSince: null,
 *   now: new Date('2025-03-01T10:13:00Z'),
 * });
 * // { slaState: 'AT_RISK', target: 'FIRST_RESPONSE', dueAt: 2025-03-01T10:15:00Z, remainingMs: 120000, paused: false, targets: […] }
 * ```
 */
export function slaStatus(input: SlaClockInput, policy: SlaPolicy = DEFAULT_SLA_POLICY): SlaStatus {
  const targets = complete(policy);
  const now = validTime(input.now, 'now');
  const received = validTime(input.receivedAt, 'receivedAt');
  const firstResponded = optionalTime(input.firstRespondedAt, 'firstRespondedAt');
  const lastReply = optionalTime(input.lastPublicReplyAt, 'lastPublicReplyAt');
  const resolved = optionalTime(input.resolvedAt, 'resolvedAt');
  const pausedSince = optionalTime(input.pausedSince, 'pausedSince');
  const resumed = optionalTime(input.resumedAt, 'resumedAt');
  if (!Number.isFinite(input.pausedMs) || input.pausedMs < 0) throw new RangeError('pausedMs must be 0 or more.');

  const unresolved = UNRESOLVED_TICKET_STATUSES.includes(input.status);
  const paused = unresolved && slaPaused(input.status, input.level);
  const currentPauseFrom = paused ? (pausedSince ?? now) : null;
  const pauseSince = (start: number): number => (currentPauseFrom === null ? 0 : Math.max(0, now - Math.max(currentPauseFrom, start)));
  const pct = targets.atRiskPercent;
  const list: SlaTargetStatus[] = [];

  if (firstResponded !== null || unresolved) {
    const met = firstResponded !== null;
    list.push(
      targetStatus(
        'FIRST_RESPONSE',
        { start: received, minutes: targets.firstResponseMinutes[input.level], pausedMs: input.pausedMs + (met ? 0 : pauseSince(received)) },
        firstResponded ?? now,
        { met, paused: paused && !met, atRiskPercent: pct },
      ),
    );
  }
  const updateMinutes = targets.periodicUpdateMinutes[input.level];
  const answeredAt = lastReply === null ? firstResponded : Math.max(lastReply, firstResponded ?? lastReply);
  if (unresolved && updateMinutes !== null && answeredAt !== null) {
    const start = Math.max(answeredAt, resumed ?? answeredAt);
    list.push(
      targetStatus('PERIODIC_UPDATE', { start, minutes: updateMinutes, pausedMs: pauseSince(start) }, now, { met: false, paused, atRiskPercent: pct }),
    );
  }
  if (unresolved || resolved !== null) {
    list.push(
      targetStatus(
        'RESOLUTION',
        { start: received, minutes: targets.resolutionMinutes[input.level], pausedMs: input.pausedMs + (unresolved ? pauseSince(received) : 0) },
        unresolved ? now : (resolved ?? now),
        { met: !unresolved, paused, atRiskPercent: pct },
      ),
    );
  }

  let nearest: SlaTargetStatus | undefined;
  for (const target of list) if (target.active && (nearest === undefined || moreUrgent(target, nearest))) nearest = target;
  return {
    slaState: nearest?.state ?? 'ON_TRACK',
    target: nearest?.target ?? null,
    dueAt: nearest?.dueAt ?? null,
    remainingMs: nearest?.remainingMs ?? null,
    paused,
    targets: list,
  };
}

/**
 * The pause bookkeeping after a ticket's status or level changed at `now`: a pause begins when
 * the clocks stop (waiting for the customer at level 2–3, resolved, closed) and ends, adding its
 * length to `pausedMs`, when they run again (a customer reply, a reopen, or a level raised to 1
 * while waiting). Call it whenever the status or level changes and store the result.
 *
 * ### Examples
 * ```ts
 * const waiting = updateSlaPause({ pausedMs: 0, pausedSince: null }, 'WAITING_CUSTOMER', 2, new Date('2025-03-01T10:00:00Z'));
 * // { pausedMs: 0, pausedSince: 2025-03-01T10:00:00Z, resumedAt: null }
 * updateSlaPause(waiting, 'IN_PROGRESS', 2, new Date('2025-03-01T11:30:00Z'));
 * // { pausedMs: 5400000, pausedSince: null, resumedAt: 2025-03-01T11:30:00Z }
 * ```
 */
export function updateSlaPause(pause: SlaPause, status: TicketStatus, level: PriorityLevel, now: Date): SlaPause {
  const at = validTime(now, 'now');
  const stopped = !UNRESOLVED_TICKET_STATUSES.includes(status) || slaPaused(status, level);
  const resumedAt = pause.resumedAt ?? null;
  if (stopped) return pause.pausedSince === null ? { pausedMs: pause.pausedMs, pausedSince: new Date(at), resumedAt } : { ...pause, resumedAt };
  if (pause.pausedSince === null) return { ...pause, resumedAt };
  const since = validTime(pause.pausedSince, 'pausedSince');
  return { pausedMs: pause.pausedMs + Math.max(0, at - since), pausedSince: null, resumedAt: new Date(at) };
}

/** What a scheduler records and notifies: once per target window and ticket. */
export type SlaEventKind = 'SLA_AT_RISK' | 'SLA_BREACHED';

/** An SLA event that happened to a ticket; `windowStart` tells one periodic-update window from the next. */
export interface SlaEventRecord {
  readonly kind: SlaEventKind;
  readonly target: SlaTargetKind;
  readonly windowStart: Date;
}

/** An SLA event now due: record it (with its `windowStart`) and notify once. */
export interface SlaEvent extends SlaEventRecord {
  /** The moment the threshold was crossed: the at-risk time or the deadline. */
  readonly at: Date;
  readonly dueAt: Date;
}

function recordedAlready(recorded: readonly SlaEventRecord[], kinds: readonly SlaEventKind[], target: SlaTargetStatus): boolean {
  return recorded.some(
    (event) => kinds.includes(event.kind) && event.target === target.target && event.windowStart.getTime() === target.windowStart.getTime(),
  );
}

/**
 * The SLA events due for a ticket at `now` that were not recorded yet, so a scheduler fires
 * `SLA_AT_RISK` and `SLA_BREACHED` exactly once per target window: once for the first
 * response, once for the resolution, and once per periodic-update window (each public reply
 * opens a new one). A target already breached gets no late at-risk warning: only the breach.
 * Only active targets raise events; a deadline that passed unnoticed before the target was
 * met is not announced afterwards.
 *
 * ### Examples
 * ```ts
 * const ticket = {
 *   level: 1, receivedAt: new Date('2025-03-01T10:00:00Z'), status: 'OPEN',
 *   firstRespondedAt: null, lastPublicReplyAt: null, resolvedAt: null, pausedMs: 0, pausedSince: null,
 *   now: new Date('2025-03-01T10:13:00Z'),
 * } as const;
 * const due = dueSlaEvents(ticket, []); // [{ kind: 'SLA_AT_RISK', target: 'FIRST_RESPONSE', … }]
 * dueSlaEvents(ticket, due);            // []
 * ```
 */
export function dueSlaEvents(input: SlaClockInput, recorded: readonly SlaEventRecord[], policy: SlaPolicy = DEFAULT_SLA_POLICY): readonly SlaEvent[] {
  const events: SlaEvent[] = [];
  for (const target of slaStatus(input, policy).targets) {
    if (!target.active || target.state === 'ON_TRACK') continue;
    const base = { target: target.target, windowStart: target.windowStart, dueAt: target.dueAt };
    if (target.state === 'BREACHED') {
      if (!recordedAlready(recorded, ['SLA_BREACHED'], target)) events.push({ kind: 'SLA_BREACHED', at: target.dueAt, ...base });
    } else if (!recordedAlready(recorded, ['SLA_AT_RISK', 'SLA_BREACHED'], target)) {
      events.push({ kind: 'SLA_AT_RISK', at: target.atRiskAt, ...base });
    }
  }
  return events;
}

/**
 * The next moment after `now` at which the ticket's SLA state changes by time alone (a target
 * becomes at risk or breached), so a scheduler knows when to look again; null when time alone
 * changes nothing (resolved, paused, or every target already breached). Any stored change to
 * the ticket (a reply, a status, a level) calls for a fresh look.
 *
 * ### Examples
 * ```ts
 * nextSlaChange({
 *   level: 1, receivedAt: new Date('2025-03-01T10:00:00Z'), status: 'OPEN',
 *   firstRespondedAt: null, lastPublicReplyAt: null, resolvedAt: null, pausedMs: 0, pausedSince: null,
 *   now: new Date('2025-03-01T10:00:00Z'),
 * }); // 2025-03-01T10:12:00Z: the first response becomes at risk
 * ```
 */
export function nextSlaChange(input: SlaClockInput, policy: SlaPolicy = DEFAULT_SLA_POLICY): Date | null {
  const now = validTime(input.now, 'now');
  let next: number | null = null;
  for (const target of slaStatus(input, policy).targets) {
    if (!target.active || target.paused) continue;
    for (const moment of [target.atRiskAt.getTime(), target.dueAt.getTime()]) {
      if (moment > now && (next === null || moment < next)) next = moment;
    }
  }
  return next === null ? null : new Date(next);
}

interface Units {
  readonly minute: readonly [string, string];
  readonly hour: readonly [string, string];
  readonly day: readonly [string, string];
  readonly and: string;
  readonly lessThanAMinute: string;
  readonly now: string;
}

const UNITS: Readonly<Record<Language, Units>> = {
  en: { minute: ['minute', 'minutes'], hour: ['hour', 'hours'], day: ['day', 'days'], and: 'and', lessThanAMinute: 'less than a minute', now: 'immediately' },
  es: { minute: ['minuto', 'minutos'], hour: ['hora', 'horas'], day: ['día', 'días'], and: 'y', lessThanAMinute: 'menos de un minuto', now: 'de inmediato' },
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

function count(value: number, [one, many]: readonly [string, string]): string {
  return `${value} ${value === 1 ? one : many}`;
}

/** A length of time as a person says it: the largest unit and the next one down, rounded down. */
function spokenDuration(ms: number, units: Units): string {
  const total = Math.floor(Math.abs(ms) / MINUTE_MS);
  if (total < 1) return units.lessThanAMinute;
  if (total < 60) return count(total, units.minute);
  const pair = (big: number, bigUnit: readonly [string, string], small: number, smallUnit: readonly [string, string]): string =>
    small === 0 ? count(big, bigUnit) : `${count(big, bigUnit)} ${units.and} ${count(small, smallUnit)}`;
  if (total < 1440) return pair(Math.floor(total / 60), units.hour, total % 60, units.minute);
  return pair(Math.floor(total / 1440), units.day, Math.floor((total % 1440) / 60), units.hour);
}

interface StateWords {
  readonly state: Readonly<Record<SlaState, string>>;
  readonly due: Readonly<Record<SlaTargetKind, (time: string) => string>>;
  readonly late: Readonly<Record<SlaTargetKind, (time: string) => string>>;
  readonly paused: string;
  readonly nothingDue: string;
}

const STATE_WORDS: Readonly<Record<Language, StateWords>> = {
  en: {
    state: { ON_TRACK: 'on track', AT_RISK: 'at risk', BREACHED: 'breached' },
    due: {
      FIRST_RESPONSE: (time) => `first response due in ${time}`,
      PERIODIC_UPDATE: (time) => `next update due in ${time}`,
      RESOLUTION: (time) => `resolution due in ${time}`,
    },
    late: {
      FIRST_RESPONSE: (time) => `the first response is ${time} late`,
      PERIODIC_UPDATE: (time) => `the next update is ${time} late`,
      RESOLUTION: (time) => `the resolution is ${time} late`,
    },
    paused: 'the clock is paused while we wait for the customer',
    nothingDue: 'nothing is due',
  },
  es: {
    state: { ON_TRACK: 'en plazo', AT_RISK: 'en riesgo', BREACHED: 'vencido' },
    due: {
      FIRST_RESPONSE: (time) => `primera respuesta en ${time}`,
      PERIODIC_UPDATE: (time) => `próxima actualización en ${time}`,
      RESOLUTION: (time) => `resolución en ${time}`,
    },
    late: {
      FIRST_RESPONSE: (time) => `la primera respuesta lleva ${time} de retraso`,
      PERIODIC_UPDATE: (time) => `la próxima actualización lleva ${time} de retraso`,
      RESOLUTION: (time) => `la resolución lleva ${time} de retraso`,
    },
    paused: 'el plazo está en pausa mientras esperamos al cliente',
    nothingDue: 'nada pendiente',
  },
};

/**
 * A ticket's SLA state in words, short enough to be spoken by the IVR and the same in every
 * language: the state, the target that sets it and the time left (or how late it is), rounded
 * down to the minute, and whether the clock is paused.
 *
 * ### Examples
 * ```ts
 * describeSlaState({ slaState: 'ON_TRACK', target: 'FIRST_RESPONSE', remainingMs: 12 * 60_000, paused: false }, 'en');
 * // 'on track: first response due in 12 minutes'
 * describeSlaState({ slaState: 'ON_TRACK', target: 'FIRST_RESPONSE', remainingMs: 12 * 60_000, paused: false }, 'es');
 * // 'en plazo: primera respuesta en 12 minutos'
 * describeSlaState({ slaState: 'BREACHED', target: 'FIRST_RESPONSE', remainingMs: -5 * 60_000, paused: false }, 'en');
 * // 'breached: the first response is 5 minutes late'
 * ```
 */
export function describeSlaState(
  status: Pick<SlaStatus, 'slaState' | 'target' | 'remainingMs' | 'paused'>,
  language: Language,
): string {
  const words = STATE_WORDS[language];
  const state = words.state[status.slaState];
  if (status.target === null || status.remainingMs === null) return `${state}: ${words.nothingDue}`;
  const time = spokenDuration(status.remainingMs, UNITS[language]);
  const standing = status.slaState === 'BREACHED' ? words.late[status.target](time) : words.due[status.target](time);
  return status.paused ? `${state}: ${standing}; ${words.paused}` : `${state}: ${standing}`;
}
