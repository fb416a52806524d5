// The `nocdesk` commands that open a desk: start, migrate, seed, token, backup.
import { parseArgs } from 'node:util';
import { STAFF_ROLES, type StaffRole } from '../auth/principal.js';
import { createPartnerKey, createStaffToken, revokeCredentialsByName } from '../auth/credentials.js';
import { loadConfig } from '../config.js';
import { openDesk, type OpenedDesk } from '../create-desk.js';
import { ConflictError } from '../errors.js';
import { listCredentials, revokeCredentialById } from '../store/credentials.js';
import { seedDemo } from '../seed.js';
import { startServer } from '../server.js';
import { decodeTypedId } from '../schema/global-id.js';
import { findCustomerById } from '../store/customers.js';
import { backupSqlite, BackupTargetExistsError } from '../store/backup.js';
import { openStore } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';

const USAGE = `Usage: nocdesk <command>

Commands:
  start                         migrate, seed the demo data (SQLite, first run), serve HTTP + SMTP
  migrate                       bring the database schema up to date
  seed                          add the demo data if the database is empty
  token create --role ROLE --name NAME
                                mint a staff token (ROLE: ENGINEER, ACCOUNT_MANAGER, ADMIN)
  token create --partner CUSTOMER_ID --name NAME
                                mint a partner API key bound to one customer
  token list                    every staff token and partner key, with its id
  token revoke --id ID          revoke one staff token or partner key
  token revoke --name NAME      revoke the active staff token and partner key with that name
                                (names are unique among active credentials of a kind)
  mailgate --url URL [--token TOKEN] < message.eml
                                hand one message from an MTA to ingestEmail (token: NOCDESK_ADMIN_TOKEN)
  backup FILE                   copy the SQLite database to FILE while the desk runs (PostgreSQL: pg_dump)

Configuration is read from the environment; see the README.`;

/** Runs one of the commands that work on a desk's store; `mailgate` is handled apart (it needs none of this). */
export async function runDeskCommand(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'migrate': {
      const config = loadConfig();
      const store = openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      const report = await migrateToLatest(store);
      console.log(report.applied.length ? `Applied: ${report.applied.join(', ')}` : 'The schema is up to date.');
      await store.close();
      return 0;
    }
    case 'seed': {
      const desk = await openDesk(loadConfig());
      const { created, credentials } = await seedDemo(desk);
      console.log(created ? 'Demo data added.' : 'The database already has customers; nothing added.');
      if (created && credentials) printCredentials(credentials);
      await desk.close();
      return 0;
    }
    case 'token':
      return token(rest);
    case 'backup':
      return backup(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 64 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 64;
  }
}

function printCredentials(c: { partnerKey: string; otherPartnerKey: string; adminToken: string; engineerToken: string }): void {
  console.log(`  Demo partner key (Acme Networks): ${c.partnerKey}`);
  console.log(`  Demo partner key (Globex Telecom): ${c.otherPartnerKey}`);
  console.log(`  Demo admin token:                 ${c.adminToken}`);
  console.log(`  Demo engineer token:              ${c.engineerToken}`);
}

async function start(): Promise<number> {
  const config = loadConfig();
  const server = await startServer(config);
  if (config.seedDemo) {
    const { credentials } = await seedDemo(server.desk);
    if (credentials) printCredentials(credentials);
  }
  console.log(`nocdesk is running (${server.desk.store.dialect === 'sqlite' ? `SQLite at ${config.sqlitePath}` : 'PostgreSQL'})`);
  console.log(`  GraphQL:  ${server.url}${config.production ? '' : '  (open it in a browser for GraphiQL)'}`);
  if (server.smtpPort !== undefined) console.log(`  SMTP:     ${config.host}:${server.smtpPort}`);
  console.log(`  Outbound: ${config.smtpRelayUrl ? 'SMTP relay' : `.eml files in ${config.outboxDir}`}`);
  server.desk.log.info({ url: server.url, smtpPort: server.smtpPort ?? null, metricsPort: server.metricsPort ?? null, dialect: server.desk.store.dialect }, 'nocdesk started');
  // The first signal drains and releases the leases (server.close); a second one, from an operator who
  // will not wait, exits at once: the leases then run out by themselves.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      server.desk.log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    server.desk.log.info({ signal }, 'signal received, stopping');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.desk.log.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

/** `nocdesk backup FILE`: an online copy of the SQLite database; PostgreSQL has its own tools. */
async function backup(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error(USAGE);
    return 64;
  }
  const config = loadConfig();
  if (config.databaseUrl) {
    console.error('nocdesk backup copies the embedded SQLite database; for PostgreSQL use pg_dump (see docs/operations.md).');
    return 64;
  }
  try {
    const report = await backupSqlite(config.sqlitePath, file);
    console.log(`Backed up ${report.tickets} tickets (${report.bytes} bytes) to ${report.file}.`);
    return 0;
  } catch (error) {
    if (error instanceof BackupTargetExistsError) {
      console.error(error.message);
      return 73;
    }
    throw error;
  }
}

async function token(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, partner: { type: 'string' }, id: { type: 'string' } },
  });
  const action = positionals[0];
  if (action === 'list') return withDesk(listTokens);
  if (action === 'revoke' && (values.id || values.name)) {
    return withDesk(async (desk) => {
      if (values.id) {
        const revoked = await revokeCredentialById(desk.store.db, values.id, desk.now());
        console.log(revoked ? `Revoked credential ${values.id}.` : `No active token or key with id ${values.id}.`);
        return revoked ? 0 : 65;
      }
      const name = values.name ?? '';
      const count = await revokeCredentialsByName(desk.store, { name, now: desk.now() });
      console.log(count === 0 ? `No active token or key named "${name}".` : `Revoked ${count} credential(s) named "${name}".`);
      return count === 0 ? 65 : 0;
    });
  }
  if (action !== 'create' || !values.name || (!values.role && !values.partner)) {
    console.error(USAGE);
    return 64;
  }
  const name = values.name;
  return withDesk(async (desk) => {
    try {
      if (values.partner) {
        // Accepts the API's global id (what createCustomer returns) as well as the raw row id.
        const id = decodeTypedId(values.partner, 'Customer') ?? values.partner;
        const customer = await findCustomerById(desk.store.db, id);
        if (!customer) {
          console.error(`No customer with id ${values.partner}.`);
          return 65;
        }
        const key = await createPartnerKey(desk.store.db, { customerId: customer.id, name, now: desk.now() });
        console.log(key.key);
        return 0;
      }
      const role = values.role?.toUpperCase() as StaffRole;
      if (!STAFF_ROLES.includes(role)) {
        console.error(`--role must be one of ${STAFF_ROLES.join(', ')}.`);
        return 64;
      }
      const minted = await createStaffToken(desk.store.db, { name, role, now: desk.now() });
      console.log(minted.token);
      return 0;
    } catch (error) {
      if (error instanceof ConflictError) {
        console.error(error.message);
        return 65;
      }
      throw error;
    }
  });
}

/** Every credential with its id, so one can be revoked without touching another of the same name. */
async function listTokens(desk: OpenedDesk): Promise<number> {
  const rows = await listCredentials(desk.store.db);
  console.log(['kind', 'id', 'name', 'role or customer', 'created', 'revoked'].join('\t'));
  for (const row of rows) console.log([row.kind, row.id, row.name, row.scope, row.createdAt, row.revokedAt ?? '-'].join('\t'));
  return 0;
}

async function withDesk(work: (desk: OpenedDesk) => Promise<number>): Promise<number> {
  const desk = await openDesk(loadConfig());
  try {
    return await work(desk);
  } finally {
    await desk.close();
  }
}
