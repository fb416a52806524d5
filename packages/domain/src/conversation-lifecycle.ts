/**
 * A live-assistant conversation (SPEC §4.3): a customer's contact waits, an engineer joins and
 * answers, and either side ends it or turns it into a ticket; when no engineer joins within
 * the chat wait the scheduler turns it into a ticket by itself, so nobody waits for ever. One
 * decision says who may do what from which status, so the API and the scheduler apply the
 * same rules.
 *
 * | action | who | `WAITING` | `ACTIVE` | `CLOSED` | `CONVERTED` |
 * |---|---|---|---|---|---|
 * | `JOIN` | engineer | → `ACTIVE`, theirs | theirs already: unchanged; another's: → theirs (takes over) | `CONVERSATION_ENDED` | `ALREADY_CONVERTED` |
 * | `SEND` | contact | same | same | `CONVERSATION_ENDED` | `ALREADY_CONVERTED` |
 * | `SEND` | engineer | `JOIN_FIRST` | theirs: same; another's: `JOIN_FIRST` | `CONVERSATION_ENDED` | `ALREADY_CONVERTED` |
 * | `CLOSE` | contact, engineer | → `CLOSED` | → `CLOSED` | `CONVERSATION_ENDED` | `ALREADY_CONVERTED` |
 * | `CONVERT` | contact, engineer | → `CONVERTED` | → `CONVERTED` | → `CONVERTED` | `ALREADY_CONVERTED` |
 * | `AUTO_CONVERT` | scheduler | → `CONVERTED` when the wait is over, else `NOT_DUE` | `ALREADY_ANSWERED` | `CONVERSATION_ENDED` | `ALREADY_CONVERTED` |
 *
 * A closed conversation can still become a ticket (the transcript is kept), but nobody writes
 * in it any more. Any other actor/action pair is refused `NOT_ALLOWED_FOR_ACTOR`: a contact
 * neither joins nor converts automatically, the scheduler only converts a conversation nobody
 * answered.
 */
import { z } from 'zod';
import { chatWaitDeadline } from './chat-limits.js';

/** Where a conversation stands. */
export type ConversationStatus = 'WAITING' | 'ACTIVE' | 'CLOSED' | 'CONVERTED';

/** Every status, in the order a conversation normally goes through them. */
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['WAITING', 'ACTIVE', 'CLOSED', 'CONVERTED'];

/** The statuses of a conversation still open: someone may still write in it. */
export const OPEN_CONVERSATION_STATUSES: readonly ConversationStatus[] = ['WAITING', 'ACTIVE'];

/** Validates a status in API input or a stored row. */
export const ConversationStatusSchema = z.enum(['WAITING', 'ACTIVE', 'CLOSED', 'CONVERTED']);

/** Something done to a conversation; each maps to one API mutation or the scheduler's job. */
export type ConversationAction =
  | { readonly kind: 'JOIN' }
  | { readonly kind: 'SEND' }
  | { readonly kind: 'CLOSE' }
  | { readonly kind: 'CONVERT' }
  /** Nobody joined in time; both times come from the caller, the domain reads no clock. */
  | { readonly kind: 'AUTO_CONVERT'; readonly waitingSince: Date; readonly now: Date; readonly waitSeconds?: number };

/** Who acts: the customer's contact (through the partner portal), an engineer (by staff name) or the scheduler. */
export type ConversationActor = { readonly kind: 'CONTACT' } | { readonly kind: 'ENGINEER'; readonly id: string } | { readonly kind: 'SCHEDULER' };

/** A conversation as it stands, what is done to it and by whom. */
export interface ConversationStepInput {
  readonly status: ConversationStatus;
  /** The engineer answering it; null while it waits. */
  readonly engineer: string | null;
  readonly action: ConversationAction;
  readonly actor: ConversationActor;
}

/** Why a step is refused; each comes with a sentence telling the person what to do instead. */
export type ConversationStepRefusal =
  | 'NOT_ALLOWED_FOR_ACTOR'
  | 'JOIN_FIRST'
  | 'CONVERSATION_ENDED'
  | 'ALREADY_CONVERTED'
  | 'ALREADY_ANSWERED'
  | 'NOT_DUE';

/** The outcome of a step: the new state, or why not. */
export type ConversationStep =
  | {
      readonly ok: true;
      readonly status: ConversationStatus;
      readonly statusChanged: boolean;
      /** The engineer answering it after the step. */
      readonly engineer: string | null;
      readonly engineerChanged: boolean;
    }
  | { readonly ok: false; readonly reason: ConversationStepRefusal; readonly message: string };

const ENDED_MESSAGE = 'This conversation has ended: start a new one, or convert this one into a ticket.';
const CONVERTED_MESSAGE = 'This conversation is already a ticket: continue on the ticket.';

function refuse(reason: ConversationStepRefusal, message: string): ConversationStep {
  return { ok: false, reason, message };
}

function move(input: ConversationStepInput, status: ConversationStatus, engineer: string | null): ConversationStep {
  return { ok: true, status, statusChanged: status !== input.status, engineer, engineerChanged: engineer !== input.engineer };
}

/** Refusals of a conversation that is over, whatever the action. */
function ended(status: ConversationStatus): ConversationStep | undefined {
  if (status === 'CONVERTED') return refuse('ALREADY_CONVERTED', CONVERTED_MESSAGE);
  return undefined;
}

function contactStep(input: ConversationStepInput): ConversationStep {
  const { status, action } = input;
  const over = ended(status);
  if (over) return over;
  switch (action.kind) {
    case 'SEND':
    case 'CLOSE':
      if (status === 'CLOSED') return refuse('CONVERSATION_ENDED', ENDED_MESSAGE);
      return move(input, action.kind === 'CLOSE' ? 'CLOSED' : status, input.engineer);
    case 'CONVERT':
      return move(input, 'CONVERTED', input.engineer);
    case 'JOIN':
    case 'AUTO_CONVERT':
      return refuse('NOT_ALLOWED_FOR_ACTOR', 'A contact can write in, close or convert a conversation; engineers join it.');
  }
}

function engineerStep(input: ConversationStepInput, engineer: string): ConversationStep {
  const { status, action } = input;
  const over = ended(status);
  if (over) return over;
  switch (action.kind) {
    case 'JOIN':
      if (status === 'CLOSED') return refuse('CONVERSATION_ENDED', ENDED_MESSAGE);
      return move(input, 'ACTIVE', engineer);
    case 'SEND':
      if (status === 'CLOSED') return refuse('CONVERSATION_ENDED', ENDED_MESSAGE);
      if (input.engineer !== engineer) {
        return refuse(
          'JOIN_FIRST',
          input.engineer === null
            ? 'Join the conversation first, so the contact knows an engineer is answering.'
            : `${input.engineer} is answering this conversation: join it to take it over first.`,
        );
      }
      return move(input, status, input.engineer);
    case 'CLOSE':
      if (status === 'CLOSED') return refuse('CONVERSATION_ENDED', ENDED_MESSAGE);
      return move(input, 'CLOSED', input.engineer);
    case 'CONVERT':
      return move(input, 'CONVERTED', input.engineer);
    case 'AUTO_CONVERT':
      return refuse('NOT_ALLOWED_FOR_ACTOR', 'Only the scheduler converts a conversation nobody answered: convert it yourself instead.');
  }
}

function schedulerStep(input: ConversationStepInput): ConversationStep {
  const { status, action } = input;
  if (action.kind !== 'AUTO_CONVERT') return refuse('NOT_ALLOWED_FOR_ACTOR', 'The scheduler only converts conversations nobody answered in time.');
  const over = ended(status);
  if (over) return over;
  if (status === 'CLOSED') return refuse('CONVERSATION_ENDED', 'This conversation was closed before anyone answered: nothing to convert.');
  if (status === 'ACTIVE') return refuse('ALREADY_ANSWERED', 'An engineer joined this conversation in time.');
  const now = action.now.getTime();
  if (Number.isNaN(now) || Number.isNaN(action.waitingSince.getTime())) throw new RangeError('waitingSince and now must be valid dates.');
  const dueAt = chatWaitDeadline(action.waitingSince, action.waitSeconds);
  if (dueAt.getTime() > now) return refuse('NOT_DUE', `Waiting since ${action.waitingSince.toISOString()}: it becomes a ticket by itself from ${dueAt.toISOString()}.`);
  return move(input, 'CONVERTED', null);
}

/**
 * Decides one step of a conversation (see the table above). An engineer joining a conversation
 * another engineer answers takes it over; an engineer writes only in a conversation they answer.
 *
 * ### Examples
 * ```ts
 * decideConversationStep({ status: 'WAITING', engineer: null, action: { kind: 'JOIN' }, actor: { kind: 'ENGINEER', id: 'ana' } });
 * // { ok: true, status: 'ACTIVE', statusChanged: true, engineer: 'ana', engineerChanged: true }
 * decideConversationStep({ status: 'WAITING', engineer: null, action: { kind: 'SEND' }, actor: { kind: 'ENGINEER', id: 'ana' } }).ok; // false
 * decideConversationStep({ status: 'ACTIVE', engineer: 'ana', action: { kind: 'SEND' }, actor: { kind: 'CONTACT' } }).ok;           // true
 * decideConversationStep({ status: 'WAITING', engineer: null, actor: { kind: 'SCHEDULER' },
 *   action: { kind: 'AUTO_CONVERT', waitingSince: new Date('2026-11-26T09:00:00Z'), now: new Date('2026-11-26T09:05:00Z') } }).ok; // true
 * ```
 */
export function decideConversationStep(input: ConversationStepInput): ConversationStep {
  switch (input.actor.kind) {
    case 'CONTACT':
      return contactStep(input);
    case 'ENGINEER':
      return engineerStep(input, input.actor.id);
    case 'SCHEDULER':
      return schedulerStep(input);
  }
}
