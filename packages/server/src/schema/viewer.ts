// `viewer`: who the token belongs to, so a partner portal can show "signed in as".
import { builder } from './builder.js';
import { CustomerRef } from './customer.js';

const ViewerKindEnum = builder.enumType('ViewerKind', { values: ['ANONYMOUS', 'PARTNER', 'STAFF'] as const });
const StaffRoleEnum = builder.enumType('StaffRole', { values: ['ENGINEER', 'ACCOUNT_MANAGER', 'ADMIN'] as const });

interface ViewerView {
  readonly kind: 'ANONYMOUS' | 'PARTNER' | 'STAFF';
  readonly name: string | null;
  readonly role: 'ENGINEER' | 'ACCOUNT_MANAGER' | 'ADMIN' | null;
  readonly customerId: string | null;
}

const ViewerRef = builder.objectRef<ViewerView>('Viewer').implement({
  fields: (t) => ({
    kind: t.field({ type: ViewerKindEnum, resolve: (v) => v.kind }),
    name: t.exposeString('name', { nullable: true }),
    role: t.field({ type: StaffRoleEnum, nullable: true, resolve: (v) => v.role }),
    customer: t.field({ type: CustomerRef, nullable: true, resolve: (v) => v.customerId }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
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
