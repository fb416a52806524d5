// How a channel reports one intake decision: one call per request taken in, whatever the outcome, so
// the counter and the log line always agree. Phone and chat channels call it the same way.
import type { Channel } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import type { IntakeOutcome } from './metrics.js';

export interface IntakeRecord {
  readonly channel: Channel;
  readonly outcome: IntakeOutcome;
  /** Why a request was rejected (`UNKNOWN_SENDER`, `SOF_FOREIGN`, `UNPARSEABLE`…); only for `rejected`. */
  readonly reason?: string;
  /** The ticket opened or added to, by number: staff look tickets up by it. */
  readonly ticketNumber?: string;
  readonly rejectedIntakeId?: string;
}

export function recordIntake(desk: Desk, record: IntakeRecord): void {
  desk.metrics.intakeDecisions.inc({ channel: record.channel, outcome: record.outcome, reason: record.reason ?? '' });
  desk.log.info({ intake: record }, 'intake decision');
}
