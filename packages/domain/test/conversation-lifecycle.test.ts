// Who may do what in a live-assistant conversation, from each status: every row of the module's table.
import { describe, expect, it } from 'vitest';
import { CONVERSATION_STATUSES, decideConversationStep } from '../src/index.js';
import type { ConversationAction, ConversationActor, ConversationStatus, ConversationStepRefusal } from '../src/index.js';

const ANA: ConversationActor = { kind: 'ENGINEER', id: 'ana' };
const CONTACT: ConversationActor = { kind: 'CONTACT' };
const SCHEDULER: ConversationActor = { kind: 'SCHEDULER' };
const startedAt = new Date('2026-11-26T09:00:00Z');
const autoConvert = (minutes: number): ConversationAction => ({ kind: 'AUTO_CONVERT', waitingSince: startedAt, now: new Date(startedAt.getTime() + minutes * 60_000) });

/** The engineer answering in each status: nobody while waiting, Bo once joined. */
const engineerIn = (status: ConversationStatus) => (status === 'WAITING' ? null : 'bo');

type Outcome = ConversationStatus | ConversationStepRefusal;

const TABLE: readonly { readonly who: string; readonly actor: ConversationActor; readonly action: ConversationAction; readonly outcomes: Readonly<Record<ConversationStatus, Outcome>> }[] = [
  { who: 'engineer', actor: ANA, action: { kind: 'JOIN' }, outcomes: { WAITING: 'ACTIVE', ACTIVE: 'ACTIVE', CLOSED: 'CONVERSATION_ENDED', CONVERTED: 'ALREADY_CONVERTED' } },
  { who: 'contact', actor: CONTACT, action: { kind: 'SEND' }, outcomes: { WAITING: 'WAITING', ACTIVE: 'ACTIVE', CLOSED: 'CONVERSATION_ENDED', CONVERTED: 'ALREADY_CONVERTED' } },
  { who: 'engineer', actor: ANA, action: { kind: 'SEND' }, outcomes: { WAITING: 'JOIN_FIRST', ACTIVE: 'JOIN_FIRST', CLOSED: 'CONVERSATION_ENDED', CONVERTED: 'ALREADY_CONVERTED' } },
  { who: 'contact', actor: CONTACT, action: { kind: 'CLOSE' }, outcomes: { WAITING: 'CLOSED', ACTIVE: 'CLOSED', CLOSED: 'CONVERSATION_ENDED', CONVERTED: 'ALREADY_CONVERTED' } },
  { who: 'engineer', actor: ANA, action: { kind: 'CLOSE' }, outcomes: { WAITING: 'CLOSED', ACTIVE: 'CLOSED', CLOSED: 'CONVERSATION_ENDED', CONVERTED: 'ALREADY_CONVERTED' } },
  { who: 'contact', actor: CONTACT, action: { kind: 'CONVERT' }, outcomes: { WAITING: 'CONVERTED', ACTIVE: 'CONVERTED', CLOSED: 'CONVERTED', CONVERTED: 'ALREADY_CONVERTED' } },
  { who: 'engineer', actor: ANA, action: { kind: 'CONVERT' }, outcomes: { WAITING: 'CONVERTED', ACTIVE: 'CONVERTED', CLOSED: 'CONVERTED', CONVERTED: 'ALREADY_CONVERTED' } },
  { who: 'scheduler', actor: SCHEDULER, action: autoConvert(5), outcomes: { WAITING: 'CONVERTED', ACTIVE: 'ALREADY_ANSWERED', CLOSED: 'CONVERSATION_ENDED', CONVERTED: 'ALREADY_CONVERTED' } },
];

describe('conversation steps', () => {
  for (const row of TABLE) {
    for (const status of CONVERSATION_STATUSES) {
      it(`${row.action.kind} by the ${row.who} from ${status} → ${row.outcomes[status]}`, () => {
        const step = decideConversationStep({ status, engineer: engineerIn(status), action: row.action, actor: row.actor });
        expect(step.ok ? step.status : step.reason).toBe(row.outcomes[status]);
        if (!step.ok) expect(step.message.length).toBeGreaterThan(10);
      });
    }
  }

  it('an engineer joining gets the conversation; joining another engineer’s takes it over', () => {
    expect(decideConversationStep({ status: 'WAITING', engineer: null, action: { kind: 'JOIN' }, actor: ANA })).toEqual({
      ok: true, status: 'ACTIVE', statusChanged: true, engineer: 'ana', engineerChanged: true,
    });
    expect(decideConversationStep({ status: 'ACTIVE', engineer: 'bo', action: { kind: 'JOIN' }, actor: ANA })).toMatchObject({ ok: true, engineer: 'ana', engineerChanged: true, statusChanged: false });
    expect(decideConversationStep({ status: 'ACTIVE', engineer: 'ana', action: { kind: 'JOIN' }, actor: ANA })).toMatchObject({ ok: true, engineerChanged: false, statusChanged: false });
  });

  it('the engineer answering writes; the refusal tells another engineer whose it is', () => {
    expect(decideConversationStep({ status: 'ACTIVE', engineer: 'ana', action: { kind: 'SEND' }, actor: ANA })).toMatchObject({ ok: true, status: 'ACTIVE' });
    const other = decideConversationStep({ status: 'ACTIVE', engineer: 'bo', action: { kind: 'SEND' }, actor: ANA });
    expect(other.ok ? '' : other.message).toContain('bo is answering');
  });

  it('the scheduler converts a waiting conversation only once the wait is over', () => {
    expect(decideConversationStep({ status: 'WAITING', engineer: null, action: autoConvert(4.9), actor: SCHEDULER })).toMatchObject({ ok: false, reason: 'NOT_DUE' });
    expect(decideConversationStep({ status: 'WAITING', engineer: null, action: { ...autoConvert(1), waitSeconds: 60 } as ConversationAction, actor: SCHEDULER })).toMatchObject({ ok: true, status: 'CONVERTED' });
  });

  it('nobody else does what belongs to another', () => {
    expect(decideConversationStep({ status: 'WAITING', engineer: null, action: { kind: 'JOIN' }, actor: CONTACT })).toMatchObject({ ok: false, reason: 'NOT_ALLOWED_FOR_ACTOR' });
    expect(decideConversationStep({ status: 'WAITING', engineer: null, action: autoConvert(10), actor: ANA })).toMatchObject({ ok: false, reason: 'NOT_ALLOWED_FOR_ACTOR' });
    expect(decideConversationStep({ status: 'WAITING', engineer: null, action: { kind: 'CONVERT' }, actor: SCHEDULER })).toMatchObject({ ok: false, reason: 'NOT_ALLOWED_FOR_ACTOR' });
  });
});
