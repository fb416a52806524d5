// Public API of @nocdesk/server: run a desk in-process, embed its GraphQL endpoint, or drive its channels.
export { loadConfig, ConfigError, DEFAULT_HOTLINES, type ServerConfig } from './config.js';
export type { Desk } from './desk.js';
export { openDesk, type OpenedDesk, type OpenDeskOptions } from './create-desk.js';
export { startServer, transportFor, type RunningServer, type StartServerOptions } from './server.js';
export { createNocdeskYoga, QUERY_LIMITS, type NocdeskYoga } from './http/create-yoga.js';
export { buildSchema } from './schema/index.js';
export { openStore, isStoreReachable, type Store, type DialectName, type OpenStoreOptions } from './store/database.js';
export { migrateToLatest } from './store/migrate.js';
export { seedDemo, type DemoCredentials } from './seed.js';
export { createPartnerKey, createStaffToken, authenticateToken } from './auth/credentials.js';
export type { Principal, StaffRole } from './auth/principal.js';
export { createDispatcher, retryDelayMs, type Dispatcher, type DispatcherOptions } from './dispatch/dispatcher.js';
export { fileTransport, smtpTransport, type EmailTransport, type EmailSendResult } from './channels/email/outbound/email-transport.js';
export { ingestEmail, MessageTooLargeError, type EmailIngestResult, type EmailOutcome } from './channels/email/inbound/ingest-email.js';
export { createPortalTicket, type CreateTicketInput } from './tickets/open-portal-ticket.js';
export { startSmtpListener, PermanentRejection, type SmtpListener } from './channels/email/inbound/smtp-listener.js';
export { runMailgate, MAILGATE_EXIT } from './channels/email/inbound/mailgate.js';
export { parseInboundEmail, type InboundEmail } from './channels/email/inbound/inbound-email.js';
export { classifyAutomatedMail, type AutomatedMailVerdict } from './channels/email/inbound/automated-mail.js';
// The phone channel, escalations, the SLA alerts, and the voice menu for another voice platform's adapter.
export { openPhoneTicket, type PhoneTicketInput, type PhoneTicketResult } from './tickets/open-phone-ticket.js';
export { escalateTicket, type EscalationOutcome, type EscalationRequest } from './tickets/escalate-ticket.js';
export { lookUpTicketByPhone, type CallerTicketView } from './tickets/look-up-ticket-by-phone.js';
export { raiseDueSlaAlerts, type SlaAlertOptions } from './tickets/sla-alerts.js';
export { IVR_MAX_TRIES, IvrStateSchema, ivrUnavailable, runIvrMenu, type IvrDesk, type IvrGather, type IvrReply, type IvrSpeech, type IvrState, type IvrTurn } from './channels/ivr/ivr-menu.js';
// The live assistant, for another chat front end (a messaging bridge) to drive the same conversations.
export { startConversation, type PartnerPrincipal, type StartConversationInput } from './conversations/start-conversation.js';
export { sendConversationMessage, type SendConversationMessageInput } from './conversations/send-conversation-message.js';
export { joinConversation } from './conversations/join-conversation.js';
export { closeConversation } from './conversations/close-conversation.js';
export { convertConversationToTicket, type ConvertConversationInput } from './conversations/convert-conversation-to-ticket.js';
export { convertWaitingConversations } from './conversations/convert-waiting-conversations.js';
export type { ParticipantPrincipal } from './conversations/conversation-participant.js';
export * from './errors.js';
