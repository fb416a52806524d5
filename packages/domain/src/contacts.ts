/**
 * Who may open tickets (SPEC §2.2). The source: "El remitente y la dirección de correo
 * electrónico del remitente deben registrarse con nosotros como contacto administrativo
 * o de notificación técnica", and by phone the caller must identify themself and give
 * a SOF of their customer. Records come from the store; this module only decides.
 */
import { z } from 'zod';
import type { Language } from './language.js';
import { parseSof } from './sof.js';

/** A contact's roles; only ADMINISTRATIVE and TECHNICAL contacts may open tickets. */
export type ContactRole = 'ADMINISTRATIVE' | 'TECHNICAL' | 'BILLING' | 'OTHER';

/** Every role. */
export const CONTACT_ROLES: readonly ContactRole[] = ['ADMINISTRATIVE', 'TECHNICAL', 'BILLING', 'OTHER'];

/** The roles that may open tickets: "contacto administrativo o de notificación técnica". */
export const TICKET_ROLES: readonly ContactRole[] = ['ADMINISTRATIVE', 'TECHNICAL'];

/** Validates a role in API input. */
export const ContactRoleSchema = z.enum(['ADMINISTRATIVE', 'TECHNICAL', 'BILLING', 'OTHER']);

/** The state of an ordered service; only ACTIVE services are supported. */
export type ServiceStatus = 'ACTIVE' | 'SUSPENDED' | 'TERMINATED';

/** Every service status. */
export const SERVICE_STATUSES: readonly ServiceStatus[] = ['ACTIVE', 'SUSPENDED', 'TERMINATED'];

/** Validates a service status in API input. */
export const ServiceStatusSchema = z.enum(['ACTIVE', 'SUSPENDED', 'TERMINATED']);

/** A registered contact person of a customer, as the store holds it. */
export interface ContactRecord {
  readonly id: string;
  readonly customerId: string;
  readonly email: string;
  readonly phone?: string | null;
  readonly roles: readonly ContactRole[];
  readonly active: boolean;
  readonly language?: Language | null;
}

/** An ordered service of a customer, identified by its SOF number. */
export interface ServiceRecord {
  readonly id: string;
  readonly customerId: string;
  readonly sof: string;
  readonly status: ServiceStatus;
}

/**
 * Puts an email address in the form addresses are compared in: trimmed, lower case, and an
 * internationalised domain in punycode (`bücher.example` → `xn--bcher-kva.example`), so the
 * same mailbox written two ways is one contact. A `+tag` is kept: stripping it would let
 * anyone who guesses a registered address open tickets as that contact.
 *
 * ### Examples
 * ```ts
 * normalizeEmail('  Ana.Lopez@Bücher.Example ');  // 'ana.lopez@xn--bcher-kva.example'
 * normalizeEmail('noc+alerts@example.com');        // 'noc+alerts@example.com'
 * ```
 */
export function normalizeEmail(address: string): string {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed.normalize('NFC').toLowerCase();
  const local = trimmed.slice(0, at).normalize('NFC').toLowerCase();
  const domain = trimmed.slice(at + 1).normalize('NFC').toLowerCase().replace(/\.$/, '');
  return `${local}@${toAsciiDomain(domain)}`;
}

/** The domain of an address as `normalizeEmail` writes it; empty without an `@`. Shared with intake and claims; internal. */
export function emailDomain(address: string): string {
  const normalised = normalizeEmail(address);
  const at = normalised.lastIndexOf('@');
  return at < 0 ? '' : normalised.slice(at + 1);
}

/** IDN → punycode with the platform's URL parser (browsers and Node alike). */
function toAsciiDomain(domain: string): string {
  if (domain === '' || /[\s/?#@:\\[\]%]/u.test(domain)) return domain;
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return domain;
  }
}

/**
 * Puts a phone number in the form numbers are compared in: digits only, with a leading `+`
 * kept; spaces, dashes, dots, slashes and parentheses are dropped. No country code is added
 * or removed (`0034…` and `+34…` stay different), so register numbers in international form.
 *
 * ### Examples
 * ```ts
 * normalizePhone('+34 (91) 123-45-67'); // '+34911234567'
 * normalizePhone('91.123.45.67');       // '911234567'
 * ```
 */
export function normalizePhone(phone: string): string {
  const trimmed = phone.normalize('NFKC').trim();
  const digits = trimmed.replace(/\D/g, '');
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

/**
 * Validates an email address in API input and normalises it (see `normalizeEmail`);
 * international domains are allowed.
 */
export const EmailAddressSchema = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>()[\],;:\\"]{1,64}@[^\s@<>()[\],;:\\"/?#]+\.[^\s@<>()[\],;:\\"/?#.]+\.?$/u, 'Not an email address.')
  .transform(normalizeEmail);

/**
 * Why a person may not open a ticket. `AMBIGUOUS_CONTACT`: the address (or number) is an
 * allowed contact of several customers and nothing said which one the request is for.
 */
export type ContactRejection = 'UNKNOWN_SENDER' | 'INACTIVE_CONTACT' | 'ROLE_NOT_ALLOWED' | 'WRONG_CUSTOMER' | 'AMBIGUOUS_CONTACT';

/** Whether a sender may open a ticket, and as which contact. */
export type ContactDecision =
  | { readonly ok: true; readonly contact: ContactRecord }
  | {
      readonly ok: false;
      readonly reason: ContactRejection;
      readonly message: string;
      readonly contact?: ContactRecord;
      /**
       * `AMBIGUOUS_CONTACT` only: the allowed contacts, one or more per customer, among which
       * nothing decided. They name other customers: for staff, never for a partner.
       */
      readonly candidates?: readonly ContactRecord[];
    };

const MESSAGES: Readonly<Record<ContactRejection, string>> = {
  UNKNOWN_SENDER:
    'The sender is not a registered contact: ask your administrative contact or account manager to register you as an administrative or technical contact.',
  INACTIVE_CONTACT:
    'This contact is no longer active: ask your administrative contact or account manager to reactivate it.',
  ROLE_NOT_ALLOWED:
    'This contact may not open tickets: only administrative or technical contacts can; ask your administrative contact or account manager to add one of these roles.',
  WRONG_CUSTOMER: 'This contact is not registered for this customer.',
  AMBIGUOUS_CONTACT:
    'This address is registered as a contact of more than one customer and the request does not say which one it is for: give the SOF number of the service concerned.',
};

const SUB_ADDRESS_MESSAGE =
  'Sub-addressed variants (+tag) of a registered address are not accepted: write from the registered address itself.';

/**
 * Whether a contact may open tickets at all: active, with role ADMINISTRATIVE or TECHNICAL
 * ("contacto administrativo o de notificación técnica"). The one definition every channel,
 * the API's `mayOpenTickets` field and the intake rules share.
 *
 * ### Examples
 * ```ts
 * mayOpenTickets({ id: 'c1', customerId: 'acme', email: 'noc@acme.example', roles: ['TECHNICAL'], active: true });    // true
 * mayOpenTickets({ id: 'c3', customerId: 'acme', email: 'billing@acme.example', roles: ['BILLING'], active: true }); // false
 * mayOpenTickets({ id: 'c4', customerId: 'acme', email: 'old@acme.example', roles: ['TECHNICAL'], active: false });  // false
 * ```
 */
export function mayOpenTickets(contact: ContactRecord): boolean {
  return contact.active && contact.roles.some((role) => TICKET_ROLES.includes(role));
}

/** Who is asking, as a channel knows it. */
interface Identity {
  readonly email?: string;
  readonly phone?: string;
  readonly contacts: readonly ContactRecord[];
  readonly customerId?: string;
  /**
   * The customers owning an active SOF the request gave. When the allowed contacts belong to
   * several customers, exactly one of them must be among these, or the sender is ambiguous.
   */
  readonly preferCustomerIds?: readonly string[];
}

/**
 * Shared by every channel: find the contacts matching an address or number, then decide which
 * of them is asking. An address registered at several customers never silently picks one: the
 * first record of the store says nothing about whom the person writes for. Internal.
 */
export function identifyContact(identity: Identity): ContactDecision {
  const email = identity.email === undefined || identity.email.trim() === '' ? undefined : normalizeEmail(identity.email);
  const phone = identity.phone === undefined ? undefined : normalizePhone(identity.phone);
  const matching = identity.contacts.filter(
    (contact) =>
      (email !== undefined && normalizeEmail(contact.email) === email) ||
      (phone !== undefined && phone.replace('+', '') !== '' && contact.phone != null && normalizePhone(contact.phone) === phone),
  );
  if (matching.length === 0) {
    const untagged = email?.replace(/\+[^@]*@/, '@');
    const subAddressed =
      untagged !== undefined && untagged !== email && identity.contacts.some((contact) => normalizeEmail(contact.email) === untagged);
    return { ok: false, reason: 'UNKNOWN_SENDER', message: subAddressed ? SUB_ADDRESS_MESSAGE : MESSAGES.UNKNOWN_SENDER };
  }
  const candidates =
    identity.customerId === undefined ? matching : matching.filter((contact) => contact.customerId === identity.customerId);
  const [foreign] = matching;
  if (candidates.length === 0 && foreign !== undefined) {
    return { ok: false, reason: 'WRONG_CUSTOMER', message: MESSAGES.WRONG_CUSTOMER, contact: foreign };
  }
  const allowed = candidates.filter(mayOpenTickets);
  const customers = [...new Set(allowed.map((contact) => contact.customerId))];
  const decided =
    customers.length > 1 ? customers.filter((customerId) => identity.preferCustomerIds?.includes(customerId) === true) : customers;
  const [customerId] = decided;
  const chosen = decided.length === 1 ? allowed.find((contact) => contact.customerId === customerId) : undefined;
  if (chosen !== undefined) return { ok: true, contact: chosen };
  if (allowed.length > 0) {
    return { ok: false, reason: 'AMBIGUOUS_CONTACT', message: MESSAGES.AMBIGUOUS_CONTACT, candidates: allowed };
  }
  const active = candidates.find((contact) => contact.active);
  if (active !== undefined) return { ok: false, reason: 'ROLE_NOT_ALLOWED', message: MESSAGES.ROLE_NOT_ALLOWED, contact: active };
  const [inactive] = candidates;
  return { ok: false, reason: 'INACTIVE_CONTACT', message: MESSAGES.INACTIVE_CONTACT, ...(inactive ? { contact: inactive } : {}) };
}

/**
 * Decides whether an email, live-assistant or portal sender may open a ticket: they must be an
 * active ADMINISTRATIVE or TECHNICAL contact (of `customerId`, when a partner key restricts it).
 * Addresses compare case-insensitively with IDN domains normalised; a `+tag` variant of a
 * registered address is an unknown sender. When one address is registered at several
 * customers, an allowed contact is preferred over a refused one; when it is an allowed contact
 * of more than one customer, only `customerId` (a partner key, the ticket a reply belongs to)
 * can say which: without it the answer is `AMBIGUOUS_CONTACT`, never the store's first row.
 *
 * ### Examples
 * ```ts
 * authorizeContact({ email: 'NOC@Example.com', contacts });
 * // { ok: true, contact: { email: 'noc@example.com', roles: ['TECHNICAL'], … } }
 * authorizeContact({ email: 'billing@example.com', contacts });
 * // { ok: false, reason: 'ROLE_NOT_ALLOWED', message: 'This contact may not open tickets: …', contact: … }
 * authorizeContact({ email: 'shared@example.com', contacts: [acmeNoc, globexNoc] });
 * // { ok: false, reason: 'AMBIGUOUS_CONTACT', message: '…give the SOF number of the service concerned.', candidates: [acmeNoc, globexNoc] }
 * authorizeContact({ email: 'shared@example.com', contacts: [acmeNoc, globexNoc], customerId: 'globex' });
 * // { ok: true, contact: globexNoc }
 * ```
 */
export function authorizeContact(input: {
  readonly email: string;
  readonly contacts: readonly ContactRecord[];
  readonly customerId?: string;
}): ContactDecision {
  return identifyContact({
    email: input.email,
    contacts: input.contacts,
    ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
  });
}

/** Which of the two phone checks failed. */
export type PhoneCallerFailure = 'CONTACT' | 'SOF';

/** Why a SOF given by phone does not do. */
export type SofCheckRejection = 'SOF_MISSING' | 'SOF_INVALID' | 'SOF_UNKNOWN' | 'SOF_FOREIGN' | 'SOF_INACTIVE';

/** Whether a caller may be given support, with the contact and service they were verified against. */
export type PhoneCallerDecision =
  | { readonly ok: true; readonly contact: ContactRecord; readonly service: ServiceRecord }
  | {
      readonly ok: false;
      readonly failed: PhoneCallerFailure;
      readonly reason: ContactRejection | SofCheckRejection;
      readonly message: string;
    };

const SOF_MESSAGES: Readonly<Record<Exclude<SofCheckRejection, 'SOF_INVALID'>, string>> = {
  SOF_MISSING: 'A SOF number is needed before support can be given by phone: it is on the Service Order Form, e.g. SOF-12345.',
  SOF_UNKNOWN: 'This SOF number is not known: check it against the Service Order Form.',
  SOF_FOREIGN: "This SOF number does not belong to the caller's customer.",
  SOF_INACTIVE: 'The service with this SOF number is not active (suspended or terminated).',
};

/** The outcome of checking one SOF against the store records and a customer. */
export type SofCheck =
  | { readonly ok: true; readonly sof: string; readonly service: ServiceRecord }
  | { readonly ok: false; readonly reason: SofCheckRejection; readonly message: string; readonly sof?: string };

/** Checks one raw SOF: it must parse, exist, belong to `customerId` and be ACTIVE. Shared with intake; internal. */
export function checkSof(raw: string, customerId: string, services: readonly ServiceRecord[]): SofCheck {
  const parsed = parseSof(raw);
  if (!parsed.ok) {
    return parsed.reason === 'EMPTY'
      ? { ok: false, reason: 'SOF_MISSING', message: SOF_MESSAGES.SOF_MISSING }
      : { ok: false, reason: 'SOF_INVALID', message: parsed.message };
  }
  const sof = parsed.sof;
  const known = services.filter((service) => {
    const stored = parseSof(service.sof);
    return stored.ok && stored.sof === sof;
  });
  const own = known.find((service) => service.customerId === customerId);
  if (own === undefined) {
    return known.length === 0
      ? { ok: false, reason: 'SOF_UNKNOWN', message: SOF_MESSAGES.SOF_UNKNOWN, sof }
      : { ok: false, reason: 'SOF_FOREIGN', message: SOF_MESSAGES.SOF_FOREIGN, sof };
  }
  if (own.status !== 'ACTIVE') return { ok: false, reason: 'SOF_INACTIVE', message: SOF_MESSAGES.SOF_INACTIVE, sof };
  return { ok: true, sof, service: own };
}

/**
 * Decides whether a phone caller may be given support: "El cliente debe poder identificarse y
 * proporcionar el número de formulario de pedido de servicio (SOF) antes de que se brinde
 * soporte." The caller must be an allowed contact (found by email or phone number) and the SOF
 * must parse, exist, belong to that contact's customer and be ACTIVE. The contact is checked
 * first; the answer says which check failed so the agent knows what to ask for. A caller who is
 * an allowed contact of several customers is identified by the SOF: exactly one of those
 * customers must own it as an active service, otherwise the contact check fails with
 * `AMBIGUOUS_CONTACT` (ask for the SOF of the service the call is about).
 *
 * ### Examples
 * ```ts
 * authorizePhoneCaller({ caller: { phone: '+34 600 111 222' }, sof: 'sof 12345', contacts, services });
 * // { ok: true, contact: …, service: { sof: 'SOF-12345', status: 'ACTIVE', … } }
 * authorizePhoneCaller({ caller: { email: 'noc@example.com' }, sof: 'SOF-99999', contacts, services });
 * // { ok: false, failed: 'SOF', reason: 'SOF_FOREIGN', message: "This SOF number does not belong to the caller's customer." }
 * ```
 */
export function authorizePhoneCaller(input: {
  readonly caller: { readonly email?: string; readonly phone?: string };
  readonly sof: string;
  readonly contacts: readonly ContactRecord[];
  readonly services: readonly ServiceRecord[];
  /** Restricts the caller to one customer, when the channel knows it. */
  readonly customerId?: string;
}): PhoneCallerDecision {
  const parsed = parseSof(input.sof);
  const owners = parsed.ok
    ? input.services
        .filter((service) => service.status === 'ACTIVE' && sofOf(service) === parsed.sof)
        .map((service) => service.customerId)
    : [];
  const identified = identifyContact({
    ...input.caller,
    contacts: input.contacts,
    preferCustomerIds: owners,
    ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
  });
  if (!identified.ok) {
    const noIdentity = (input.caller.email ?? '').trim() === '' && (input.caller.phone ?? '').trim() === '';
    return {
      ok: false,
      failed: 'CONTACT',
      reason: identified.reason,
      message: noIdentity ? 'The caller must identify themself with a registered email address or phone number.' : identified.message,
    };
  }
  const checked = checkSof(input.sof, identified.contact.customerId, input.services);
  if (!checked.ok) return { ok: false, failed: 'SOF', reason: checked.reason, message: checked.message };
  return { ok: true, contact: identified.contact, service: checked.service };
}

function sofOf(service: ServiceRecord): string | undefined {
  const parsed = parseSof(service.sof);
  return parsed.ok ? parsed.sof : undefined;
}

/**
 * Says whether a contact may be removed: the last active ADMINISTRATIVE contact of a customer
 * cannot be, because administrative contacts keep the authorised list up to date and a
 * customer without one could not register anybody again.
 *
 * ### Examples
 * ```ts
 * canRemoveContact(onlyAdmin, [onlyAdmin, technical]);
 * // { ok: false, reason: 'LAST_ADMINISTRATIVE_CONTACT', message: 'This is the last administrative contact …' }
 * canRemoveContact(technical, [onlyAdmin, technical]); // { ok: true }
 * ```
 */
export function canRemoveContact(
  contact: ContactRecord,
  customerContacts: readonly ContactRecord[],
): { readonly ok: true } | { readonly ok: false; readonly reason: 'LAST_ADMINISTRATIVE_CONTACT'; readonly message: string } {
  if (!isActiveAdministrative(contact)) return { ok: true };
  const others = customerContacts.filter(
    (other) => other.id !== contact.id && other.customerId === contact.customerId && isActiveAdministrative(other),
  );
  if (others.length > 0) return { ok: true };
  return {
    ok: false,
    reason: 'LAST_ADMINISTRATIVE_CONTACT',
    message: 'This is the last administrative contact of the customer: register another administrative contact first.',
  };
}

/**
 * Says whether a contact may be changed: like removal, a change may not leave the customer
 * without an active ADMINISTRATIVE contact (deactivating it, or dropping its role).
 *
 * ### Examples
 * ```ts
 * canUpdateContact(onlyAdmin, { ...onlyAdmin, roles: ['TECHNICAL'] }, [onlyAdmin]);
 * // { ok: false, reason: 'LAST_ADMINISTRATIVE_CONTACT', … }
 * ```
 */
export function canUpdateContact(
  current: ContactRecord,
  next: ContactRecord,
  customerContacts: readonly ContactRecord[],
): ReturnType<typeof canRemoveContact> {
  if (isActiveAdministrative(next) && next.customerId === current.customerId) return { ok: true };
  return canRemoveContact(current, customerContacts);
}

function isActiveAdministrative(contact: ContactRecord): boolean {
  return contact.active && contact.roles.includes('ADMINISTRATIVE');
}
