// Static migration list: bundling the server into dist/ breaks a folder-scanning FileMigrationProvider.
import type { Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../database.js';
import { initialMigration } from './0001-initial.js';
import { workingATicketMigration } from './0002-working-a-ticket.js';
import { verifiedDomainsMigration } from './0003-verified-domains.js';
import { senderAuthenticationMigration } from './0006-sender-authentication.js';
import { phoneAndEscalationMigration } from './0004-phone-and-escalation.js';
import { liveAssistantMigration } from './0005-live-assistant.js';
import { uniqueActiveCredentialNamesMigration } from './0007-unique-active-credential-names.js';
import { deskInstancesMigration } from './0008-desk-instances.js';
import { webhooksMigration } from './0009-webhooks.js';

export class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-initial': initialMigration(this.dialect),
      '0002-working-a-ticket': workingATicketMigration(this.dialect),
      '0003-verified-domains': verifiedDomainsMigration(this.dialect),
      '0004-phone-and-escalation': phoneAndEscalationMigration(this.dialect),
      '0005-live-assistant': liveAssistantMigration(this.dialect),
      '0006-sender-authentication': senderAuthenticationMigration(),
      '0007-unique-active-credential-names': uniqueActiveCredentialNamesMigration(),
      '0008-desk-instances': deskInstancesMigration(this.dialect),
      '0009-webhooks': webhooksMigration(this.dialect),
    };
  }
}
