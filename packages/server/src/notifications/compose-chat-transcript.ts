// The transcript of a live-assistant conversation: who said what, when. It becomes the first message of
// the ticket the conversation turns into, so nobody retypes what was said in the chat.
import type { Language } from '@nocdesk/domain';
import type { ConversationAuthorKind } from '../store/tables.js';
import { engineerLabel } from './compose-chat-notice.js';

export interface TranscriptLine {
  readonly authorKind: ConversationAuthorKind;
  readonly author: string | null;
  readonly body: string;
  readonly createdAt: Date;
}

export interface TranscriptInput {
  readonly language: Language;
  readonly contact: { readonly name: string; readonly email: string };
  readonly startedAt: Date;
  readonly lines: readonly TranscriptLine[];
}

interface TranscriptTexts {
  readonly heading: (contact: string, startedAt: string) => string;
  readonly desk: string;
  readonly defaultSubject: (contact: string) => string;
}

// The two languages say the same things in the same order.
const TEXTS: Readonly<Record<Language, TranscriptTexts>> = {
  en: {
    heading: (contact, startedAt) => `Live assistant conversation with ${contact}, started ${startedAt}.`,
    desk: 'NOC service desk',
    defaultSubject: (contact) => `Live assistant conversation with ${contact}`,
  },
  es: {
    heading: (contact, startedAt) => `Conversación del asistente en vivo con ${contact}, iniciada el ${startedAt}.`,
    desk: 'Centro de servicio NOC',
    defaultSubject: (contact) => `Conversación del asistente en vivo con ${contact}`,
  },
};

const SUBJECT_MAX = 120;

/** A moment as every line shows it, the same in both languages and unambiguous across midnight: `2026-11-26 09:00:05 UTC`. */
function stamp(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The conversation's text for the ticket: a heading, then one entry per line (continuation lines indented). */
export function composeChatTranscript(input: TranscriptInput): string {
  const texts = TEXTS[input.language];
  const entries = input.lines.map((line) => {
    const who = line.authorKind === 'SYSTEM' ? texts.desk : line.authorKind === 'ENGINEER' ? engineerLabel(input.language, line.author ?? '?') : (line.author ?? input.contact.name);
    const [first = '', ...rest] = line.body.replace(/\r\n?/g, '\n').trimEnd().split('\n');
    return [`[${stamp(line.createdAt)}] ${who}: ${first}`, ...rest.map((more) => `    ${more}`)].join('\n');
  });
  return `${texts.heading(`${input.contact.name} <${input.contact.email}>`, stamp(input.startedAt))}\n\n${entries.join('\n')}\n`;
}

/** A subject when nobody gave one: the contact's first words in the chat, else "Live assistant conversation with …". */
export function transcriptSubject(input: TranscriptInput): string {
  const opening = input.lines.find((line) => line.authorKind === 'CONTACT')?.body.split('\n').find((l) => l.trim() !== '')?.trim();
  if (!opening) return TEXTS[input.language].defaultSubject(input.contact.name);
  return opening.length <= SUBJECT_MAX ? opening : `${opening.slice(0, SUBJECT_MAX - 1).trimEnd()}…`;
}
