// Who is calling: a partner bound to one customer, a staff member with a role, or nobody.
export type StaffRole = 'ENGINEER' | 'ACCOUNT_MANAGER' | 'ADMIN';
export const STAFF_ROLES: readonly StaffRole[] = ['ENGINEER', 'ACCOUNT_MANAGER', 'ADMIN'];

export type Principal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'partner'; readonly id: string; readonly customerId: string; readonly name: string }
  | { readonly kind: 'staff'; readonly id: string; readonly role: StaffRole; readonly name: string };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** The name written into history events and the audit log. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'partner':
      return `partner:${principal.name}`;
    case 'staff':
      return `staff:${principal.name}`;
  }
}

/** The customer a principal is confined to; undefined for staff, who see every customer. */
export function customerScope(principal: Principal): string | undefined {
  return principal.kind === 'partner' ? principal.customerId : undefined;
}

/** The key idempotency records and rate limits are scoped by: one per credential. */
export function principalKey(principal: Principal): string {
  return principal.kind === 'anonymous' ? 'anonymous' : `${principal.kind}:${principal.id}`;
}
