/**
 * The intake decision: one rule for every channel (SPEC §2.5, step 2 of the procedure).
 * Given who is asking, the SOF numbers they gave and what they wrote, it accepts the
 * request (with flags for staff to look at) or rejects it with a reason. Email, live
 * assistant and portal: the sender must be an allowed contact and a SOF is optional
 * ("para una respuesta más rápida, incluya el número de su formulario…"), so SOF
 * problems only flag. Phone: the caller and the SOF are both required and checked.
 * A request staff accept from the rejected intakes goes through `decideAcceptedIntake`,
 * so its level and flags follow the same rules.
 */
import { z } from 'zod';
import { checkSof, emailDomain, identifyContact } from './contacts.js';
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

/**
 * Something about an accepted request that staff should look at. `SENDER_UNVERIFIED`: the
 * sender's address was checked but nothing proved it genuine (no verdict), so the ticket may
 * come from someone else than the contact it names.
 */
export type IntakeFlag =
  | 'SOF_MISSING'
  | 'SOF_INVALID'
  | 'SOF_UNKNOWN'
  | 'SOF_FOREIGN'
  | 'SOF_INACTIVE'
  | 'SOF_MULTIPLE'
  | 'PRIORITY_MISMATCH'
  | 'SENDER_UNVERIFIED';

/** What a check of the From address concluded (SPEC §3.1). */
export type SenderAuthenticationResult = 'pass' | 'fail' | 'none';

/** Which check gave the verdict. Only DMARC speaks for the From address itself. */
export type SenderAuthenticationMechanism = 'dmarc' | 'dkim' | 'spf';

/**
 * A verdict on whether the sender address is genuine, from a trusted `Authentication-Results`
 * header or the SMTP listener's own DKIM/SPF/DMARC checks (SPEC §3.1). `none`: the checks ran
 * and gave no verdict (no DMARC record, no signature). A channel where the question does not
 * arise (portal with an API key, phone) passes no verdict at all.
 *
 * ### Examples
 * ```ts
 * const forged: SenderAuthentication = { result: 'fail', mechanism: 'dmarc', domain: 'acme.example' };
 * const unsigned: SenderAuthentication = { result: 'none' };
 * ```
 */
export interface SenderAuthentication {
  readonly result: SenderAuthenticationResult;
  readonly mechanism?: SenderAuthenticationMechanism;
  /** The domain the verdict is about: the From domain for DMARC, the signing `d=` for DKIM, the envelope domain for SPF. */
  readonly domain?: string;
}

/** Validates a sender-authentication verdict handed over by a channel or a mail gateway. */
export const SenderAuthenticationSchema = z.object({
  result: z.enum(['pass', 'fail', 'none']),
  mechanism: z.enum(['dmarc', 'dkim', 'spf']).optional(),
  domain: z.string().trim().min(1).max(253).optional(),
});

/**
 * What a verdict means for the From address: proved genuine, proved forged, unproved, or not
 * checked at all (no verdict given).
 */
export type SenderAuthenticationOutcome = 'AUTHENTICATED' | 'FORGED' | 'UNVERIFIED' | 'NOT_CHECKED';

/**
 * Reads a sender-authentication verdict for a From address, so intake and threading judge
 * forgery alike. Only a DMARC `fail` (or a `fail` whose mechanism is not named, the channel
 * having already combined the checks) proves a forged From: SPF fails on every forwarded
 * message and a DKIM signature breaks when a list adds a footer, so either failing alone is
 * merely unverified. A verdict about another domain than the From address's says nothing
 * about it (unverified); the same domain or a parent or child of it counts (`eu.acme.example`
 * and `acme.example`), a single label (`example`) never does.
 *
 * ### Examples
 * ```ts
 * assessSenderAuthentication('noc@acme.example', { result: 'fail', mechanism: 'dmarc' });                  // 'FORGED'
 * assessSenderAuthentication('noc@acme.example', { result: 'fail', mechanism: 'spf' });                    // 'UNVERIFIED'
 * assessSenderAuthentication('noc@acme.example', { result: 'pass', mechanism: 'dkim', domain: 'esp.example' }); // 'UNVERIFIED'
 * assessSenderAuthentication('noc@acme.example', { result: 'pass', mechanism: 'dkim', domain: 'mail.acme.example' }); // 'AUTHENTICATED'
 * assessSenderAuthentication('noc@acme.example', undefined);                                               // 'NOT_CHECKED'
 * ```
 */
export function assessSenderAuthentication(
  email: string | undefined,
  verdict: SenderAuthentication | null | undefined,
): SenderAuthenticationOutcome {
  if (verdict === null || verdict === undefined) return 'NOT_CHECKED';
  if (verdict.domain !== undefined && !sameOrganisation(emailDomain(email ?? ''), emailDomain(`x@${verdict.domain}`))) return 'UNVERIFIED';
  if (verdict.result === 'pass') return 'AUTHENTICATED';
  if (verdict.result === 'fail' && (verdict.mechanism === undefined || verdict.mechanism === 'dmarc')) return 'FORGED';
  return 'UNVERIFIED';
}

function sameOrganisation(a: string, b: string): boolean {
  if (!a.includes('.') || !b.includes('.')) return false;
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

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
  /**
   * The verdict on the From address (email). A forged one rejects the request; none at all
   * flags the ticket `SENDER_UNVERIFIED`. Left out (or `null`) where it does not apply.
   */
  readonly senderAuthentication?: SenderAuthentication | null;
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

/** An accepted request: as which contact, for which customer and service, at which level, with which flags. */
export interface IntakeAcceptance {
  readonly kind: 'accept';
  readonly channel: Channel;
  readonly contact: ContactRecord;
  readonly customerId: string;
  readonly service?: ServiceRecord;
  readonly priority: PriorityDecision;
  readonly flags: readonly IntakeFlag[];
}

/** A rejected request: why, which check failed, and whether the sender may be told. */
export interface IntakeRefusal {
  readonly kind: 'reject';
  readonly channel: Channel;
  readonly reason: IntakeRejection;
  readonly message: string;
  readonly failed: 'CONTACT' | 'SOF' | 'SENDER';
  /**
   * Whether the sender may be sent an explanation (subject to the rate limits of
   * `registrationExplanationAllowed`). Never for `SENDER_NOT_AUTHENTICATED`: the real owner of
   * the address did not write, and mail to them would be backscatter.
   */
  readonly mayExplainToSender: boolean;
  /** `AMBIGUOUS_CONTACT` only: the customers the sender is an allowed contact of, sorted, for staff review. */
  readonly candidateCustomerIds?: readonly string[];
}

/** Accept (as which contact, for which service, at which level, with which flags) or reject (why). */
export type IntakeDecision = IntakeAcceptance | IntakeRefusal;

/**
 * Whether a rejection may be explained to the sender by mail. A forged sender is never
 * answered: the mail would go to the real owner of the address, who did not write.
 *
 * ### Examples
 * ```ts
 * mayExplainRejection('UNKNOWN_SENDER');           // true
 * mayExplainRejection('SENDER_NOT_AUTHENTICATED'); // false
 * ```
 */
export function mayExplainRejection(reason: IntakeRejection): boolean {
  return reason !== 'SENDER_NOT_AUTHENTICATED';
}

/** Shared with the thread rule: a forged sender is told nothing, staff read this. Internal. */
export const SENDER_NOT_AUTHENTICATED_MESSAGE =
  'The sender address could not be authenticated (suspected forgery): the message was kept for staff to review.';

function refuse(channel: Channel, reason: IntakeRejection, failed: IntakeRefusal['failed'], message: string): IntakeRefusal {
  return { kind: 'reject', channel, reason, failed, message, mayExplainToSender: mayExplainRejection(reason) };
}

function sortFlags(flags: readonly IntakeFlag[]): readonly IntakeFlag[] {
  return [...new Set(flags)].sort();
}

/** The customers owning an active service among the given SOFs: where an ambiguous contact belongs. */
function sofOwners(rawSofs: readonly string[], services: readonly ServiceRecord[]): readonly string[] {
  const wanted = new Set(rawSofs.map((raw) => parseSof(raw)).flatMap((parsed) => (parsed.ok ? [parsed.sof] : [])));
  return services
    .filter((service) => {
      const parsed = parseSof(service.sof);
      return service.status === 'ACTIVE' && parsed.ok && wanted.has(parsed.sof);
    })
    .map((service) => service.customerId);
}

/** The given SOFs checked against one customer; the first own active one is attached. */
interface SofReading {
  readonly checks: readonly SofCheck[];
  readonly service?: ServiceRecord;
  readonly flags: readonly IntakeFlag[];
}

function readSofs(given: readonly string[], customerId: string, services: readonly ServiceRecord[]): SofReading {
  const checks = given.map((raw) => checkSof(raw, customerId, services));
  const chosen = checks.find((check) => check.ok);
  const distinct = new Set(checks.flatMap((check) => (check.sof === undefined ? [] : [check.sof])));
  return {
    checks,
    ...(chosen?.ok === true ? { service: chosen.service } : {}),
    flags: distinct.size > 1 ? ['SOF_MULTIPLE'] : [],
  };
}

/** Written channels (and staff acceptance): SOF problems only flag. */
function sofFlags(given: readonly string[], reading: SofReading): readonly IntakeFlag[] {
  return [
    ...reading.flags,
    ...(given.length === 0 ? (['SOF_MISSING'] as const) : []),
    ...reading.checks.flatMap((check): readonly IntakeFlag[] => (check.ok ? [] : [check.reason === 'SOF_MISSING' ? 'SOF_INVALID' : check.reason])),
  ];
}

function acceptance(
  channel: Channel,
  contact: ContactRecord,
  customerId: string,
  service: ServiceRecord | undefined,
  priorityInput: PriorityInput,
  flags: readonly IntakeFlag[],
): IntakeAcceptance {
  const priority = decidePriority(priorityInput);
  return {
    kind: 'accept',
    channel,
    contact,
    customerId,
    ...(service !== undefined ? { service } : {}),
    priority,
    flags: sortFlags([...flags, ...(priority.mismatch ? (['PRIORITY_MISMATCH'] as const) : [])]),
  };
}

/**
 * Decides what happens to a new request on any channel, so every channel applies the same
 * rules. Order: a forged sender (`assessSenderAuthentication` says `FORGED`) is rejected
 * `SENDER_NOT_AUTHENTICATED`, registered or not, and never answered; then the contact must be
 * allowed (email/chat/portal by address, phone by address or number); then the SOFs: optional
 * and only flagged on email/chat/portal, required and checked by phone; then the level
 * (`decidePriority`), flagging a requested level that disagrees. A sender checked without a
 * verdict is accepted and flagged `SENDER_UNVERIFIED`.
 *
 * An address that is an allowed contact of several customers (after a partner key's
 * restriction) is decided by the SOFs: exactly one of those customers must own one of them as
 * an active service; otherwise the request is rejected `AMBIGUOUS_CONTACT` (failed `CONTACT`)
 * and kept for staff, who know which customer it is for. When several distinct SOFs are
 * given, the first one that is the customer's own active service is attached. Flags are
 * unique and sorted.
 *
 * ### Examples
 * ```ts
 * decideIntake({ channel: 'EMAIL', reporter: { email: 'noc@acme.example' }, contacts, sofs: [],
 *   services: [], priority: { text: 'Link down' }, senderAuthentication: { result: 'pass', mechanism: 'dmarc' } });
 * // { kind: 'accept', …, priority: { level: 1, source: 'keyword', … }, flags: ['SOF_MISSING'] }
 * decideIntake({ channel: 'PHONE', reporter: { phone: '+34600111222' }, contacts, sofs: [],
 *   services: [], priority: {} });
 * // { kind: 'reject', reason: 'SOF_REQUIRED', failed: 'SOF', mayExplainToSender: true, message: 'A SOF number is needed …' }
 * decideIntake({ channel: 'EMAIL', reporter: { email: 'noc@acme.example' }, contacts, sofs: [],
 *   services: [], priority: {}, senderAuthentication: { result: 'fail', mechanism: 'dmarc' } });
 * // { kind: 'reject', reason: 'SENDER_NOT_AUTHENTICATED', failed: 'SENDER', mayExplainToSender: false, … }
 * ```
 */
export function decideIntake(input: IntakeInput): IntakeDecision {
  const { channel } = input;
  const authentication = assessSenderAuthentication(input.reporter.email, input.senderAuthentication);
  if (authentication === 'FORGED') return refuse(channel, 'SENDER_NOT_AUTHENTICATED', 'SENDER', SENDER_NOT_AUTHENTICATED_MESSAGE);
  const given = input.sofs.filter((raw) => raw.trim() !== '');
  const identified = identifyContact({
    ...(channel === 'PHONE' ? input.reporter : { email: input.reporter.email ?? '' }),
    contacts: input.contacts,
    preferCustomerIds: sofOwners(given, input.services),
    ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
  });
  if (!identified.ok) {
    const refusal = refuse(channel, identified.reason, 'CONTACT', identified.message);
    if (identified.candidates === undefined) return refusal;
    return { ...refusal, candidateCustomerIds: [...new Set(identified.candidates.map((contact) => contact.customerId))].sort() };
  }
  const contact = identified.contact;
  const reading = readSofs(given, contact.customerId, input.services);
  const flags: IntakeFlag[] = authentication === 'UNVERIFIED' ? ['SENDER_UNVERIFIED'] : [];

  if (channel === 'PHONE') {
    const first = reading.checks[0];
    if (first === undefined) {
      return refuse(
        channel,
        'SOF_REQUIRED',
        'SOF',
        'A SOF number is needed before support can be given by phone: it is on the Service Order Form, e.g. SOF-12345.',
      );
    }
    if (reading.service === undefined && !first.ok) {
      return refuse(channel, first.reason === 'SOF_MISSING' ? 'SOF_REQUIRED' : first.reason, 'SOF', first.message);
    }
    flags.push(...reading.flags);
  } else {
    flags.push(...sofFlags(given, reading));
  }
  return acceptance(channel, contact, contact.customerId, reading.service, input.priority, flags);
}

/** A rejected request staff decided to accept, with the customer they chose. */
export interface AcceptedIntakeInput {
  readonly channel: Channel;
  /** The customer staff chose for the ticket. */
  readonly customerId: string;
  /** The sender as a contact of that customer: usually a GUEST recorded on acceptance, not allowed to open tickets. */
  readonly contact: ContactRecord;
  /** SOF texts given or extracted, raw; checked against `customerId`. */
  readonly sofs: readonly string[];
  /** Store records for those SOFs (any customer). */
  readonly services: readonly ServiceRecord[];
  readonly priority: PriorityInput;
  /** The verdict the message came with: anything short of a pass keeps `SENDER_UNVERIFIED` on the ticket. */
  readonly senderAuthentication?: SenderAuthentication | null;
}

/**
 * Decides the ticket for a rejected intake that staff accept: staff vouch for the sender and
 * chose the customer, so the contact checks are skipped, but the level and the flags follow
 * the written channels' rules, SOFs checked against the chosen customer (a SOF of another
 * customer is flagged `SOF_FOREIGN`, none `SOF_MISSING`, even for a phone request). A sender
 * whose verdict was not a pass (no verdict, or a forgery staff accepted anyway) stays flagged
 * `SENDER_UNVERIFIED`: accepting does not prove who wrote.
 *
 * ### Examples
 * ```ts
 * decideAcceptedIntake({ channel: 'EMAIL', customerId: 'acme', contact: guest, sofs: ['SOF-99999'],
 *   services, priority: { text: 'Link down' } });
 * // { kind: 'accept', customerId: 'acme', contact: guest, priority: { level: 1, … }, flags: ['SOF_FOREIGN'] }
 * ```
 */
export function decideAcceptedIntake(input: AcceptedIntakeInput): IntakeAcceptance {
  const given = input.sofs.filter((raw) => raw.trim() !== '');
  const reading = readSofs(given, input.customerId, input.services);
  const outcome = assessSenderAuthentication(input.contact.email, input.senderAuthentication);
  const unverified = outcome === 'UNVERIFIED' || outcome === 'FORGED';
  return acceptance(input.channel, input.contact, input.customerId, reading.service, input.priority, [
    ...sofFlags(given, reading),
    ...(unverified ? (['SENDER_UNVERIFIED'] as const) : []),
  ]);
}
