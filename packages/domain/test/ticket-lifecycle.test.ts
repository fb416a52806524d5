import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { TICKET_ACTION_KINDS, TICKET_ACTOR_KINDS, TICKET_STATUSES, TicketStatusSchema, decideTicketTransition, slaPaused } from '../src/index.js';
import type { TicketAction, TicketActor, TicketActorKind, TicketStatus, TicketTransitionRefusal } from '../src/index.js';

const ANA = 'eng-ana';
const BO = 'eng-bo';
const resolvedAt = new Date('2025-03-01T10:00:00Z');
const eightDaysLater = new Date('2025-03-09T10:00:00Z');

const ACTORS: Readonly<Record<TicketActorKind, TicketActor>> = {
  ENGINEER: { kind: 'ENGINEER', id: ANA },
  PARTNER: { kind: 'PARTNER' },
  CUSTOMER_EMAIL: { kind: 'CUSTOMER_EMAIL' },
  SCHEDULER: { kind: 'SCHEDULER' },
};

/** The tickets of the table: each status, assigned to another engineer (Bo) or to nobody where it matters. */
const SITUATIONS = [
  { name: 'OPEN, nobody', status: 'OPEN', assignee: null },
  { name: 'OPEN, Bo', status: 'OPEN', assignee: BO },
  { name: 'IN_PROGRESS, Bo', status: 'IN_PROGRESS', assignee: BO },
  { name: 'WAITING_CUSTOMER, Bo', status: 'WAITING_CUSTOMER', assignee: BO },
  { name: 'WAITING_CUSTOMER, nobody', status: 'WAITING_CUSTOMER', assignee: null },
  { name: 'RESOLVED, Bo', status: 'RESOLVED', assignee: BO },
  { name: 'RESOLVED, nobody', status: 'RESOLVED', assignee: null },
  { name: 'CLOSED, Bo', status: 'CLOSED', assignee: BO },
] as const satisfies readonly { readonly name: string; readonly status: TicketStatus; readonly assignee: string | null }[];

/** The actions of the table; a reply may ask for a status in the same step; auto-closing is past the 7-day window. */
const ACTIONS = {
  TAKE: { kind: 'TAKE' },
  ASSIGN: { kind: 'ASSIGN' },
  REPLY: { kind: 'REPLY' },
  'REPLY+WAITING_CUSTOMER': { kind: 'REPLY', status: 'WAITING_CUSTOMER' },
  'REPLY+RESOLVED': { kind: 'REPLY', status: 'RESOLVED' },
  NOTE: { kind: 'NOTE' },
  WAIT: { kind: 'WAIT' },
  RESOLVE: { kind: 'RESOLVE' },
  CUSTOMER_MESSAGE: { kind: 'CUSTOMER_MESSAGE' },
  REOPEN: { kind: 'REOPEN' },
  CLOSE: { kind: 'CLOSE' },
  AUTO_CLOSE: { kind: 'AUTO_CLOSE', resolvedAt, now: eightDaysLater },
} as const satisfies Record<string, TicketAction>;

type Expected = TicketStatus | `refused ${TicketTransitionRefusal}`;
type Row = readonly [Expected, Expected, Expected, Expected, Expected, Expected, Expected, Expected];

const NO: Expected = 'refused NOT_ALLOWED_FOR_ACTOR';
const NEVER: Row = [NO, NO, NO, NO, NO, NO, NO, NO];
const O = 'OPEN';
const IP = 'IN_PROGRESS';
const WC = 'WAITING_CUSTOMER';
const R = 'RESOLVED';
const C = 'CLOSED';
const TAKEN = 'refused ALREADY_TAKEN';
const FIRST = 'refused REOPEN_FIRST';
const FINAL = 'refused TICKET_CLOSED';
const UNRESOLVED = 'refused NOT_RESOLVED';

// Columns:                    OPEN·  OPEN Bo  IN_PROGRESS  WAITING Bo  WAITING·  RESOLVED Bo  RESOLVED·  CLOSED
const TABLE: Readonly<Record<TicketActorKind, Readonly<Record<keyof typeof ACTIONS, Row>>>> = {
  ENGINEER: {
    TAKE:                     [IP,    TAKEN,   TAKEN,       TAKEN,      TAKEN,    FIRST,       FIRST,     FINAL],
    ASSIGN:                   [IP,    IP,      IP,          WC,         WC,       FIRST,       FIRST,     FINAL],
    REPLY:                    [IP,    IP,      IP,          IP,         IP,       FIRST,       FIRST,     FINAL],
    'REPLY+WAITING_CUSTOMER': [WC,    WC,      WC,          WC,         WC,       FIRST,       FIRST,     FINAL],
    'REPLY+RESOLVED':         [R,     R,       R,           R,          R,        FIRST,       FIRST,     FINAL],
    NOTE:                     [O,     O,       IP,          WC,         WC,       R,           R,         FINAL],
    WAIT:                     ['refused NOT_IN_PROGRESS', 'refused NOT_IN_PROGRESS', WC, 'refused ALREADY_WAITING', 'refused ALREADY_WAITING', FIRST, FIRST, FINAL],
    RESOLVE:                  [R,     R,       R,           R,          R,        'refused ALREADY_RESOLVED', 'refused ALREADY_RESOLVED', FINAL],
    CUSTOMER_MESSAGE:         NEVER,
    REOPEN:                   [UNRESOLVED, UNRESOLVED, UNRESOLVED, UNRESOLVED, UNRESOLVED, IP, O, FINAL],
    CLOSE:                    [UNRESOLVED, UNRESOLVED, UNRESOLVED, UNRESOLVED, UNRESOLVED, C, C, FINAL],
    AUTO_CLOSE:               NEVER,
  },
  PARTNER: {
    TAKE: NEVER, ASSIGN: NEVER, REPLY: NEVER, 'REPLY+WAITING_CUSTOMER': NEVER, 'REPLY+RESOLVED': NEVER, NOTE: NEVER, WAIT: NEVER, RESOLVE: NEVER,
    CUSTOMER_MESSAGE:         [O,     O,       IP,          IP,         O,        IP,          O,         'refused FOLLOW_UP_REQUIRED'],
    REOPEN:                   [UNRESOLVED, UNRESOLVED, UNRESOLVED, UNRESOLVED, UNRESOLVED, IP, O, FINAL],
    CLOSE: NEVER, AUTO_CLOSE: NEVER,
  },
  CUSTOMER_EMAIL: {
    TAKE: NEVER, ASSIGN: NEVER, REPLY: NEVER, 'REPLY+WAITING_CUSTOMER': NEVER, 'REPLY+RESOLVED': NEVER, NOTE: NEVER, WAIT: NEVER, RESOLVE: NEVER,
    CUSTOMER_MESSAGE:         [O,     O,       IP,          IP,         O,        IP,          O,         'refused FOLLOW_UP_REQUIRED'],
    REOPEN: NEVER, CLOSE: NEVER, AUTO_CLOSE: NEVER,
  },
  SCHEDULER: {
    TAKE: NEVER, ASSIGN: NEVER, REPLY: NEVER, 'REPLY+WAITING_CUSTOMER': NEVER, 'REPLY+RESOLVED': NEVER, NOTE: NEVER, WAIT: NEVER, RESOLVE: NEVER,
    CUSTOMER_MESSAGE: NEVER, REOPEN: NEVER, CLOSE: NEVER,
    AUTO_CLOSE:               [UNRESOLVED, UNRESOLVED, UNRESOLVED, UNRESOLVED, UNRESOLVED, C, C, FINAL],
  },
};

const rows = TICKET_ACTOR_KINDS.flatMap((actor) =>
  (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).flatMap((action) =>
    SITUATIONS.map((situation, column) => [actor, action, situation.name, situation, TABLE[actor][action][column]] as const),
  ),
);

describe('the transition table', () => {
  it('covers every status, action and actor', () => {
    expect(rows).toHaveLength(TICKET_ACTOR_KINDS.length * Object.keys(ACTIONS).length * SITUATIONS.length);
    expect(new Set(Object.values(ACTIONS).map((action) => action.kind))).toEqual(new Set(TICKET_ACTION_KINDS));
    expect(new Set(SITUATIONS.map((situation) => situation.status))).toEqual(new Set(TICKET_STATUSES));
  });

  it.each(rows)('%s %s on %s → %s', (actor, action, _name, situation, expected) => {
    const decision = decideTicketTransition({ status: situation.status, assignee: situation.assignee, action: ACTIONS[action], actor: ACTORS[actor] });
    if (decision.ok) {
      expect(decision.status).toBe(expected);
    } else {
      expect(`refused ${decision.reason}`).toBe(expected);
      expect(decision.message.length).toBeGreaterThan(20);
    }
  });
});

describe('who has the ticket afterwards', () => {
  const decide = (status: TicketStatus, assignee: string | null, action: TicketAction, actor: TicketActor = ACTORS.ENGINEER) =>
    decideTicketTransition({ status, assignee, action, actor });

  it('taking gives the ticket to the engineer who takes it', () => {
    expect(decide('OPEN', null, { kind: 'TAKE' })).toMatchObject({ ok: true, assignee: ANA, assigneeChanged: true });
  });

  it('assigning without a name gives it to the engineer assigning; with a name, to that engineer', () => {
    expect(decide('OPEN', null, { kind: 'ASSIGN' })).toMatchObject({ status: 'IN_PROGRESS', assignee: ANA });
    expect(decide('IN_PROGRESS', BO, { kind: 'ASSIGN', assignee: 'eng-cy' })).toMatchObject({ status: 'IN_PROGRESS', assignee: 'eng-cy', assigneeChanged: true });
    expect(decide('WAITING_CUSTOMER', BO, { kind: 'ASSIGN', assignee: 'eng-cy' })).toMatchObject({ status: 'WAITING_CUSTOMER', assignee: 'eng-cy' });
  });

  it('a reply or resolution on an unassigned ticket makes it the engineer\'s; on someone else\'s ticket it stays theirs', () => {
    expect(decide('OPEN', null, { kind: 'REPLY' })).toMatchObject({ assignee: ANA, assigneeChanged: true });
    expect(decide('OPEN', null, { kind: 'RESOLVE' })).toMatchObject({ assignee: ANA });
    expect(decide('IN_PROGRESS', BO, { kind: 'REPLY', status: 'RESOLVED' })).toMatchObject({ assignee: BO, assigneeChanged: false });
  });

  it('a customer message or a reopen keeps the assignee, and an unassigned ticket goes back to the queue', () => {
    expect(decide('RESOLVED', BO, { kind: 'CUSTOMER_MESSAGE' }, ACTORS.CUSTOMER_EMAIL)).toMatchObject({ status: 'IN_PROGRESS', assignee: BO });
    expect(decide('WAITING_CUSTOMER', null, { kind: 'CUSTOMER_MESSAGE' }, ACTORS.PARTNER)).toMatchObject({ status: 'OPEN', assignee: null });
    expect(decide('RESOLVED', null, { kind: 'REOPEN' }, ACTORS.PARTNER)).toMatchObject({ status: 'OPEN', assignee: null });
  });
});

describe('what a reply may ask for', () => {
  it.each(['OPEN', 'CLOSED'] as const)('refuses a reply that asks for %s', (status) => {
    const decision = decideTicketTransition({ status: 'IN_PROGRESS', assignee: BO, action: { kind: 'REPLY', status }, actor: ACTORS.ENGINEER });
    expect(decision).toMatchObject({ ok: false, reason: 'REPLY_STATUS_NOT_ALLOWED' });
  });

  it('asking for IN_PROGRESS is the same as asking for nothing', () => {
    const decision = decideTicketTransition({ status: 'WAITING_CUSTOMER', assignee: BO, action: { kind: 'REPLY', status: 'IN_PROGRESS' }, actor: ACTORS.ENGINEER });
    expect(decision).toMatchObject({ ok: true, status: 'IN_PROGRESS' });
  });
});

describe('closing automatically after the reopen window', () => {
  const autoClose = (now: string, closeAfterDays?: number) =>
    decideTicketTransition({
      status: 'RESOLVED',
      assignee: BO,
      action: { kind: 'AUTO_CLOSE', resolvedAt, now: new Date(now), ...(closeAfterDays === undefined ? {} : { closeAfterDays }) },
      actor: ACTORS.SCHEDULER,
    });

  it('closes 7 days after the resolution, not a millisecond before', () => {
    expect(autoClose('2025-03-08T09:59:59.999Z')).toMatchObject({ ok: false, reason: 'NOT_DUE' });
    expect(autoClose('2025-03-08T10:00:00.000Z')).toMatchObject({ ok: true, status: 'CLOSED' });
  });

  it('says when a ticket that is not due will close', () => {
    const decision = autoClose('2025-03-02T10:00:00Z');
    expect(decision.ok ? '' : decision.message).toContain('2025-03-08T10:00:00.000Z');
  });

  it('follows a configured window', () => {
    expect(autoClose('2025-03-03T10:00:00Z', 2)).toMatchObject({ ok: true, status: 'CLOSED' });
    expect(autoClose('2025-03-03T10:00:00Z', 3)).toMatchObject({ ok: false, reason: 'NOT_DUE' });
  });

  it('refuses invalid times rather than guessing', () => {
    expect(() => autoClose('not a date')).toThrow(RangeError);
    expect(() => autoClose('2025-03-09T10:00:00Z', -1)).toThrow(RangeError);
  });
});

describe('first response, customer email and the update clock', () => {
  const PUBLIC = new Set(['REPLY', 'REPLY+WAITING_CUSTOMER', 'REPLY+RESOLVED', 'RESOLVE']);

  it.each(Object.keys(ACTIONS) as (keyof typeof ACTIONS)[])('an engineer\'s %s on a ticket in progress', (name) => {
    const decision = decideTicketTransition({ status: 'IN_PROGRESS', assignee: ANA, action: ACTIONS[name], actor: ACTORS.ENGINEER });
    if (!decision.ok) return expect(PUBLIC.has(name)).toBe(false);
    const isPublic = PUBLIC.has(name);
    expect(decision).toMatchObject({ countsAsFirstResponse: isPublic, messageToCustomer: isPublic, restartsPeriodicUpdate: isPublic });
  });

  it('a reply that resolves the ticket still counts as the first response (Zammad #3551)', () => {
    const decision = decideTicketTransition({ status: 'OPEN', assignee: null, action: { kind: 'REPLY', status: 'RESOLVED' }, actor: ACTORS.ENGINEER });
    expect(decision).toMatchObject({ ok: true, status: 'RESOLVED', countsAsFirstResponse: true, messageToCustomer: true });
  });

  it('a reply that asks the customer something counts as the first response', () => {
    const decision = decideTicketTransition({ status: 'OPEN', assignee: null, action: { kind: 'REPLY', status: 'WAITING_CUSTOMER' }, actor: ACTORS.ENGINEER });
    expect(decision).toMatchObject({ ok: true, status: 'WAITING_CUSTOMER', countsAsFirstResponse: true });
  });

  it('an internal note never counts and is never emailed', () => {
    const decision = decideTicketTransition({ status: 'OPEN', assignee: null, action: { kind: 'NOTE' }, actor: ACTORS.ENGINEER });
    expect(decision).toMatchObject({ ok: true, status: 'OPEN', countsAsFirstResponse: false, messageToCustomer: false, restartsPeriodicUpdate: false });
  });

  it('a customer message never counts as our response', () => {
    const decision = decideTicketTransition({ status: 'WAITING_CUSTOMER', assignee: BO, action: { kind: 'CUSTOMER_MESSAGE' }, actor: ACTORS.CUSTOMER_EMAIL });
    expect(decision).toMatchObject({ ok: true, countsAsFirstResponse: false, messageToCustomer: false, restartsPeriodicUpdate: false });
  });
});

describe('which statuses pause the SLA clocks', () => {
  it.each([
    ['WAITING_CUSTOMER', 1, false],
    ['WAITING_CUSTOMER', 2, true],
    ['WAITING_CUSTOMER', 3, true],
    ['OPEN', 2, false],
    ['IN_PROGRESS', 3, false],
  ] as const)('%s at level %i pauses: %s', (status, level, paused) => {
    expect(slaPaused(status, level)).toBe(paused);
  });

  it('validates statuses from outside', () => {
    expect(TicketStatusSchema.safeParse('WAITING_CUSTOMER').success).toBe(true);
    expect(TicketStatusSchema.safeParse('PENDING').success).toBe(false);
  });
});

const arbitraryAction: fc.Arbitrary<TicketAction> = fc.oneof(
  fc.constantFrom<TicketAction>(
    { kind: 'TAKE' }, { kind: 'ASSIGN' }, { kind: 'NOTE' }, { kind: 'WAIT' }, { kind: 'RESOLVE' },
    { kind: 'CUSTOMER_MESSAGE' }, { kind: 'REOPEN' }, { kind: 'CLOSE' },
  ),
  fc.constantFrom('eng-ana', 'eng-bo', 'eng-cy').map((assignee): TicketAction => ({ kind: 'ASSIGN', assignee })),
  fc.option(fc.constantFrom(...TICKET_STATUSES), { nil: undefined }).map((status): TicketAction => (status === undefined ? { kind: 'REPLY' } : { kind: 'REPLY', status })),
  fc
    .record({ days: fc.integer({ min: 0, max: 20 }), after: fc.integer({ min: -2 * 86_400_000, max: 30 * 86_400_000 }) })
    .map(({ days, after }): TicketAction => ({ kind: 'AUTO_CLOSE', resolvedAt, now: new Date(resolvedAt.getTime() + after), closeAfterDays: days })),
);
const arbitraryActor: fc.Arbitrary<TicketActor> = fc.oneof(
  fc.constantFrom('eng-ana', 'eng-bo').map((id): TicketActor => ({ kind: 'ENGINEER', id })),
  fc.constantFrom<TicketActor>(ACTORS.PARTNER, ACTORS.CUSTOMER_EMAIL, ACTORS.SCHEDULER),
);
const arbitraryStep = fc.record({ action: arbitraryAction, actor: arbitraryActor });

describe('properties over any sequence of steps', () => {
  it('never leaves the five statuses, and a ticket being worked always has an engineer', () => {
    fc.assert(
      fc.property(fc.array(arbitraryStep, { maxLength: 40 }), (steps) => {
        let ticket: { status: TicketStatus; assignee: string | null } = { status: 'OPEN', assignee: null };
        for (const step of steps) {
          const decision = decideTicketTransition({ ...ticket, ...step });
          if (decision.ok) ticket = { status: decision.status, assignee: decision.assignee };
          expect(TICKET_STATUSES).toContain(ticket.status);
          if (ticket.status === 'IN_PROGRESS' || ticket.status === 'WAITING_CUSTOMER') expect(ticket.assignee).not.toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never changes a closed ticket', () => {
    fc.assert(
      fc.property(arbitraryStep, fc.option(fc.constantFrom('eng-ana', 'eng-bo'), { nil: null }), (step, assignee) => {
        const decision = decideTicketTransition({ status: 'CLOSED', assignee, ...step });
        expect(decision.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('counts only an engineer\'s public message as a first response', () => {
    fc.assert(
      fc.property(arbitraryStep, fc.constantFrom(...TICKET_STATUSES), fc.option(fc.constantFrom('eng-ana', 'eng-bo'), { nil: null }), (step, status, assignee) => {
        const decision = decideTicketTransition({ status, assignee, ...step });
        if (decision.ok && decision.countsAsFirstResponse) {
          expect(step.actor.kind).toBe('ENGINEER');
          expect(decision.messageToCustomer).toBe(true);
          expect(['REPLY', 'RESOLVE']).toContain(step.action.kind);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
