// What anyone may ask without a token: the support numbers and whether a string is a ticket number;
// and who a token belongs to.
import { CheckTicketNumberDocument, HotlinesDocument, ViewerDocument, type HotlineFieldsFragment, type TicketNumberRejection, type ViewerQuery } from './_generated_graphql.js';
import type { Caller } from './call.js';
import type { CallOptions } from './transport.js';

export type Hotline = HotlineFieldsFragment;
export type Viewer = ViewerQuery['viewer'];

/**
 * Whether a string is a well-formed ticket number (not whether the ticket exists): its canonical
 * digits and display form when it is, the reason and a sentence for the person who typed it when not.
 */
export type TicketNumberCheck =
  | { readonly valid: true; readonly number: string; readonly displayNumber: string }
  | { readonly valid: false; readonly reason: TicketNumberRejection; readonly message: string };

/** `client.hotlines`. */
export interface HotlinesArea {
  /** Support numbers (hotlines for level-1 outages, IVR for step 2), optionally of one region. No token needed. */
  list(args?: { readonly region?: string | undefined }, options?: CallOptions): Promise<readonly Hotline[]>;
}

/** `client.ticketNumbers`. */
export interface TicketNumbersArea {
  /** Checks a number before looking it up: a mistyped or swapped digit is caught here. No token needed. */
  check(input: string, options?: CallOptions): Promise<TicketNumberCheck>;
}

export function hotlinesArea(caller: Caller): HotlinesArea {
  return {
    async list({ region } = {}, options) {
      return (await caller.run(HotlinesDocument, { region }, options)).data.hotlines;
    },
  };
}

export function ticketNumbersArea(caller: Caller): TicketNumbersArea {
  return {
    async check(input, options) {
      const { checkTicketNumber: check } = (await caller.run(CheckTicketNumberDocument, { input }, options)).data;
      if (check.valid && check.number !== null && check.displayNumber !== null) return { valid: true, number: check.number, displayNumber: check.displayNumber };
      return { valid: false, reason: check.reason ?? 'NOT_DIGITS', message: check.message ?? 'Not a ticket number.' };
    },
  };
}

export async function viewer(caller: Caller, options?: CallOptions): Promise<Viewer> {
  return (await caller.run(ViewerDocument, {}, options)).data.viewer;
}
