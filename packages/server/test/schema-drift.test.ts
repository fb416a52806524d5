import fs from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../src/schema/index.js';

describe('schema.graphql', () => {
  it('matches what the code builds (run `pnpm schema` after changing the schema)', () => {
    const committed = fs.readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSchema(buildSchema()) + '\n');
  });

  it('keeps the operation names of SPEC §4.1 that partners rely on', () => {
    const schema = buildSchema();
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {});
    const queries = Object.keys(schema.getQueryType()?.getFields() ?? {});
    for (const name of ['createCustomer', 'addService', 'addContact', 'removeContact', 'createPartnerKey', 'createTicket', 'changeTicketPriority', 'ingestEmail']) {
      expect(mutations).toContain(name);
    }
    for (const name of ['ticket', 'tickets', 'queue', 'checkTicketNumber', 'hotlines', 'node']) expect(queries).toContain(name);
    const ticket = schema.getType('Ticket');
    const fields = Object.keys((ticket as { getFields(): Record<string, unknown> }).getFields());
    for (const f of ['id', 'number', 'displayNumber', 'subject', 'status', 'priority', 'channel', 'flags', 'customer', 'reporter', 'service', 'createdAt', 'acknowledgedAt', 'firstResponseDue', 'events', 'messages']) {
      expect(fields).toContain(f);
    }
  });
});
