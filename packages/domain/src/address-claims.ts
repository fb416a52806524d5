/**
 * Who may register an email address as a customer's contact (SPEC §2.2: the list is kept by
 * the customer's administrative contacts through the portal or partner API, or by the account
 * manager). Registering an address decides whose tickets mail from it opens, and who reads
 * them: a partner key that could register any address could capture another customer's mail,
 * or a person that customer adds later. So a partner may claim only addresses in its
 * customer's *verified domains* (kept by staff, after checking the customer controls them) and
 * never one that is already another customer's active contact; staff may register any address,
 * but sharing one with another customer takes an explicit confirmation.
 */
import { z } from 'zod';
import type { ContactRecord } from './contacts.js';
import { EmailAddressSchema, emailDomain, normalizeEmail } from './contacts.js';

/** Who is registering: a partner key (restricted to its customer) or staff (the account manager). */
export interface AddressClaimant {
  readonly kind: 'PARTNER' | 'STAFF';
}

/** Everything the claim decision needs; the store looks up the domains and the contacts first. */
export interface AddressClaimInput {
  /** The address to register. */
  readonly email: string;
  readonly claimant: AddressClaimant;
  /** The customer the address is to become a contact of. */
  readonly customerId: string;
  /** That customer's verified domains. */
  readonly verifiedDomains: readonly string[];
  /** The store's contacts with this address, at any customer, active or not. */
  readonly existingContacts: readonly ContactRecord[];
  /** Staff only: they know the address is another customer's contact and mean to share it. */
  readonly confirmSharedAddress?: boolean;
}

/**
 * Why an address may not be registered. `NOT_CLAIMABLE_BY_PARTNER` is the one answer a partner
 * gets for an address outside its verified domains *and* for one that is another customer's
 * contact: the answer never says that another customer has the address, nor which.
 * `SHARED_ADDRESS_NOT_CONFIRMED` is staff's precise answer for the second case.
 */
export type AddressClaimRejection =
  | 'INVALID_ADDRESS'
  | 'ALREADY_A_CONTACT'
  | 'NOT_CLAIMABLE_BY_PARTNER'
  | 'SHARED_ADDRESS_NOT_CONFIRMED';

/**
 * Register (the normalised address; `sharedWith` the other customers it stays an active contact
 * of, non-empty only when staff confirmed sharing it) or refuse (why). `sharedWith` on a
 * refusal is only ever set for staff.
 */
export type AddressClaimDecision =
  | {
      readonly ok: true;
      readonly email: string;
      readonly inVerifiedDomain: boolean;
      readonly shared: boolean;
      readonly sharedWith: readonly string[];
    }
  | {
      readonly ok: false;
      readonly reason: AddressClaimRejection;
      readonly message: string;
      readonly sharedWith?: readonly string[];
    };

const MESSAGES: Readonly<Record<AddressClaimRejection, string>> = {
  INVALID_ADDRESS: 'This is not an email address.',
  ALREADY_A_CONTACT: 'This address is already an active contact of this customer.',
  NOT_CLAIMABLE_BY_PARTNER:
    'This address cannot be registered with a partner key: ask your account manager, who can register it or verify its domain for your customer.',
  SHARED_ADDRESS_NOT_CONFIRMED:
    'This address is already an active contact of another customer: confirm to share it; mail from a shared address opens a ticket only when it gives a SOF number of one of the customers.',
};

/**
 * Validates a verified domain in staff input and normalises it like the domain of an address
 * (`normalizeEmail`: lower case, punycode, no trailing dot); a leading `@` or `*.` is dropped.
 */
export const VerifiedDomainSchema = z
  .string()
  .trim()
  .max(253)
  .transform((domain) => emailDomain(`x@${domain.replace(/^(@|\*\.)/, '')}`))
  .refine((domain) => /^(?!-)[a-z0-9-]{1,63}(\.(?!-)[a-z0-9-]{1,63})+$/.test(domain), 'Not a domain name.');

/**
 * Whether an address lies in one of the verified domains: the domain itself or any subdomain
 * of it (`noc.acme.example` is in a verified `acme.example`), since verifying a domain proves
 * control of the whole zone beneath it. Labels must match whole: `evilacme.example` is not in
 * `acme.example`. Domains compare as `normalizeEmail` writes them (case, IDN, trailing dot).
 *
 * ### Examples
 * ```ts
 * isInVerifiedDomains('ana@noc.acme.example', ['acme.example']);  // true
 * isInVerifiedDomains('ana@ACME.example.', ['acme.example']);     // true
 * isInVerifiedDomains('ana@evilacme.example', ['acme.example']);  // false
 * isInVerifiedDomains('ana@bücher.example', ['xn--bcher-kva.example']); // true
 * ```
 */
export function isInVerifiedDomains(email: string, verifiedDomains: readonly string[]): boolean {
  const domain = emailDomain(email);
  if (domain === '') return false;
  return verifiedDomains.some((verified) => {
    const normalised = emailDomain(`x@${verified.trim().replace(/^(@|\*\.)/, '')}`);
    return normalised.includes('.') && (domain === normalised || domain.endsWith(`.${normalised}`));
  });
}

/**
 * Decides whether an address may be registered as a contact of `customerId`, and by whom.
 * Both claimants: the address must be valid and not already an active contact of this
 * customer. A partner: only within the customer's verified domains (`isInVerifiedDomains`),
 * and never an address that is an active contact of another customer. Both refusals are the
 * same `NOT_CLAIMABLE_BY_PARTNER` with the same message, so the answer does not tell the
 * partner that another customer has the address (nor which). Staff: any address; one that is
 * an active contact of another customer needs `confirmSharedAddress: true`, without which the
 * answer is `SHARED_ADDRESS_NOT_CONFIRMED` naming those customers, and with which the address
 * becomes shared (`shared: true`). Inactive contacts (removed, guests) of other customers do
 * not count: they receive no tickets.
 *
 * ### Examples
 * ```ts
 * decideAddressClaim({ email: 'noc@eu.acme.example', claimant: { kind: 'PARTNER' }, customerId: 'acme',
 *   verifiedDomains: ['acme.example'], existingContacts: [] });
 * // { ok: true, email: 'noc@eu.acme.example', inVerifiedDomain: true, shared: false, sharedWith: [] }
 * decideAddressClaim({ email: 'ceo@globex.example', claimant: { kind: 'PARTNER' }, customerId: 'acme',
 *   verifiedDomains: ['acme.example'], existingContacts: [] });
 * // { ok: false, reason: 'NOT_CLAIMABLE_BY_PARTNER', message: 'This address cannot be registered with a partner key: …' }
 * decideAddressClaim({ email: 'noc@acme.example', claimant: { kind: 'STAFF' }, customerId: 'acme',
 *   verifiedDomains: [], existingContacts: [globexNoc] });
 * // { ok: false, reason: 'SHARED_ADDRESS_NOT_CONFIRMED', sharedWith: ['globex'], … }
 * decideAddressClaim({ email: 'noc@acme.example', claimant: { kind: 'STAFF' }, customerId: 'acme',
 *   verifiedDomains: [], existingContacts: [globexNoc], confirmSharedAddress: true });
 * // { ok: true, email: 'noc@acme.example', inVerifiedDomain: false, shared: true, sharedWith: ['globex'] }
 * ```
 */
export function decideAddressClaim(input: AddressClaimInput): AddressClaimDecision {
  const parsed = EmailAddressSchema.safeParse(input.email);
  if (!parsed.success) return refuse('INVALID_ADDRESS');
  const email = parsed.data;
  const active = input.existingContacts.filter((contact) => contact.active && normalizeEmail(contact.email) === email);
  if (active.some((contact) => contact.customerId === input.customerId)) return refuse('ALREADY_A_CONTACT');
  const sharedWith = [...new Set(active.map((contact) => contact.customerId))].sort();
  const inVerifiedDomain = isInVerifiedDomains(email, input.verifiedDomains);

  if (input.claimant.kind === 'PARTNER') {
    if (!inVerifiedDomain || sharedWith.length > 0) return refuse('NOT_CLAIMABLE_BY_PARTNER');
  } else if (sharedWith.length > 0 && input.confirmSharedAddress !== true) {
    return { ...refuse('SHARED_ADDRESS_NOT_CONFIRMED'), sharedWith };
  }
  return { ok: true, email, inVerifiedDomain, shared: sharedWith.length > 0, sharedWith };
}

function refuse(reason: AddressClaimRejection): { readonly ok: false; readonly reason: AddressClaimRejection; readonly message: string } {
  return { ok: false, reason, message: MESSAGES[reason] };
}
