// What every notice to engineers shares (an escalation, an SLA alert): the facts of the ticket in the
// same order in both languages, and the headers of a notification no system should answer (RFC 3834:
// auto-generated, not a reply). Notices never carry the `[prefix number]` subject tag, so an engineer
// answering one does not write on the customer's ticket by mistake.
import { priorityName, spokenStatus, type Language, type PriorityLevel, type TicketStatus } from '@nocdesk/domain';
import { singleLine } from './outbound-email.js';

/** The ticket a notice is about, as plain data. */
export interface NoticeTicket {
  /** With prefix, e.g. `NCC#1000002`. */
  readonly displayNumber: string;
  readonly subject: string;
  readonly customer: string;
  readonly status: TicketStatus;
  readonly level: PriorityLevel;
  /** The engineer working it (staff name); null: nobody yet. */
  readonly assignedTo: string | null;
  /** The SLA state in words, in the notice's language (domain `describeSlaState`). */
  readonly sla: string;
}

interface FactLabels {
  readonly subject: string;
  readonly customer: string;
  readonly status: string;
  readonly priority: string;
  readonly assignedTo: string;
  readonly nobody: string;
  readonly sla: string;
  readonly level: (level: PriorityLevel, name: string) => string;
  readonly noSubject: string;
  readonly signature: string;
}

const LABELS: Readonly<Record<Language, FactLabels>> = {
  en: {
    subject: 'Subject',
    customer: 'Customer',
    status: 'Status',
    priority: 'Priority',
    assignedTo: 'Assigned to',
    nobody: 'nobody yet',
    sla: 'SLA',
    level: (level, name) => `level ${level}, ${name}`,
    noSubject: '(no subject)',
    signature: 'nocdesk, NOC service desk',
  },
  es: {
    subject: 'Asunto',
    customer: 'Cliente',
    status: 'Estado',
    priority: 'Prioridad',
    assignedTo: 'Asignado a',
    nobody: 'nadie todavía',
    sla: 'Plazo (SLA)',
    level: (level, name) => `nivel ${level}, ${name}`,
    noSubject: '(sin asunto)',
    signature: 'nocdesk, centro de servicio NOC',
  },
};

/** The lines describing the ticket, in `language`. */
export function noticeFacts(ticket: NoticeTicket, language: Language): string[] {
  const labels = LABELS[language];
  return [
    `${labels.subject}: ${singleLine(ticket.subject) || labels.noSubject}`,
    `${labels.customer}: ${singleLine(ticket.customer)}`,
    `${labels.status}: ${spokenStatus(ticket.status, language)}`,
    `${labels.priority}: ${labels.level(ticket.level, priorityName(ticket.level, language))}`,
    `${labels.assignedTo}: ${ticket.assignedTo ?? labels.nobody}`,
    `${labels.sla}: ${ticket.sla}`,
  ];
}

export function noticeSignature(language: Language): string {
  return LABELS[language].signature;
}

/** A ticket's subject as a notice subject ends with it. */
export function noticeSubjectTail(ticket: NoticeTicket, language: Language): string {
  return singleLine(ticket.subject) || LABELS[language].noSubject;
}

/** A moment as engineers on any continent read it the same way: `2026-11-26 09:15 UTC`. */
export function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** RFC 3834 `auto-generated`: a notification, not a reply; nobody's autoresponder should answer it. */
export function noticeHeaders(loopId: string): Record<string, string> {
  return { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', Precedence: 'bulk', 'X-Loop': loopId, 'X-Nocdesk-Loop': loopId };
}
