// `convertConversationToTicket`: what matters in a chat becomes a ticket without retyping. The request
// goes through the same intake decision (channel CHAT) and the same ticket opening as every channel: the
// transcript (who said what, when) is the ticket's first message, the ticket gets its number and the
// usual acknowledgement by email to the contact, and the conversation links to it and says so in the
// chat, all in one transaction. The scheduler uses the same path for a chat nobody answered in time.
import {
  chooseLanguage,
  decideIntake,
  detectLanguage,
  displayTicketNumber,
  extractSofs,
  parseSof,
  type ConversationAction,
  type PriorityLevel,
} from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { announceTicket } from '../events/desk-events.js';
import { NotFoundError, ReporterNotAuthorizedError } from '../errors.js';
import { composeChatNotice, type ChatNoticeInput } from '../notifications/compose-chat-notice.js';
import { composeChatTranscript, transcriptSubject, type TranscriptInput } from '../notifications/compose-chat-transcript.js';
import { messagesOfConversations, updateConversation } from '../store/conversations.js';
import { findContactsByEmail, findContactsByIds, findServicesBySofs, toContactRecord, toServiceRecord } from '../store/customers.js';
import { insertMessage } from '../store/messages.js';
import { insertRejectedIntake } from '../store/rejected-intakes.js';
import { toDate, type ConversationMessageRow, type ConversationRow, type TicketRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { openTicketIn } from '../tickets/open-ticket.js';
import { recordIntake } from '../observability/intake-record.js';
import { announceConversation } from './conversation-events.js';
import { participantOf, type ConversationParticipant, type ParticipantPrincipal } from './conversation-participant.js';
import { applyConversationStep, writeLine } from './conversation-step.js';

export interface ConvertConversationInput {
  readonly conversationId: string;
  /** Omitted: the conversation's subject, else the contact's first words in the chat. */
  readonly subject?: string | null;
  readonly requestedLevel?: PriorityLevel | null;
}

export interface ConvertedConversation {
  readonly conversation: ConversationRow;
  /** Null only when the scheduler found the contact no longer authorised: the transcript was kept as a rejected intake. */
  readonly ticket: TicketRow | null;
}

/** The contact or an engineer turns the conversation into a ticket; a refused contact is a typed error and nothing changes. */
export async function convertConversationToTicket(desk: Desk, principal: ParticipantPrincipal, input: ConvertConversationInput): Promise<{ conversation: ConversationRow; ticket: TicketRow }> {
  const { conversation, ticket } = await convertConversation(desk, participantOf(principal), { kind: 'CONVERT' }, input);
  if (!ticket) throw new Error('a conversion by a contact or an engineer always opens a ticket or fails');
  return { conversation, ticket };
}

/** One conversion, for the API and the scheduler alike. */
export async function convertConversation(
  desk: Desk,
  participant: ConversationParticipant,
  action: Extract<ConversationAction, { kind: 'CONVERT' | 'AUTO_CONVERT' }>,
  input: ConvertConversationInput,
): Promise<ConvertedConversation> {
  const done = await inTransaction(desk.store, async (trx) => {
    const { conversation } = await applyConversationStep(desk, trx, { conversationId: input.conversationId, action, participant });
    const [contact] = await findContactsByIds(trx, [conversation.contact_id]);
    if (!contact) throw new NotFoundError('Contact');
    const lines = await messagesOfConversations(trx, [conversation.id]);
    const transcriptInput: TranscriptInput = {
      language: conversation.language,
      contact: { name: contact.name, email: contact.email },
      startedAt: toDate(conversation.started_at),
      lines: lines.map((line) => ({ authorKind: line.author_kind, author: line.author, body: line.body, createdAt: toDate(line.created_at) })),
    };
    const transcript = composeChatTranscript(transcriptInput);
    const subject = input.subject?.trim() || conversation.subject || transcriptSubject(transcriptInput);
    // The level and the SOF come from what the customer said, not from the engineer's questions.
    const text = [subject, ...lines.filter((line) => line.author_kind === 'CONTACT').map((line) => line.body)].join('\n');
    const sofs = extractSofs(text);
    const candidates = await findContactsByEmail(trx, contact.email);
    const services = await findServicesBySofs(trx, sofs.map(canonicalOrSelf));
    const decision = decideIntake({
      channel: 'CHAT',
      reporter: { email: contact.email },
      // The conversation belongs to one customer: a contact of the same address elsewhere does not count.
      contacts: candidates.filter((c) => c.customer_id === conversation.customer_id).map(toContactRecord),
      customerId: conversation.customer_id,
      sofs,
      services: services.map(toServiceRecord),
      priority: { requestedLevel: input.requestedLevel ?? undefined, text },
    });
    const now = desk.now();

    if (decision.kind === 'reject') {
      if (participant.kind !== 'SCHEDULER') throw new ReporterNotAuthorizedError(decision.reason, decision.message, contact.email);
      // Nobody is there to be told (the scheduler acts alone): nothing is lost, staff review it like any refused request.
      const messageRowId = await insertMessage(trx, null, 'IN', { channel: 'CHAT', from: contact.email, subject, body: transcript }, now);
      await insertRejectedIntake(trx, {
        channel: 'CHAT',
        sender: contact.email,
        customerId: conversation.customer_id,
        reason: decision.reason,
        explanation: decision.message,
        subject,
        payload: { from: contact.email, subject, text: transcript, messageId: null, references: [], language: conversation.language, conversationId: conversation.id },
        messageRowId,
        at: now,
      });
      const closed = await updateConversation(trx, conversation.id, { status: 'CLOSED' }, now);
      const line = await writeLine(desk, trx, closed, {
        authorKind: 'SYSTEM',
        author: null,
        ...composeChatNotice(closed.language, { notice: 'CLOSED', by: { kind: 'DESK' }, keptForReview: true }),
      });
      return { conversation: closed, ticket: null, line };
    }

    const ticket = await openTicketIn(desk, trx, {
      decision,
      sofs,
      subject,
      description: transcript,
      language: chooseLanguage({ contactLanguage: decision.contact.language, messageLanguage: detectLanguage(text) ?? conversation.language }),
      actor: participant.actorName,
      message: { channel: 'CHAT', from: decision.contact.email, subject, body: transcript },
      // One per conversation, and a conversation is an authenticated partner's: no auto-reply limit applies.
      acknowledgement: { to: decision.contact.email, limit: 'NONE' },
      createdEventData: { conversationId: conversation.id },
    });
    const linked = await updateConversation(trx, conversation.id, { ticket_id: ticket.id }, now);
    const display = displayTicketNumber(ticket.number, { prefix: desk.config.ticketPrefix });
    const notice: ChatNoticeInput =
      action.kind === 'AUTO_CONVERT'
        ? { notice: 'AUTO_CONVERTED', ticket: display, to: decision.contact.email, waitSeconds: desk.config.chatWaitSeconds }
        : { notice: 'CONVERTED', ticket: display, to: decision.contact.email };
    const line: ConversationMessageRow = await writeLine(desk, trx, linked, { authorKind: 'SYSTEM', author: null, ...composeChatNotice(linked.language, notice) });
    return { conversation: linked, ticket, line };
  });
  recordIntake(desk, done.ticket ? { channel: 'CHAT', outcome: 'created', ticketNumber: done.ticket.number } : { channel: 'CHAT', outcome: 'rejected', reason: 'CONTACT_NO_LONGER_AUTHORISED' });
  if (done.ticket) announceTicket(desk.events, { ticketId: done.ticket.id, customerId: done.ticket.customer_id, type: 'CREATED' });
  announceConversation(desk, done.conversation, [done.line], 'CLOSED');
  return { conversation: done.conversation, ticket: done.ticket };
}

function canonicalOrSelf(sof: string): string {
  const parsed = parseSof(sof);
  return parsed.ok ? parsed.sof : sof;
}
