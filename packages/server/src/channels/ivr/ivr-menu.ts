// The voice menu of step 2 (SPEC §4.2), apart from any voice platform: language by keypress, the ticket
// number keyed and ended with `#` (a wrong check digit refused with the reason in words, 3 tries), the
// ticket's status, level and SLA state, then "press 1 to escalate". Input: where the call is and what
// was keyed; output: what to say, then either what to gather next or hang up. The state travels with
// the call (an adapter carries it in the URL the platform calls back, which the platform signs), so
// any server process can answer the next step. An adapter per platform (TwiML here, an Asterisk
// FastAGI one later) only translates.
import {
  UNRESOLVED_TICKET_STATUSES,
  parseTicketNumber,
  spokenDigits,
  spokenEscalation,
  spokenTicketNumberCheck,
  spokenTicketStatus,
  type Language,
} from '@nocdesk/domain';
import { z } from 'zod';
import { EscalationRefusedError } from '../../errors.js';
import type { EscalationOutcome } from '../../tickets/escalate-ticket.js';
import type { CallerTicketView } from '../../tickets/look-up-ticket-by-phone.js';
import { IVR_LANGUAGES, IVR_PROMPTS, LANGUAGE_KEYS } from './ivr-prompts.js';

/** How many times a caller may get a step wrong (or say nothing) before the call ends. */
export const IVR_MAX_TRIES = 3;

/** Where a call is: choosing a language, keying a ticket number, or deciding what to do with a ticket. */
export const IvrStateSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('LANGUAGE'), tries: z.number().int().min(1).max(IVR_MAX_TRIES) }),
  z.object({ step: z.literal('NUMBER'), language: z.enum(['en', 'es']), tries: z.number().int().min(1).max(IVR_MAX_TRIES) }),
  z.object({ step: z.literal('TICKET'), language: z.enum(['en', 'es']), tries: z.number().int().min(1).max(IVR_MAX_TRIES), number: z.string().regex(/^\d{2,20}$/) }),
]);

export type IvrState = z.infer<typeof IvrStateSchema>;

/** One sentence in one language (platforms pick the voice by language). */
export interface IvrSpeech {
  readonly text: string;
  readonly language: Language;
}

/** What the caller is asked to key next: one key, or a number ended with `#`. */
export type IvrGather = 'ONE_KEY' | 'NUMBER_UNTIL_HASH';

export type IvrReply =
  | { readonly kind: 'GATHER'; readonly say: readonly IvrSpeech[]; readonly gather: IvrGather; readonly next: IvrState }
  | { readonly kind: 'HANG_UP'; readonly say: readonly IvrSpeech[] };

/** One request of a call: the state it is in (null: the call just started) and what was keyed (null: nothing). */
export interface IvrTurn {
  readonly state: IvrState | null;
  readonly digits: string | null;
  /** The calling number as the platform reports it (`From`); null when withheld. */
  readonly callerPhone: string | null;
}

/** What the menu needs from the desk: looking a ticket up for this caller, and escalating it. */
export interface IvrDesk {
  readonly ticketPrefix: string;
  lookUp(number: string, callerPhone: string | null): Promise<CallerTicketView | undefined>;
  escalate(number: string, callerPhone: string | null): Promise<EscalationOutcome>;
}

const say = (language: Language, ...texts: string[]): IvrSpeech[] => texts.map((text) => ({ text, language }));
const both = (pick: (language: Language) => string): IvrSpeech[] => IVR_LANGUAGES.map((language) => ({ text: pick(language), language }));

function gather(speech: readonly IvrSpeech[], kind: IvrGather, next: IvrState): IvrReply {
  return { kind: 'GATHER', say: speech, gather: kind, next };
}

function hangUp(speech: readonly IvrSpeech[]): IvrReply {
  return { kind: 'HANG_UP', say: speech };
}

function welcome(): IvrReply {
  return gather(both((language) => IVR_PROMPTS[language].welcome), 'ONE_KEY', { step: 'LANGUAGE', tries: 1 });
}

function askNumber(language: Language, again = false): IvrSpeech[] {
  return say(language, again ? IVR_PROMPTS[language].enterNumberAgain : IVR_PROMPTS[language].enterNumber);
}

/** A step went wrong: ask again with `retry`, or end the call once the tries are used up. */
function retryOrEnd(language: Language | null, tries: number, explanation: readonly IvrSpeech[], retry: (tries: number) => IvrReply): IvrReply {
  if (tries < IVR_MAX_TRIES) {
    const again = retry(tries + 1);
    return again.kind === 'GATHER' ? { ...again, say: [...explanation, ...again.say] } : again;
  }
  const end = language === null ? both((l) => `${IVR_PROMPTS[l].tooManyTries} ${IVR_PROMPTS[l].goodbye}`) : say(language, IVR_PROMPTS[language].tooManyTries, IVR_PROMPTS[language].goodbye);
  return hangUp([...explanation, ...end]);
}

function chooseLanguage(turn: IvrTurn, tries: number): IvrReply {
  const chosen = (Object.entries(LANGUAGE_KEYS) as [Language, string][]).find(([, key]) => key === turn.digits)?.[0];
  if (chosen) return gather(askNumber(chosen), 'NUMBER_UNTIL_HASH', { step: 'NUMBER', language: chosen, tries: 1 });
  const explanation = both((language) => (turn.digits ? IVR_PROMPTS[language].invalidChoice : IVR_PROMPTS[language].noChoice));
  return retryOrEnd(null, tries, explanation, (next) => ({ ...welcome(), next: { step: 'LANGUAGE', tries: next } }));
}

async function readTicket(desk: IvrDesk, turn: IvrTurn, language: Language, tries: number): Promise<IvrReply> {
  const entered = (turn.digits ?? '').replace(/#$/, '');
  const parsed = parseTicketNumber(entered, { prefix: desk.ticketPrefix });
  const retry = (next: number) => gather(askNumber(language, true), 'NUMBER_UNTIL_HASH', { step: 'NUMBER', language, tries: next });
  if (!parsed.ok) return retryOrEnd(language, tries, say(language, spokenTicketNumberCheck(entered, parsed, language)), retry);
  const view = await desk.lookUp(parsed.number, turn.callerPhone);
  if (!view) return retryOrEnd(language, tries, say(language, IVR_PROMPTS[language].notFound(spokenDigits(parsed.number))), retry);
  const { ticket } = view;
  const status = spokenTicketStatus({ number: ticket.number, status: ticket.status, level: ticket.level, sla: view.sla, details: view.details }, language);
  const open = UNRESOLVED_TICKET_STATUSES.includes(ticket.status);
  const options = open ? IVR_PROMPTS[language].ticketOptions : IVR_PROMPTS[language].closedTicketOptions;
  return gather(say(language, status, options), 'ONE_KEY', { step: 'TICKET', language, tries: 1, number: ticket.number });
}

async function actOnTicket(desk: IvrDesk, turn: IvrTurn, state: Extract<IvrState, { step: 'TICKET' }>): Promise<IvrReply> {
  const { language } = state;
  const prompts = IVR_PROMPTS[language];
  if (turn.digits === '2') return gather(askNumber(language), 'NUMBER_UNTIL_HASH', { step: 'NUMBER', language, tries: 1 });
  if (turn.digits === '1') {
    try {
      const outcome = await desk.escalate(state.number, turn.callerPhone);
      return hangUp(say(language, spokenEscalation(outcome, language), prompts.goodbye));
    } catch (error) {
      if (!(error instanceof EscalationRefusedError)) throw error;
      return gather(say(language, prompts.notEscalated, prompts.closedTicketOptions), 'ONE_KEY', { ...state, tries: 1 });
    }
  }
  const explanation = say(language, turn.digits ? prompts.invalidChoice : prompts.noChoice);
  // Offer again what was offered: a ticket resolved or closed meanwhile is not offered an escalation.
  const view = await desk.lookUp(state.number, turn.callerPhone);
  const options = view && UNRESOLVED_TICKET_STATUSES.includes(view.ticket.status) ? prompts.ticketOptions : prompts.closedTicketOptions;
  return retryOrEnd(language, state.tries, explanation, (next) => gather(say(language, options), 'ONE_KEY', { ...state, tries: next }));
}

/** The menu's answer to one request of a call. */
export async function runIvrMenu(desk: IvrDesk, turn: IvrTurn): Promise<IvrReply> {
  const state = turn.state;
  if (state === null) return welcome();
  switch (state.step) {
    case 'LANGUAGE':
      return chooseLanguage(turn, state.tries);
    case 'NUMBER':
      return readTicket(desk, turn, state.language, state.tries);
    case 'TICKET':
      return actOnTicket(desk, turn, state);
  }
}

/** What to say when the desk cannot answer (the store is down): never a platform's generic error. */
export function ivrUnavailable(language: Language | null): IvrReply {
  return hangUp(language === null ? both((l) => IVR_PROMPTS[l].unavailable) : say(language, IVR_PROMPTS[language].unavailable));
}
