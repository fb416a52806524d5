/**
 * The live assistant's limits (SPEC §4.3). "Se puede proporcionar ayuda inmediata a través
 * de Live Assistant": immediate help, so nobody waits for an engineer longer than the chat
 * wait before the conversation becomes a ticket by itself; and a chat is a conversation
 * between people, so one message has a size limit, a conversation a pace limit and a
 * contact a limit on conversations open at once. Pure: the caller passes the history and
 * the time; the refusals say what to do instead.
 */
import { z } from 'zod';

/** How large, how fast and how many: the limits a portal's chat stays within. */
export interface ChatLimits {
  /** Largest message, in UTF-8 bytes. */
  readonly maxMessageBytes: number;
  /** Messages a conversation takes within any minute (both sides together; the desk's own lines do not count). */
  readonly messagesPerMinute: number;
  /** Conversations a contact may have waiting or active at once. */
  readonly openConversationsPerContact: number;
}

/** 8 kB a message (a pasted traceroute fits), 30 messages a minute, 3 open conversations per contact. */
export const DEFAULT_CHAT_LIMITS: ChatLimits = { maxMessageBytes: 8192, messagesPerMinute: 30, openConversationsPerContact: 3 };

/** How long a conversation waits for an engineer before it becomes a ticket by itself: 5 minutes. */
export const DEFAULT_CHAT_WAIT_SECONDS = 300;

/** Validates limits from configuration: every limit at least 1. */
export const ChatLimitsSchema = z.object({
  maxMessageBytes: z.number().int().min(1),
  messagesPerMinute: z.number().int().min(1),
  openConversationsPerContact: z.number().int().min(1),
});

/** Which limit a refusal is about. */
export type ChatLimitRefusal = 'MESSAGE_TOO_LARGE' | 'TOO_MANY_MESSAGES' | 'TOO_MANY_OPEN_CONVERSATIONS';

/** Within the limits, or which limit is reached, its value, and (for the pace) when one more message fits. */
export type ChatLimitDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: ChatLimitRefusal; readonly limit: number; readonly message: string; readonly retryAt?: Date };

const MINUTE_MS = 60_000;

/**
 * The size of a message as it travels and is stored: UTF-8 bytes, so a limit means the same
 * for "ñ" and "a" whatever the portal's language.
 *
 * ### Examples
 * ```ts
 * chatMessageBytes('ping');  // 4
 * chatMessageBytes('caída'); // 6
 * ```
 */
export function chatMessageBytes(body: string): number {
  return new TextEncoder().encode(body).byteLength;
}

/**
 * Whether one more message may go into a conversation whose earlier messages (from either side,
 * not the desk's own lines) were sent at `sentAt`. A message over the size limit is refused
 * whatever the pace; at the pace limit, `retryAt` is when the oldest message of the last minute
 * leaves it. A message exactly a minute old has left the window.
 *
 * ### Examples
 * ```ts
 * const now = new Date('2026-11-26T09:00:30Z');
 * decideChatMessage({ body: 'Link down since 09:12', sentAt: [], now }); // { ok: true }
 * decideChatMessage({ body: 'x'.repeat(9000), sentAt: [], now });
 * // { ok: false, reason: 'MESSAGE_TOO_LARGE', limit: 8192, message: 'A chat message may be at most 8192 bytes …' }
 * decideChatMessage({ body: 'again', sentAt: [new Date('2026-11-26T09:00:00Z')], now,
 *   limits: { maxMessageBytes: 8192, messagesPerMinute: 1, openConversationsPerContact: 3 } });
 * // { ok: false, reason: 'TOO_MANY_MESSAGES', limit: 1, retryAt: 2026-11-26T09:01:00Z, … }
 * ```
 */
export function decideChatMessage(input: {
  readonly body: string;
  readonly sentAt: readonly Date[];
  readonly now: Date;
  readonly limits?: ChatLimits;
}): ChatLimitDecision {
  const limits = input.limits ?? DEFAULT_CHAT_LIMITS;
  const bytes = chatMessageBytes(input.body);
  if (bytes > limits.maxMessageBytes) {
    return {
      ok: false,
      reason: 'MESSAGE_TOO_LARGE',
      limit: limits.maxMessageBytes,
      message: `A chat message may be at most ${limits.maxMessageBytes} bytes (this one has ${bytes}): split it, or convert the conversation into a ticket and send long output by email.`,
    };
  }
  const now = input.now.getTime();
  const inWindow = input.sentAt.map((date) => date.getTime()).filter((time) => time > now - MINUTE_MS).sort((a, b) => a - b);
  if (inWindow.length < limits.messagesPerMinute) return { ok: true };
  // The window must shed (count - max + 1) messages before one more fits.
  const releasing = inWindow[inWindow.length - limits.messagesPerMinute] ?? now;
  return {
    ok: false,
    reason: 'TOO_MANY_MESSAGES',
    limit: limits.messagesPerMinute,
    retryAt: new Date(releasing + MINUTE_MS),
    message: `A conversation takes at most ${limits.messagesPerMinute} messages a minute: wait a moment and send it again.`,
  };
}

/**
 * Whether a contact who already has `openConversations` waiting or active conversations may
 * start another one.
 *
 * ### Examples
 * ```ts
 * decideConversationStart({ openConversations: 0 }); // { ok: true }
 * decideConversationStart({ openConversations: 3 });
 * // { ok: false, reason: 'TOO_MANY_OPEN_CONVERSATIONS', limit: 3, message: 'This contact already has 3 open conversations …' }
 * ```
 */
export function decideConversationStart(input: { readonly openConversations: number; readonly limits?: ChatLimits }): ChatLimitDecision {
  const limits = input.limits ?? DEFAULT_CHAT_LIMITS;
  if (input.openConversations < limits.openConversationsPerContact) return { ok: true };
  return {
    ok: false,
    reason: 'TOO_MANY_OPEN_CONVERSATIONS',
    limit: limits.openConversationsPerContact,
    message: `This contact already has ${input.openConversations} open conversations (at most ${limits.openConversationsPerContact}): continue one of them, or close one first.`,
  };
}

/**
 * When a conversation that started waiting at `waitingSince` becomes a ticket by itself if no
 * engineer has joined.
 *
 * ### Examples
 * ```ts
 * chatWaitDeadline(new Date('2026-11-26T09:00:00Z')).toISOString();      // '2026-11-26T09:05:00.000Z'
 * chatWaitDeadline(new Date('2026-11-26T09:00:00Z'), 60).toISOString();  // '2026-11-26T09:01:00.000Z'
 * ```
 */
export function chatWaitDeadline(waitingSince: Date, waitSeconds: number = DEFAULT_CHAT_WAIT_SECONDS): Date {
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new RangeError('waitSeconds must be a number of seconds, 0 or more.');
  return new Date(waitingSince.getTime() + waitSeconds * 1000);
}
