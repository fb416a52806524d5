// The desk's timed jobs, in the order they run.
import { autoCloseResolvedTickets } from '../tickets/close-ticket.js';
import type { ScheduledJob } from './scheduler.js';

export const AUTO_CLOSE_JOB: ScheduledJob = { name: 'auto-close', run: (desk) => autoCloseResolvedTickets(desk) };

export const DESK_JOBS: readonly ScheduledJob[] = [AUTO_CLOSE_JOB];
