// What every part of the page shares once the partner is signed in: the client (through the portal's
// backend, which adds the key), the live streams, the texts of the chosen language, and a place for
// notices.
import { createNocdeskClient, NocdeskError, type NocdeskClient } from '@nocdesk/client';
import { createNocdeskSubscriptions, type NocdeskSubscriptions } from '@nocdesk/client/subscriptions';
import { TEXTS, type Language, type Texts } from './texts.js';

/** The portal's backend forwards this path to the desk with the session's key. */
export const API_URL = '/api/nocdesk';

export interface PortalContext {
  readonly client: NocdeskClient;
  readonly live: NocdeskSubscriptions;
  readonly language: Language;
  readonly t: Texts;
  readonly customerId: string;
  readonly customerName: string;
  /** Shows a line to the partner; `error` marks it as a failure. */
  notify(message: string, kind?: 'info' | 'error'): void;
  /** A failed call as a sentence: what the desk said, in the portal's words where it has them. */
  describe(error: unknown): string;
}

export function portalClients(): { readonly client: NocdeskClient; readonly live: NocdeskSubscriptions } {
  const url = new URL(API_URL, window.location.href).toString();
  return { client: createNocdeskClient({ url }), live: createNocdeskSubscriptions({ url }) };
}

export function textsFor(language: Language): Texts {
  return TEXTS[language];
}

export function describeError(t: Texts, error: unknown): string {
  if (error instanceof NocdeskError) return t.somethingWentWrong(error.message);
  return t.somethingWentWrong(error instanceof Error ? error.message : String(error));
}
