// Who works tickets: a staff caller as the lifecycle's ENGINEER actor. An engineer is known at the
// desk by the name of their staff token (unique among active tokens); tickets are assigned to it.
import type { TicketActor } from '@nocdesk/domain';
import { actorOf, type Principal } from '../auth/principal.js';

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

export interface Engineer {
  readonly actor: TicketActor;
  /** As written in the history. */
  readonly actorName: string;
  readonly name: string;
}

export function engineerOf(staff: StaffPrincipal): Engineer {
  return { actor: { kind: 'ENGINEER', id: staff.name }, actorName: actorOf(staff), name: staff.name };
}
