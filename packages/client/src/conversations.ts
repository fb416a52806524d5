// The live assistant (SPEC §4.3): a portal chats for one of its customer's authorised contacts, an
// engineer answers, either side turns the chat into a ticket. The lines arrive live through
// `conversationMessages` in `@nocdesk/client/subscriptions`.
import {
  CloseConversationDocument,
  ConversationDocument,
  ConvertConversationToTicketDocument,
  SendConversationMessageDocument,
  StartConversationDocument,
  type CloseConversationInput,
  type ConversationFieldsFragment,
  type ConversationMessageFieldsFragment,
  type ConvertConversationToTicketInput,
  type SendConversationMessageInput,
  type StartConversationInput,
} from './_generated_graphql.js';
import { unwrap, withIdempotencyKey, type Caller } from './call.js';
import { newIdempotencyKey } from './idempotency.js';
import type { Ticket } from './tickets.js';
import type { CallOptions } from './transport.js';

export type Conversation = ConversationFieldsFragment;
/** One line of a conversation: the contact's, the engineer's, or the desk's own (`author: SYSTEM`, with a `notice`). */
export type ConversationMessage = ConversationMessageFieldsFragment;

/** `client.conversations`. */
export interface ConversationsArea {
  /**
   * Opens a chat for `contactEmail`, an active ADMINISTRATIVE or TECHNICAL contact of your customer
   * (the person signed in to your portal). It waits for an engineer; if none joins within the
   * desk's wait it becomes a ticket by itself. Idempotent like `tickets.create`.
   * @throws ReporterNotAuthorizedError, ChatLimitExceededError, IdempotencyKeyReusedError, InputValidationError.
   */
  start(input: StartConversationInput, options?: CallOptions): Promise<Conversation>;
  /** A conversation with its lines so far; null when unknown or not yours. */
  get(id: string, options?: CallOptions): Promise<Conversation | null>;
  /**
   * Writes a line as the contact. Not retried after a lost answer (a line has no idempotency key):
   * on a `NetworkError`, read the conversation before sending again.
   * @throws ConversationStepRefusedError, ChatLimitExceededError, NotFoundError, InputValidationError.
   */
  send(input: SendConversationMessageInput, options?: CallOptions): Promise<ConversationMessage>;
  /** Ends the chat; it can still be converted to a ticket afterwards. */
  close(input: CloseConversationInput, options?: CallOptions): Promise<Conversation>;
  /** The transcript becomes the first message of a new ticket, acknowledged to the contact by email. */
  convert(input: ConvertConversationToTicketInput, options?: CallOptions): Promise<Ticket>;
}

export function conversationsArea(caller: Caller): ConversationsArea {
  return {
    async start(input, options) {
      const key = input.idempotencyKey ?? options?.idempotencyKey ?? newIdempotencyKey();
      const { data, requestId } = await caller.run(StartConversationDocument, { input: { ...input, idempotencyKey: key } }, withIdempotencyKey(options, key));
      return unwrap(data.startConversation, 'MutationStartConversationSuccess', requestId).conversation;
    },
    async get(id, options) {
      return (await caller.run(ConversationDocument, { id }, options)).data.conversation;
    },
    async send(input, options) {
      const { data, requestId } = await caller.run(SendConversationMessageDocument, { input }, options);
      return unwrap(data.sendConversationMessage, 'MutationSendConversationMessageSuccess', requestId).conversationMessage;
    },
    async close(input, options) {
      const { data, requestId } = await caller.run(CloseConversationDocument, { input }, options);
      return unwrap(data.closeConversation, 'MutationCloseConversationSuccess', requestId).conversation;
    },
    async convert(input, options) {
      const { data, requestId } = await caller.run(ConvertConversationToTicketDocument, { input }, options);
      return unwrap(data.convertConversationToTicket, 'MutationConvertConversationToTicketSuccess', requestId).ticket;
    },
  };
}
