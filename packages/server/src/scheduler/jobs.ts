// The desk's timed jobs, in the order they run.
import { autoCloseResolvedTickets } from '../tickets/close-ticket.js';
import { raiseDueSlaAlerts } from '../tickets/sla-alerts.js';
import type { ScheduledJob } from './scheduler.js';

export const AUTO_CLOSE_JOB: ScheduledJob = { name: 'auto-close', run: (desk) => autoCloseResolvedTickets(desk) };

/** SLA_AT_RISK and SLA_BREACHED, once per target window of a ticket, with their notices. */
export const SLA_ALERTS_JOB: ScheduledJob = { name: 'sla-alerts', run: (desk) => raiseDueSlaAlerts(desk) };

export const DESK_JOBS: readonly ScheduledJob[] = [AUTO_CLOSE_JOB, SLA_ALERTS_JOB];
