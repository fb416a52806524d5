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

export {
  DEFAULT_SLA_POLICY,
  SLA_STATES,
  SLA_TARGET_KINDS,
  SlaPolicyOverrideSchema,
  SlaPolicySchema,
  SlaStateSchema,
  describeSlaState,
  describeSlaTarget,
  dueSlaEvents,
  nextSlaChange,
  parseSlaPolicyOverride,
  slaDeadlines,
  slaStatus,
  updateSlaPause,
} from './sla.js';
export type {
  SlaClockInput,
  SlaEvent,
  SlaEventKind,
  SlaEventRecord,
  SlaPause,
  SlaPolicy,
  SlaPolicyOverride,
  SlaPolicyParse,
  SlaState,
  SlaStatus,
  SlaTargetKind,
  SlaTargetStatus,
} from './sla.js';

export {
  DEFAULT_CLOSE_AFTER_DAYS,
  TICKET_ACTION_KINDS,
  TICKET_ACTOR_KINDS,
  TICKET_STATUSES,
  TicketStatusSchema,
  UNRESOLVED_TICKET_STATUSES,
  decideTicketTransition,
  slaPaused,
} from './ticket-lifecycle.js';
export type {
  TicketAction,
  TicketActionKind,
  TicketActor,
  TicketActorKind,
  TicketStatus,
  TicketTransition,
  TicketTransitionInput,
  TicketTransitionRefusal,
} from './ticket-lifecycle.js';

export { DEFAULT_ESCALATION_WINDOW_MINUTES, ESCALATION_CHANNELS, EscalationChannelSchema, decideEscalation } from './escalation.js';
export type { EscalationChannel, EscalationDecision, EscalationInput } from './escalation.js';

export { CHANNELS, ChannelSchema, decideIntake } from './intake.js';
export type { Channel, IntakeDecision, IntakeFlag, IntakeInput, IntakeRejection, SenderAuthentication } from './intake.js';

export { HotlineSchema, HotlinesSchema, hotlinesFor } from './hotlines.js';
export type { Hotline } from './hotlines.js';

// What the desk says on the phone: ticket numbers digit by digit, status, level, SLA and escalations in words.
export { spokenDigits, spokenEscalation, spokenLevel, spokenStatus, spokenTicketNumberCheck, spokenTicketStatus } from './voice.js';
export type { SpokenEscalationInput, SpokenTicketInput } from './voice.js';

// Who may claim an address, who may open or add to a ticket, and how often the desk answers automatically.
export { mayOpenTickets } from './contacts.js';
export {
  SenderAuthenticationSchema,
  assessSenderAuthentication,
  decideAcceptedIntake,
  mayExplainRejection,
} from './intake.js';
export type {
  AcceptedIntakeInput,
  IntakeAcceptance,
  IntakeRefusal,
  SenderAuthenticationMechanism,
  SenderAuthenticationOutcome,
  SenderAuthenticationResult,
} from './intake.js';
export { VerifiedDomainSchema, decideAddressClaim, isInVerifiedDomains } from './address-claims.js';
export type { AddressClaimDecision, AddressClaimInput, AddressClaimRejection, AddressClaimant } from './address-claims.js';
export { decideThreadMessage } from './thread-message.js';
export type { ThreadMessageDecision, ThreadMessageInput, ThreadRejection, UnattachedReason } from './thread-message.js';
export {
  AutoReplyTierSchema,
  DEFAULT_AUTO_REPLY_TIERS,
  DEFAULT_DESK_WIDE_EXPLANATIONS_PER_HOUR,
  REGISTRATION_EXPLANATION_TIER,
  autoReplyAllowed,
  registrationExplanationAllowed,
} from './auto-reply-limit.js';
export type {
  AutoReplyDecision,
  AutoReplyTier,
  RegistrationExplanationDecision,
  RegistrationExplanationInput,
  RegistrationExplanationLimit,
} from './auto-reply-limit.js';

// The live assistant: who may do what in a conversation, and the limits a chat stays within.
export {
  CONVERSATION_STATUSES,
  ConversationStatusSchema,
  OPEN_CONVERSATION_STATUSES,
  decideConversationStep,
} from './conversation-lifecycle.js';
export type {
  ConversationAction,
  ConversationActor,
  ConversationStatus,
  ConversationStep,
  ConversationStepInput,
  ConversationStepRefusal,
} from './conversation-lifecycle.js';
export {
  ChatLimitsSchema,
  DEFAULT_CHAT_LIMITS,
  DEFAULT_CHAT_WAIT_SECONDS,
  chatMessageBytes,
  chatWaitDeadline,
  decideChatMessage,
  decideConversationStart,
} from './chat-limits.js';
export type { ChatLimitDecision, ChatLimitRefusal, ChatLimits } from './chat-limits.js';
