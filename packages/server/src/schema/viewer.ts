// `viewer`: who the token belongs to, so a partner portal can show "signed in as".
import { builder } from './builder.js';
import { CustomerRef } from './customer.js';

const ViewerKindEnum = builder.enumType('ViewerKind', {
  description: 'What kind of caller a token makes.',
  values: {
    ANONYMOUS: { description: 'No token: the public lookups only.' },
    PARTNER: { description: 'A partner API key, bound to one customer.' },
    STAFF: { description: 'A staff token, with a role.' },
  } as const,
});
const StaffRoleEnum = builder.enumType('StaffRole', {
  description: 'What a staff token may do.',
  values: {
    ENGINEER: { description: 'Works tickets: the queue, replies, notes, resolutions, priorities, phone calls, chats.' },
    ACCOUNT_MANAGER: { description: 'Keeps customers’ services, contacts and verified domains current.' },
    ADMIN: { description: 'Everything, including customers, partner keys and the mailgate.' },
  } as const,
});

interface ViewerView {
  readonly kind: 'ANONYMOUS' | 'PARTNER' | 'STAFF';
  readonly name: string | null;
  readonly role: 'ENGINEER' | 'ACCOUNT_MANAGER' | 'ADMIN' | null;
  readonly customerId: string | null;
}

const ViewerRef = builder.objectRef<ViewerView>('Viewer').implement({
  description: 'Who a token belongs to.',
  fields: (t) => ({
    kind: t.field({ type: ViewerKindEnum, description: 'Partner, staff or anonymous.', resolve: (v) => v.kind }),
    name: t.exposeString('name', { nullable: true, description: 'The key’s or token’s name.' }),
    role: t.field({ type: StaffRoleEnum, nullable: true, description: 'Staff: the role.', resolve: (v) => v.role }),
    customer: t.field({ type: CustomerRef, nullable: true, description: 'Partner: the customer the key is bound to.', resolve: (v) => v.customerId }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    description: 'Who the token belongs to: a quick check after configuring a portal. No token needed.',
    resolve: (_root, _args, { principal }): ViewerView => {
      switch (principal.kind) {
        case 'anonymous':
          return { kind: 'ANONYMOUS', name: null, role: null, customerId: null };
        case 'partner':
          return { kind: 'PARTNER', name: principal.name, role: null, customerId: principal.customerId };
        case 'staff':
          return { kind: 'STAFF', name: principal.name, role: principal.role, customerId: null };
      }
    },
  }),
);
