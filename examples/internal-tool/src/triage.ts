// The triage of one request, decided by @nocdesk/domain alone (no desk, no network): which level and
// why, whether its SOF number and ticket number are well-formed. A row is bad when a number it gives
// cannot be one, or when it has nothing to triage.
import { decidePriority, displayTicketNumber, parseSof, parseTicketNumber, priorityName, type PriorityLevel, type SofRejection, type TicketNumberRejection } from '@nocdesk/domain';

/** One line of the requests file. Empty cells are empty strings. */
export interface RequestRow {
  readonly subject: string;
  readonly body: string;
  readonly sof: string;
  readonly ticketNumber: string;
}

export type Check<TValue, TReason> = { readonly given: false } | { readonly given: true; readonly ok: true; readonly value: TValue } | { readonly given: true; readonly ok: false; readonly reason: TReason; readonly message: string };

export interface Triage {
  readonly level: PriorityLevel;
  readonly levelName: string;
  /** What gave the level, spelt as the API's PrioritySource (REQUESTED, CATEGORY, KEYWORD, DEFAULT). */
  readonly source: string;
  /** The words that gave it, when keywords or a request did. */
  readonly matched: string | undefined;
  readonly sof: Check<string, SofRejection>;
  readonly ticketNumber: Check<string, TicketNumberRejection>;
  /** Why the row is bad; empty when it is fine. */
  readonly problems: readonly string[];
}

export interface TriageOptions {
  /** The desk's display prefix of ticket numbers (NOCDESK_TICKET_PREFIX). */
  readonly ticketPrefix: string;
}

export function triage(row: RequestRow, options: TriageOptions): Triage {
  const priority = decidePriority({ text: `${row.subject}\n${row.body}` });
  const sofParse = row.sof === '' ? undefined : parseSof(row.sof);
  const numberParse = row.ticketNumber === '' ? undefined : parseTicketNumber(row.ticketNumber, { prefix: options.ticketPrefix });
  const sof: Triage['sof'] = !sofParse ? { given: false } : sofParse.ok ? { given: true, ok: true, value: sofParse.sof } : { given: true, ok: false, reason: sofParse.reason, message: sofParse.message };
  const ticketNumber: Triage['ticketNumber'] = !numberParse
    ? { given: false }
    : numberParse.ok
      ? { given: true, ok: true, value: displayTicketNumber(numberParse.number, { prefix: options.ticketPrefix }) }
      : { given: true, ok: false, reason: numberParse.reason, message: numberParse.message };

  const problems: string[] = [];
  if (row.subject === '' && row.body === '') problems.push('no subject and no body: nothing to triage');
  if (sof.given && !sof.ok) problems.push(`SOF: ${sof.message}`);
  if (ticketNumber.given && !ticketNumber.ok) problems.push(`ticket number: ${ticketNumber.message}`);

  return {
    level: priority.level,
    levelName: priorityName(priority.level),
    source: priority.source.toUpperCase(),
    matched: priority.matched,
    sof,
    ticketNumber,
    problems,
  };
}
