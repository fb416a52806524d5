/**
 * @nocdesk/domain: the pure rules of the nocdesk NOC service desk. No I/O, no clock, no
 * randomness: times and sequences are arguments. Every public name is exported here.
 */
export { LANGUAGES, LanguageSchema, chooseLanguage, detectLanguage } from './language.js';
export type { Language } from './language.js';

export {
  TICKET_NUMBER_MAX_DIGITS,
  TICKET_NUMBER_MIN_DIGITS,
  TicketNumberOptionsSchema,
  dammCheckDigit,
  displayTicketNumber,
  findTicketNumbersInSubject,
  formatTicketNumber,
  parseTicketNumber,
  ticketSubjectTag,
} from './ticket-number.js';
export type { TicketNumberOptions, TicketNumberParse, TicketNumberRejection } from './ticket-number.js';

export { SofOptionsSchema, SofSchema, extractSofs, parseSof } from './sof.js';
export type { SofOptions, SofParse, SofRejection } from './sof.js';

export {
  PRIORITY_KEYWORDS,
  PRIORITY_LEVELS,
  PriorityInputSchema,
  PriorityLevelSchema,
  TICKET_CATEGORIES,
  TicketCategorySchema,
  categoryLevel,
  decidePriority,
  findRequestedLevel,
  priorityMeaning,
  priorityName,
} from './priority.js';
export type { PriorityDecision, PriorityInput, PriorityLevel, PrioritySource, TicketCategory } from './priority.js';

export { compareQueueOrder, nextToOffer } from './queue.js';
export type { QueueEntry } from './queue.js';

export {
  CONTACT_ROLES,
  ContactRoleSchema,
  EmailAddressSchema,
  SERVICE_STATUSES,
  ServiceStatusSchema,
  TICKET_ROLES,
  authorizeContact,
  authorizePhoneCaller,
  canRemoveContact,
  canUpdateContact,
  normalizeEmail,
  normalizePhone,
} from './contacts.js';
export type {
  ContactDecision,
  ContactRecord,
  ContactRejection,
  ContactRole,
  PhoneCallerDecision,
  PhoneCallerFailure,
  ServiceRecord,
  ServiceStatus,
  SofCheckRejection,
} from './contacts.js';

export { DEFAULT_SLA_POLICY, SlaPolicySchema, describeSlaTarget, slaDeadlines } from './sla.js';
export type { SlaPolicy } from './sla.js';

export { CHANNELS, ChannelSchema, decideIntake } from './intake.js';
export type { Channel, IntakeDecision, IntakeFlag, IntakeInput, IntakeRejection, SenderAuthentication } from './intake.js';

export { HotlineSchema, HotlinesSchema, hotlinesFor } from './hotlines.js';
export type { Hotline } from './hotlines.js';
