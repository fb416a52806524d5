// Demo data for a first run on SQLite: a customer with ADMINISTRATIVE, TECHNICAL and BILLING contacts,
// its verified mail domain, an active and a terminated service, a second customer, a partner key each,
// an admin token and an engineer token.
import fs from 'node:fs';
import path from 'node:path';
import { createPartnerKey, createStaffToken } from './auth/credentials.js';
import type { Desk } from './desk.js';
import { anyCustomerExists, insertContact, insertCustomer, insertService, insertVerifiedDomain } from './store/customers.js';
import { inTransaction } from './store/transaction.js';

export interface DemoCredentials {
  readonly partnerKey: string;
  readonly otherPartnerKey: string;
  readonly adminToken: string;
  readonly engineerToken: string;
}

const CREDENTIALS_FILE = 'demo-credentials.json';

/** Seeds once: when any customer exists, it returns the credentials it wrote the first time. */
export async function seedDemo(desk: Desk): Promise<{ created: boolean; credentials: DemoCredentials | undefined }> {
  const file = path.join(desk.config.dataDir, CREDENTIALS_FILE);
  if (await anyCustomerExists(desk.store.db)) {
    const credentials = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DemoCredentials) : undefined;
    return { created: false, credentials };
  }
  const now = desk.now();
  const credentials = await inTransaction(desk.store, async (trx) => {
    const acme = await insertCustomer(trx, { name: 'Acme Networks', accountManager: 'Laura Gómez', now });
    await insertVerifiedDomain(trx, { customerId: acme.id, domain: 'acme.example', verifiedBy: 'seed', now });
    await insertContact(trx, { customerId: acme.id, name: 'Marta Ruiz', email: 'noc@acme.example', phone: '+34 600 000 001', roles: ['ADMINISTRATIVE'], language: 'es', now });
    await insertContact(trx, { customerId: acme.id, name: 'Sam Patel', email: 'ops@acme.example', phone: '+44 7700 900001', roles: ['TECHNICAL'], language: 'en', now });
    await insertContact(trx, { customerId: acme.id, name: 'Accounts', email: 'billing@acme.example', roles: ['BILLING'], now });
    await insertService(trx, { customerId: acme.id, sof: 'SOF-10001', description: '10G IP transit, Madrid', status: 'ACTIVE', now });
    await insertService(trx, { customerId: acme.id, sof: 'SOF-10002', description: '1G L2 circuit Madrid–Lisbon (terminated)', status: 'TERMINATED', now });
    const globex = await insertCustomer(trx, { name: 'Globex Telecom', accountManager: 'Tom Baker', now });
    await insertVerifiedDomain(trx, { customerId: globex.id, domain: 'globex.example', verifiedBy: 'seed', now });
    await insertContact(trx, { customerId: globex.id, name: 'Ana Silva', email: 'noc@globex.example', phone: '+351 910 000 001', roles: ['ADMINISTRATIVE', 'TECHNICAL'], language: 'en', now });
    await insertService(trx, { customerId: globex.id, sof: 'SOF-20001', description: 'Colocation rack, Lisbon', status: 'ACTIVE', now });
    const partner = await createPartnerKey(trx, { customerId: acme.id, name: 'Acme portal', now });
    const otherPartner = await createPartnerKey(trx, { customerId: globex.id, name: 'Globex portal', now });
    const admin = await createStaffToken(trx, { name: 'demo-admin', role: 'ADMIN', now });
    const engineer = await createStaffToken(trx, { name: 'demo-engineer', role: 'ENGINEER', now });
    return { partnerKey: partner.key, otherPartnerKey: otherPartner.key, adminToken: admin.token, engineerToken: engineer.token };
  });
  fs.mkdirSync(desk.config.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return { created: true, credentials };
}
