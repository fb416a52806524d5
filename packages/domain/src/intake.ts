/**
 * The intake decision: one rule for every channel (SPEC §2.5, step 2 of the procedure).
 * Given who is asking, the SOF numbers they gave and what they wrote, it accepts the
 * request (with flags for staff to look at) or rejects it with a reason. Email, live
 * assistant and portal: the sender must be an allowed contact and a SOF is optional
 * ("para una respuesta más rápida, incluya el número de su formulario…"), so SOF
 * problems only flag. Phone: the caller and the SOF are both required and checked.
 */
import { z } from 'zod';
import { checkSof, identifyContact } from './contacts.js';
import type { ContactRecord, ContactRejection, ServiceRecord, SofCheck } from './contacts.js';
import { decidePriority } from './priority.js';
import type { PriorityDecision, PriorityInput } from './priority.js';
import { parseSof } from './sof.js';

/** Where a request came from. CHAT is the live assistant. */
export type Channel = 'EMAIL' | 'PORTAL' | 'PHONE' | 'CHAT';

/** Every channel. */
export const CHANNELS: readonly Channel[] = ['EMAIL', 'PORTAL', 'PHONE', 'CHAT'];

/** Validates a channel in API input. */
export const ChannelSchema = z.enum(['EMAIL', 'PORTAL', 'PHONE', 'CHAT']);

/** Something about an accepted request that staff should look at. */
export type IntakeFlag =
  | 'SOF_MISSING'
  | 'SOF_INVALID'
  | 'SOF_UNKNOWN'
  | 'SOF_FOREIGN'
  | 'SOF_INACTIVE'
  | 'SOF_MULTIPLE'
  | 'PRIORITY_MISMATCH';

/** A verdict on whether the sender address is genuine (e.g. DMARC alignment); room for SPEC §6. */
export type SenderAuthentication = 'pass' | 'fail' | 'none';

/** Everything the intake decision needs; the store looks up the candidates first. */
export interface IntakeInput {
  readonly channel: Channel;
  readonly reporter: { readonly email?: string; readonly phone?: string };
  /** Candidates the store found for the reporter (any customer). */
  readonly contacts: readonly ContactRecord[];
  /** Restricts to one customer (a partner key). */
  readonly customerId?: string;
  /** SOF texts given or extracted, raw; parsed here. */
  readonly sofs: readonly string[];
  /** Store records for those SOFs (any customer). */
  readonly services: readonly ServiceRecord[];
  readonly priority: PriorityInput;
  /** `fail` rejects the request as a suspected forgery. */
  readonly senderAuthentication?: SenderAuthentication;
}

/** Why a request gets no ticket. */
export type IntakeRejection =
  | ContactRejection
  | 'SOF_REQUIRED'
  | 'SOF_INVALID'
  | 'SOF_UNKNOWN'
  | 'SOF_FOREIGN'
  | 'SOF_INACTIVE'
  | 'SENDER_NOT_AUTHENTICATED';

/** Accept (as which contact, for which service, at which level, with which flags) or reject (why). */
export type IntakeDecision =
  | {
      readonly kind: 'accept';
      readonly channel: Channel;
      readonly contact: ContactRecord;
      readonly customerId: string;
      readonly service?: ServiceRecord;
      readonly priority: PriorityDecision;
      readonly flags: readonly IntakeFlag[];
    }
  | {
      readonly kind: 'reject';
      readonly channel: Channel;
      readonly reason: IntakeRejection;
      readonly message: string;
      readonly failed?: 'CONTACT' | 'SOF' | 'SENDER';
    };

function sortFlags(flags: readonly IntakeFlag[]): readonly IntakeFlag[] {
  return [...new Set(flags)].sort();
}

/** The customers owning an active service among the given SOFs: where an ambiguous contact most likely belongs. */
function sofOwners(rawSofs: readonly string[], services: readonly ServiceRecord[]): readonly string[] {
  const wanted = new Set(rawSofs.map((raw) => parseSof(raw)).flatMap((parsed) => (parsed.ok ? [parsed.sof] : [])));
  return services
    .filter((service) => {
      const parsed = parseSof(service.sof);
      return service.status === 'ACTIVE' && parsed.ok && wanted.has(parsed.sof);
    })
    .map((service) => service.customerId);
}

/**
 * Decides what happens to a new request on any channel, so every channel applies the same
 * rules. Order: a failed sender-authentication verdict rejects; then the contact must be
 * allowed (email/chat/portal by address, phone by address or number); then the SOFs:
 * optional and only flagged on email/chat/portal, required and checked by phone; then the
 * level (`decidePriority`), flagging a requested level that disagrees. When several distinct
 * SOFs are given, the first one that is the customer's own active service is attached.
 * Flags are unique and sorted.
 *
 * ### Examples
 * ```ts
 * decideIntake({ channel: 'EMAIL', reporter: { email: 'noc@acme.example' }, contacts, sofs: [],
 *   services: [], priority: { text: 'Link down' } });
 * // { kind: 'accept', …, priority: { level: 1, source: 'keyword', … }, flags: ['SOF_MISSING'] }
 * decideIntake({ channel: 'PHONE', reporter: { phone: '+34600111222' }, contacts, sofs: [],
 *   services: [], priority: {} });
 * // { kind: 'reject', reason: 'SOF_REQUIRED', failed: 'SOF', message: 'A SOF number is needed …' }
 * ```
 */
export function decideIntake(input: IntakeInput): IntakeDecision {
  const { channel } = input;
  if (input.senderAuthentication === 'fail') {
    return {
      kind: 'reject',
      channel,
      reason: 'SENDER_NOT_AUTHENTICATED',
      failed: 'SENDER',
      message: 'The sender address could not be authenticated (suspected forgery): the message was kept for staff to review.',
    };
  }
  const given = input.sofs.filter((raw) => raw.trim() !== '');
  const owners = sofOwners(given, input.services);
  const identified = identifyContact({
    ...(channel === 'PHONE' ? input.reporter : { email: input.reporter.email ?? '' }),
    contacts: input.contacts,
    preferCustomerIds: owners,
    ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
  });
  if (!identified.ok) {
    return { kind: 'reject', channel, reason: identified.reason, failed: 'CONTACT', message: identified.message };
  }
  const contact = identified.contact;
  const checks: readonly SofCheck[] = given.map((raw) => checkSof(raw, contact.customerId, input.services));
  const chosen = checks.find((check) => check.ok);
  const distinct = new Set(checks.flatMap((check) => (check.sof === undefined ? [] : [check.sof])));
  const flags: IntakeFlag[] = [];
  if (distinct.size > 1) flags.push('SOF_MULTIPLE');

  if (channel === 'PHONE') {
    const first = checks[0];
    if (first === undefined) {
      return {
        kind: 'reject',
        channel,
        reason: 'SOF_REQUIRED',
        failed: 'SOF',
        message: 'A SOF number is needed before support can be given by phone: it is on the Service Order Form, e.g. SOF-12345.',
      };
    }
    if (chosen === undefined && !first.ok) {
      const reason = first.reason === 'SOF_MISSING' ? 'SOF_REQUIRED' : first.reason;
      return { kind: 'reject', channel, reason, failed: 'SOF', message: first.message };
    }
  } else {
    if (given.length === 0) flags.push('SOF_MISSING');
    for (const check of checks) if (!check.ok) flags.push(check.reason === 'SOF_MISSING' ? 'SOF_INVALID' : check.reason);
  }

  const priority = decidePriority(input.priority);
  if (priority.mismatch) flags.push('PRIORITY_MISMATCH');
  return {
    kind: 'accept',
    channel,
    contact,
    customerId: contact.customerId,
    ...(chosen?.ok === true ? { service: chosen.service } : {}),
    priority,
    flags: sortFlags(flags),
  };
}
