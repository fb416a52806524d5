// The customer's authorised contacts (SPEC §2.2), kept current by its administrators from the portal:
// add one, remove one with a reason. The desk refuses to remove the last administrative contact and
// says so; the portal puts that in its own words.
import { AddressNotClaimableError, LastAdministrativeContactError, type Contact, type ContactRole, type Language } from '@nocdesk/client';
import { field, h, show } from './dom.js';
import type { PortalContext } from './portal-context.js';

const ROLES: readonly ContactRole[] = ['ADMINISTRATIVE', 'TECHNICAL', 'BILLING', 'OTHER'];

export interface ContactsView {
  readonly element: HTMLElement;
  /** The contacts as last read. */
  current(): readonly Contact[];
  refresh(): Promise<void>;
}

export function contactsView(ctx: PortalContext): ContactsView {
  const { t, client } = ctx;
  let contacts: readonly Contact[] = [];
  const rows = h('tbody');

  function describe(error: unknown): string {
    if (error instanceof LastAdministrativeContactError) return t.lastAdministrativeContact;
    if (error instanceof AddressNotClaimableError) return error.reason === 'ALREADY_A_CONTACT' ? t.alreadyAContact : t.addressNotClaimable;
    return ctx.describe(error);
  }

  function removal(contact: Contact, cell: HTMLElement): void {
    const form = h(
      'form',
      {
        class: 'remove-contact',
        onsubmit: (event) => {
          event.preventDefault();
          void (async () => {
            try {
              await client.contacts.remove({ contactId: contact.id, reason: field(form, 'reason') });
              ctx.notify(t.contactRemoved(contact.name));
              await refresh();
            } catch (error) {
              ctx.notify(describe(error), 'error');
            }
          })();
        },
      },
      h('input', { name: 'reason', required: true, minlength: '3', placeholder: t.removeReason, 'aria-label': t.removeReason }),
      h('button', { type: 'submit' }, t.confirmRemove),
      h('button', { type: 'button', onclick: () => show(cell, removeButton(contact, cell)) }, t.cancel),
    );
    show(cell, form);
  }

  function removeButton(contact: Contact, cell: HTMLElement): HTMLButtonElement {
    return h('button', { type: 'button', class: 'remove', onclick: () => removal(contact, cell) }, t.remove);
  }

  function row(contact: Contact): HTMLTableRowElement {
    const actions = h('td');
    if (contact.active) show(actions, removeButton(contact, actions));
    return h(
      'tr',
      { 'data-contact': contact.email, class: contact.active ? undefined : 'removed' },
      h('td', {}, contact.name),
      h('td', {}, contact.email),
      h('td', {}, contact.phone ?? ''),
      h('td', {}, contact.roles.map((r) => t.roles[r]).join(', ')),
      h('td', {}, contact.active ? t.contacts.active : t.contacts.removed(contact.removedReason ?? '')),
      actions,
    );
  }

  async function refresh(): Promise<void> {
    contacts = await client.contacts.list();
    show(rows, ...[...contacts].sort((a, b) => Number(b.active) - Number(a.active)).map(row));
  }

  const form = h(
    'form',
    {
      id: 'add-contact',
      class: 'panel',
      onsubmit: (event) => {
        event.preventDefault();
        void (async () => {
          const roles = ROLES.filter((role) => (form.elements.namedItem(`role-${role}`) as HTMLInputElement | null)?.checked);
          const phone = field(form, 'phone');
          try {
            const added = await client.contacts.add({
              customerId: ctx.customerId,
              name: field(form, 'name'),
              email: field(form, 'email'),
              roles,
              language: field(form, 'language') as Language,
              ...(phone ? { phone } : {}),
            });
            form.reset();
            ctx.notify(t.contactAdded(added.name));
            await refresh();
          } catch (error) {
            ctx.notify(describe(error), 'error');
          }
        })();
      },
    },
    h('h2', {}, t.addContact),
    h('label', {}, t.contacts.name, h('input', { name: 'name', required: true })),
    h('label', {}, t.contacts.email, h('input', { name: 'email', type: 'email', required: true })),
    h('label', {}, t.contacts.phone, h('input', { name: 'phone', placeholder: '+34 600 000 000' })),
    h('fieldset', {}, h('legend', {}, t.contacts.roles), ...ROLES.map((role) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: `role-${role}`, checked: role === 'TECHNICAL' }), t.roles[role]))),
    h('label', {}, 'Language / Idioma', h('select', { name: 'language' }, h('option', { value: ctx.language === 'es' ? 'es' : 'en' }, ctx.language === 'es' ? 'Español' : 'English'), h('option', { value: ctx.language === 'es' ? 'en' : 'es' }, ctx.language === 'es' ? 'English' : 'Español'))),
    h('button', { type: 'submit' }, t.add),
  );

  const element = h(
    'div',
    { id: 'contacts' },
    h('table', { class: 'list' }, h('thead', {}, h('tr', {}, ...[t.contacts.name, t.contacts.email, t.contacts.phone, t.contacts.roles, t.contacts.state, ''].map((c) => h('th', {}, c)))), rows),
    form,
  );
  return { element, current: () => contacts, refresh };
}
