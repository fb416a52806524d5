// GraphQL documents and helpers for the live assistant (SPEC §4.1, §4.3), for a desk in-process
// (yoga.fetch) or a running server (real HTTP), so each chat suite reads as the behaviour it proves.
import { createClient } from 'graphql-sse';
import { expect } from 'vitest';
import { gql, type EmailChannelServer, type TestDesk } from '../support/index.js';

/** One GraphQL request with a token, in-process or over HTTP. */
export type GraphQLCall = <T>(query: string, variables: Record<string, unknown>, token: string) => Promise<{ data?: T; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;

export const viaYoga = (desk: TestDesk): GraphQLCall => (query, variables, token) => gql(desk, query, variables, token);
export const viaHttp = (server: EmailChannelServer): GraphQLCall => (query, variables, token) => server.gql(query, variables, token);

export const LINE_FIELDS = 'id author authorName notice body createdAt';
export const CONVERSATION_FIELDS = `id subject status language engineer startedAt joinedAt endedAt waitingSeconds convertsAt customer { name } contact { name email } ticket { number displayNumber channel } messages { ${LINE_FIELDS} }`;

export interface LineView {
  readonly id: string;
  readonly author: 'CONTACT' | 'ENGINEER' | 'SYSTEM';
  readonly authorName: string | null;
  readonly notice: string | null;
  readonly body: string;
  readonly createdAt: string;
}

export interface ConversationView {
  readonly id: string;
  readonly subject: string | null;
  readonly status: string;
  readonly language: string;
  readonly engineer: string | null;
  readonly startedAt: string;
  readonly joinedAt: string | null;
  readonly endedAt: string | null;
  readonly waitingSeconds: number | null;
  readonly convertsAt: string | null;
  readonly customer: { readonly name: string };
  readonly contact: { readonly name: string; readonly email: string };
  readonly ticket: { readonly number: string; readonly displayNumber: string; readonly channel: string } | null;
  readonly messages: readonly LineView[];
}

export const CHAT_TICKET_FIELDS = `id number displayNumber subject description status channel language flags sof priority { level source } reporter { email } events { type actor data } messages { direction channel from subject body }`;

export interface ChatTicketView {
  readonly id: string;
  readonly number: string;
  readonly displayNumber: string;
  readonly subject: string;
  readonly description: string;
  readonly status: string;
  readonly channel: string;
  readonly language: string;
  readonly flags: readonly string[];
  readonly sof: string | null;
  readonly priority: { readonly level: number; readonly source: string };
  readonly reporter: { readonly email: string };
  readonly events: readonly { readonly type: string; readonly actor: string; readonly data: Record<string, unknown> }[];
  readonly messages: readonly { readonly direction: string; readonly channel: string; readonly from: string | null; readonly subject: string; readonly body: string }[];
}

/** What a live-assistant mutation answered: its result, or the typed error's name, code and reason. */
export interface ChatAnswer {
  readonly __typename: string;
  readonly code?: string;
  readonly message?: string;
  /** The reason of whichever typed error it is (ReporterNotAuthorizedError, ConversationStepRefusedError, ChatLimitExceededError). */
  readonly reason?: string;
  readonly status?: string;
  readonly limit?: number;
  readonly retryAt?: string | null;
  readonly conversation?: ConversationView;
  readonly conversationMessage?: LineView;
  readonly ticket?: ChatTicketView;
}

const SUCCESS: Readonly<Record<ChatMutation, string>> = {
  startConversation: `conversation { ${CONVERSATION_FIELDS} }`,
  sendConversationMessage: `conversationMessage { ${LINE_FIELDS} }`,
  joinConversation: `conversation { ${CONVERSATION_FIELDS} }`,
  closeConversation: `conversation { ${CONVERSATION_FIELDS} }`,
  convertConversationToTicket: `ticket { ${CHAT_TICKET_FIELDS} }`,
};

const INPUT: Readonly<Record<ChatMutation, string>> = {
  startConversation: 'StartConversationInput',
  sendConversationMessage: 'SendConversationMessageInput',
  joinConversation: 'JoinConversationInput',
  closeConversation: 'CloseConversationInput',
  convertConversationToTicket: 'ConvertConversationToTicketInput',
};

export type ChatMutation = 'startConversation' | 'sendConversationMessage' | 'joinConversation' | 'closeConversation' | 'convertConversationToTicket';

// Each error's reason is its own enum, so each gets an alias (fields of one name must share a type).
const REPORTER = '... on ReporterNotAuthorizedError { reporterReason: reason }';
const STEP = '... on ConversationStepRefusedError { stepReason: reason status }';
const LIMIT = '... on ChatLimitExceededError { limitReason: reason limit retryAt }';

/** The typed errors of each mutation's result union: a fragment on any other would not validate. */
const ERRORS: Readonly<Record<ChatMutation, string>> = {
  startConversation: `${REPORTER} ${LIMIT}`,
  sendConversationMessage: `${STEP} ${LIMIT}`,
  joinConversation: STEP,
  closeConversation: STEP,
  convertConversationToTicket: `${STEP} ${REPORTER}`,
};

/** Runs one live-assistant mutation; GraphQL-level errors (FORBIDDEN, UNAUTHENTICATED) fail the call. */
export async function chat(call: GraphQLCall, mutation: ChatMutation, input: Record<string, unknown>, token: string): Promise<ChatAnswer> {
  const query = `mutation M($input: ${INPUT[mutation]}!) { ${mutation}(input: $input) {
    __typename
    ... on Error { code message }
    ${ERRORS[mutation]}
    ... on Mutation${mutation[0]?.toUpperCase()}${mutation.slice(1)}Success { ${SUCCESS[mutation]} }
  } }`;
  const answer = await call<Record<string, Record<string, unknown>>>(query, { input }, token);
  if (answer.errors) throw new Error(`${mutation}: ${JSON.stringify(answer.errors)}`);
  const { reporterReason, stepReason, limitReason, ...rest } = answer.data?.[mutation] ?? {};
  const reason = reporterReason ?? stepReason ?? limitReason;
  return { ...(rest as unknown as ChatAnswer), ...(reason !== undefined ? { reason: reason as string } : {}) };
}

/** The mutation's success, or a failed expectation naming the error it answered. */
async function succeed<K extends 'conversation' | 'conversationMessage' | 'ticket'>(
  call: GraphQLCall,
  mutation: ChatMutation,
  input: Record<string, unknown>,
  token: string,
  field: K,
): Promise<NonNullable<ChatAnswer[K]>> {
  const answer = await chat(call, mutation, input, token);
  expect(answer, `${mutation} answered ${answer.__typename}: ${answer.message ?? ''}`).toHaveProperty(field);
  return answer[field] as NonNullable<ChatAnswer[K]>;
}

export const startChat = (call: GraphQLCall, token: string, input: Record<string, unknown> = { contactEmail: 'noc@acme.example' }) =>
  succeed(call, 'startConversation', input, token, 'conversation');
export const say = (call: GraphQLCall, token: string, conversationId: string, body: string) =>
  succeed(call, 'sendConversationMessage', { conversationId, body }, token, 'conversationMessage');
export const join = (call: GraphQLCall, token: string, conversationId: string) => succeed(call, 'joinConversation', { conversationId }, token, 'conversation');
export const convert = (call: GraphQLCall, token: string, input: Record<string, unknown>) => succeed(call, 'convertConversationToTicket', input, token, 'ticket');

export async function conversationById(call: GraphQLCall, token: string, id: string): Promise<ConversationView | null> {
  const answer = await call<{ conversation: ConversationView | null }>(`query C($id: ID!) { conversation(id: $id) { ${CONVERSATION_FIELDS} } }`, { id }, token);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data?.conversation ?? null;
}

/** The last line's id: what a portal passes as `after` when it subscribes, so it misses nothing. */
export const lastLineId = (conversation: ConversationView): string => conversation.messages.at(-1)?.id ?? '0';

export interface LiveLines {
  /** Every result the stream delivered, in order. */
  readonly results: { readonly data?: { readonly conversationMessages?: LineView | null } | null; readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }[];
  /** The lines among them. */
  lines(): LineView[];
  /** Whether the server ended the stream (or refused it). */
  readonly ended: boolean;
  close(): void;
}

/**
 * Follows a conversation over real HTTP as a portal backend would: graphql-sse's client in distinct
 * connections mode (what Yoga speaks), one SSE response per subscription.
 */
export function followConversation(url: string, token: string, conversationId: string, after?: string): LiveLines {
  const client = createClient({ url, singleConnection: false, retryAttempts: 0, headers: { authorization: `Bearer ${token}` } });
  const results: LiveLines['results'][number][] = [];
  let ended = false;
  const dispose = client.subscribe<{ conversationMessages: LineView | null }>(
    { query: `subscription S($id: ID!, $after: ID) { conversationMessages(conversationId: $id, after: $after) { ${LINE_FIELDS} } }`, variables: { id: conversationId, after: after ?? null } },
    {
      next: (result) => void results.push(result as LiveLines['results'][number]),
      error: (error) => {
        results.push({ errors: [{ message: error instanceof Error ? error.message : JSON.stringify(error) }] });
        ended = true;
      },
      complete: () => {
        ended = true;
      },
    },
  );
  return {
    results,
    lines: () => results.flatMap((r) => (r.data?.conversationMessages ? [r.data.conversationMessages] : [])),
    get ended() {
      return ended;
    },
    close() {
      dispose();
      client.dispose();
    },
  };
}
