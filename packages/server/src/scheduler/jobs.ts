// The desk's timed jobs, in the order they run.
import { autoCloseResolvedTickets } from '../tickets/close-ticket.js';
import { raiseDueSlaAlerts } from '../tickets/sla-alerts.js';
import { convertWaitingConversations } from '../conversations/convert-waiting-conversations.js';
import type { ScheduledJob } from './scheduler.js';

export const AUTO_CLOSE_JOB: ScheduledJob = { name: 'auto-close', run: (desk) => autoCloseResolvedTickets(desk) };

/** Live-assistant conversations nobody answered within NOCDESK_CHAT_WAIT_S become tickets; first, since a contact is waiting. */
export const CHAT_WAIT_JOB: ScheduledJob = { name: 'chat-wait', run: (desk) => convertWaitingConversations(desk) };

/** SLA_AT_RISK and SLA_BREACHED, once per target window of a ticket, with their notices. */
export const SLA_ALERTS_JOB: ScheduledJob = { name: 'sla-alerts', run: (desk) => raiseDueSlaAlerts(desk) };

export const DESK_JOBS: readonly ScheduledJob[] = [CHAT_WAIT_JOB, AUTO_CLOSE_JOB, SLA_ALERTS_JOB];
