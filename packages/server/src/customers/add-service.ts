// `addService` (ADMIN, ACCOUNT_MANAGER): a service of a customer with its SOF number, unique desk-wide.
import { parseSof, type ServiceStatus } from '@nocdesk/domain';
import { actorOf, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { recordAudit } from '../store/audit.js';
import { insertService } from '../store/customers.js';
import type { ServiceRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import { visibleCustomer } from './visible-customer.js';

export async function addService(desk: Desk, principal: Principal, input: { customerId: string; sof: string; description: string; status: ServiceStatus }): Promise<ServiceRow> {
  const customer = await visibleCustomer(desk, principal, input.customerId);
  const parsed = parseSof(input.sof);
  if (!parsed.ok) throw new NotFoundError('SOF');
  const now = desk.now();
  try {
    return await inTransaction(desk.store, async (trx) => {
      const row = await insertService(trx, { customerId: customer.id, sof: parsed.sof, description: input.description, status: input.status, now });
      await recordAudit(trx, { customerId: customer.id, entity: 'service', entityId: row.id, action: 'CREATED', actor: actorOf(principal), data: { sof: row.sof, status: row.status }, at: now });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`${parsed.sof} is already registered.`);
    throw error;
  }
}
