// Loads the .eml fixtures, written as real mail clients and MTAs produce them.
import { readFileSync } from 'node:fs';
import { parseInboundEmail } from '../../src/channels/email/inbound/inbound-email.js';
import type { InboundEmail } from '../../src/channels/email/inbound/inbound-email.js';

export const FIXTURES = [
  'outlook-out-of-office',
  'gmail-reply',
  'bounce-rfc3464',
  'mailing-list',
  'spanish-iso-8859-1-qp',
  'html-only',
  'traceroute-attachment',
  'plain-outage-report',
] as const;

export type FixtureName = (typeof FIXTURES)[number];

export function fixtureBytes(name: FixtureName): Buffer {
  return readFileSync(new URL(`./fixtures/${name}.eml`, import.meta.url));
}

export function parseFixture(name: FixtureName): Promise<InboundEmail> {
  return parseInboundEmail(fixtureBytes(name));
}

/** Our own identity in every test: ncc@nocdesk.example. */
export const OWN = { messageIdDomain: 'nocdesk.example', loopId: 'ncc@nocdesk.example' } as const;
