// The operations' documents, typed by what they send and answer. Re-typed from the generated module
// as `TypedDocument`, so the public declarations never show the generated string class (whose
// `__meta__` is typed `any`).
import * as generated from './_generated_graphql.js';
import type { TypedDocument } from './call.js';

const typed = <TResult, TVariables>(document: generated.TypedDocumentString<TResult, TVariables>): TypedDocument<TResult, TVariables> => document;

export const AddContactDocument = typed(generated.AddContactDocument);
export const AddTicketMessageDocument = typed(generated.AddTicketMessageDocument);
export const ChangeTicketPriorityDocument = typed(generated.ChangeTicketPriorityDocument);
export const CheckTicketNumberDocument = typed(generated.CheckTicketNumberDocument);
export const CloseConversationDocument = typed(generated.CloseConversationDocument);
export const ConversationDocument = typed(generated.ConversationDocument);
export const ConversationMessagesDocument = typed(generated.ConversationMessagesDocument);
export const ConvertConversationToTicketDocument = typed(generated.ConvertConversationToTicketDocument);
export const ContactsDocument = typed(generated.ContactsDocument);
export const CreateTicketDocument = typed(generated.CreateTicketDocument);
export const CustomersDocument = typed(generated.CustomersDocument);
export const EscalateTicketDocument = typed(generated.EscalateTicketDocument);
export const HotlinesDocument = typed(generated.HotlinesDocument);
export const QueueDocument = typed(generated.QueueDocument);
export const RemoveContactDocument = typed(generated.RemoveContactDocument);
export const ReopenTicketDocument = typed(generated.ReopenTicketDocument);
export const SendConversationMessageDocument = typed(generated.SendConversationMessageDocument);
export const StartConversationDocument = typed(generated.StartConversationDocument);
export const TicketChangedDocument = typed(generated.TicketChangedDocument);
export const TicketDocument = typed(generated.TicketDocument);
export const TicketsDocument = typed(generated.TicketsDocument);
export const ViewerDocument = typed(generated.ViewerDocument);
