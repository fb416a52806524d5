// The live assistant's limits: message size in UTF-8 bytes, a sliding minute per conversation, open
// conversations per contact, and when a waiting chat becomes a ticket by itself.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAT_LIMITS, DEFAULT_CHAT_WAIT_SECONDS, chatMessageBytes, chatWaitDeadline, decideChatMessage, decideConversationStart } from '../src/index.js';

const now = new Date('2026-11-26T09:00:30Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('chat message size', () => {
  it('counts UTF-8 bytes, so a Spanish message meets the same limit as an English one', () => {
    expect(chatMessageBytes('ping')).toBe(4);
    expect(chatMessageBytes('caída')).toBe(6);
    expect(chatMessageBytes('📡')).toBe(4);
  });

  it('takes a message of exactly 8 kB and refuses one byte more, saying how large it was', () => {
    expect(decideChatMessage({ body: 'x'.repeat(8192), sentAt: [], now })).toEqual({ ok: true });
    const refused = decideChatMessage({ body: `${'x'.repeat(8191)}ñ`, sentAt: [], now });
    expect(refused).toMatchObject({ ok: false, reason: 'MESSAGE_TOO_LARGE', limit: 8192 });
    expect(refused.ok ? '' : refused.message).toContain('8193');
  });

  it('refuses a message too large even when the pace limit is reached too: waiting would not help', () => {
    const refused = decideChatMessage({ body: 'x'.repeat(9000), sentAt: Array.from({ length: 30 }, () => ago(1)), now });
    expect(refused).toMatchObject({ ok: false, reason: 'MESSAGE_TOO_LARGE' });
    expect(refused.ok ? undefined : refused.retryAt).toBeUndefined();
  });
});

describe('chat pace', () => {
  const limits = { ...DEFAULT_CHAT_LIMITS, messagesPerMinute: 3 };

  it('takes messages up to the limit within a minute, then says when the next one fits', () => {
    expect(decideChatMessage({ body: 'a', sentAt: [ago(50), ago(20)], now, limits })).toEqual({ ok: true });
    const refused = decideChatMessage({ body: 'a', sentAt: [ago(20), ago(50), ago(5)], now, limits });
    expect(refused).toMatchObject({ ok: false, reason: 'TOO_MANY_MESSAGES', limit: 3 });
    // The oldest of the three (50 s ago) leaves the minute 10 s from now.
    expect(refused.ok ? null : refused.retryAt?.toISOString()).toBe('2026-11-26T09:00:40.000Z');
  });

  it('forgets a message exactly a minute old', () => {
    expect(decideChatMessage({ body: 'a', sentAt: [ago(60), ago(20), ago(5)], now, limits })).toEqual({ ok: true });
  });
});

describe('open conversations per contact', () => {
  it('lets a contact have three at once by default, not a fourth', () => {
    expect(decideConversationStart({ openConversations: 2 })).toEqual({ ok: true });
    expect(decideConversationStart({ openConversations: 3 })).toMatchObject({ ok: false, reason: 'TOO_MANY_OPEN_CONVERSATIONS', limit: 3 });
  });

  it('follows the configured limit', () => {
    expect(decideConversationStart({ openConversations: 1, limits: { ...DEFAULT_CHAT_LIMITS, openConversationsPerContact: 1 } })).toMatchObject({ ok: false });
  });
});

describe('chat wait', () => {
  it('is five minutes by default and follows the configuration', () => {
    expect(DEFAULT_CHAT_WAIT_SECONDS).toBe(300);
    expect(chatWaitDeadline(new Date('2026-11-26T09:00:00Z')).toISOString()).toBe('2026-11-26T09:05:00.000Z');
    expect(chatWaitDeadline(new Date('2026-11-26T09:00:00Z'), 45).toISOString()).toBe('2026-11-26T09:00:45.000Z');
  });

  it('refuses a wait that is not a number of seconds', () => {
    expect(() => chatWaitDeadline(now, -1)).toThrow(RangeError);
    expect(() => chatWaitDeadline(now, Number.NaN)).toThrow(RangeError);
  });
});
