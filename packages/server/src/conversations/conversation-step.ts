// One step in a conversation's life, inside the caller's transaction: lock the conversation, ask the
// domain whether the step is allowed and what it leads to, write the new state. Every conversation
// use case goes through here, so the rules live in one place; the caller writes the step's lines.
import { decideConversationStep, type ConversationAction, type ConversationStep } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { ConversationStepRefusedError, NotFoundError } from '../errors.js';
import { insertConversationMessage, lockConversation, updateConversation, type ConversationChange, type NewConversationMessage } from '../store/conversations.js';
import type { ConversationMessageRow, ConversationRow } from '../store/tables.js';
import type { StoreTransaction } from '../store/transaction.js';
import { participantScope, type ConversationParticipant } from './conversation-participant.js';

export type AcceptedConversationStep = Extract<ConversationStep, { ok: true }>;

export interface AppliedConversationStep {
  readonly before: ConversationRow;
  readonly conversation: ConversationRow;
  readonly step: AcceptedConversationStep;
}

/**
 * Applies one step: NotFoundError when the conversation does not exist or belongs to another customer
 * than a partner's, ConversationStepRefusedError when the rules refuse it; otherwise the conversation
 * as it is now.
 */
export async function applyConversationStep(
  desk: Desk,
  trx: StoreTransaction,
  request: { readonly conversationId: string; readonly action: ConversationAction; readonly participant: ConversationParticipant },
): Promise<AppliedConversationStep> {
  const before = await lockConversation(trx, desk.store.dialect, request.conversationId);
  const scope = participantScope(request.participant);
  if (!before || (scope !== undefined && before.customer_id !== scope)) throw new NotFoundError('Conversation');
  const step = decideConversationStep({ status: before.status, engineer: before.engineer, action: request.action, actor: request.participant.actor });
  if (!step.ok) throw new ConversationStepRefusedError(step.reason, step.message, before.status);
  if (!step.statusChanged && !step.engineerChanged) return { before, conversation: before, step };
  const now = desk.now();
  const change: ConversationChange = { status: step.status, engineer: step.engineer };
  if (step.engineerChanged && step.engineer !== null) change.joined_at = now.toISOString();
  if (step.status === 'CLOSED' || step.status === 'CONVERTED') {
    change.ended_at = now.toISOString();
    change.ended_by = request.participant.actorName;
  }
  return { before, conversation: await updateConversation(trx, before.id, change, now), step };
}

/** Writes one line of the conversation at the desk's time. */
export function writeLine(desk: Desk, trx: StoreTransaction, conversation: ConversationRow, line: NewConversationMessage): Promise<ConversationMessageRow> {
  return insertConversationMessage(trx, conversation.id, line, desk.now());
}
