// The authorised contact list (SPEC §2.2), kept current by the customer's administrators through
// their partner key, or by account managers.
import { AddContactDocument, ContactsDocument, RemoveContactDocument, type AddContactInput, type ContactFieldsFragment, type RemoveContactInput } from './_generated_graphql.js';
import { unwrap, type Caller } from './call.js';
import type { CallOptions } from './transport.js';

export type Contact = ContactFieldsFragment;

/** `client.contacts`. */
export interface ContactsArea {
  /** Partner keys: every contact of your customer, removed ones included (see `active`). */
  list(options?: CallOptions): Promise<readonly Contact[]>;
  /**
   * Adds an authorised (ADMINISTRATIVE, TECHNICAL) or other contact. A partner may register addresses
   * of its customer's verified domains only.
   * @throws AddressNotClaimableError, ConflictError, NotFoundError, InputValidationError.
   */
  add(input: AddContactInput, options?: CallOptions): Promise<Contact>;
  /** Removes a contact with a reason; refuses the last ADMINISTRATIVE one (LastAdministrativeContactError). */
  remove(input: RemoveContactInput, options?: CallOptions): Promise<Contact>;
}

export function contactsArea(caller: Caller): ContactsArea {
  return {
    async list(options) {
      return (await caller.run(ContactsDocument, {}, options)).data.viewer.customer?.contacts ?? [];
    },
    async add(input, options) {
      const { data, requestId } = await caller.run(AddContactDocument, { input }, options);
      return unwrap(data.addContact, 'MutationAddContactSuccess', requestId).contact;
    },
    async remove(input, options) {
      const { data, requestId } = await caller.run(RemoveContactDocument, { input }, options);
      return unwrap(data.removeContact, 'MutationRemoveContactSuccess', requestId).contact;
    },
  };
}
