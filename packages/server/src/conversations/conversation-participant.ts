// Who takes part in a live-assistant conversation: a partner portal speaks for the conversation's
// contact (and only within its own customer), an engineer for themself, the scheduler for the desk.
import type { ConversationActor } from '@nocdesk/domain';
import { actorOf, type Principal } from '../auth/principal.js';

export type ConversationParticipant =
  | { readonly kind: 'CONTACT'; readonly actor: ConversationActor; readonly actorName: string; readonly customerId: string }
  | { readonly kind: 'ENGINEER'; readonly actor: ConversationActor; readonly actorName: string; readonly name: string }
  | { readonly kind: 'SCHEDULER'; readonly actor: ConversationActor; readonly actorName: string };

export const SCHEDULER_PARTICIPANT: ConversationParticipant = { kind: 'SCHEDULER', actor: { kind: 'SCHEDULER' }, actorName: 'scheduler' };

/** A caller who may take part: a partner key or a staff token (the resolvers' scopes admit engineers only). */
export type ParticipantPrincipal = Exclude<Principal, { kind: 'anonymous' }>;

export function participantOf(principal: ParticipantPrincipal): ConversationParticipant {
  return principal.kind === 'partner'
    ? { kind: 'CONTACT', actor: { kind: 'CONTACT' }, actorName: actorOf(principal), customerId: principal.customerId }
    : { kind: 'ENGINEER', actor: { kind: 'ENGINEER', id: principal.name }, actorName: actorOf(principal), name: principal.name };
}

/** The customer a participant is confined to: another customer's conversation is "not found". */
export function participantScope(participant: ConversationParticipant): string | undefined {
  return participant.kind === 'CONTACT' ? participant.customerId : undefined;
}
