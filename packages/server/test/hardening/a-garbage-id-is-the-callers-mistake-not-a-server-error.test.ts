// Security probe, finding "`tickets(filter: {customerId: "garbage"})` answered INTERNAL_SERVER_ERROR":
// an id that was not a global id reached the store as a failed query. The caller's mistake is now a
// typed BAD_USER_INPUT naming the argument. The sweep below is generated from the schema itself: every
// ID argument (and every page cursor and ticket number) of every query, mutation and subscription, at any
// depth of its input, is given garbage — malformed, empty, the wrong type, a NUL inside, out of range —
// and none may answer a server error.
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/index.js';
import { createTestDesk, DIALECTS, gql, subscribe, until, type TestDesk } from '../support/index.js';

const globalId = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** What a careless or hostile caller puts where an id goes. */
const GARBAGE: Readonly<Record<string, string | number>> = {
  word: 'garbage',
  empty: '',
  punctuation: '%%%\'";--',
  'row id instead of a global id': '3f1c2a9e-0000-4000-8000-000000000000',
  'global id of another type': globalId('Hotline:1'),
  'global id without a row': globalId('Ticket:'),
  'global id with a NUL': globalId('Ticket:\u0000'),
  'customer global id with a NUL': globalId('Customer:a\u0000b'),
  'raw NUL': 'x\u0000y',
  'number beyond any column': '99999999999999',
  'negative number': -1,
  'very long': 'z'.repeat(20_000),
};

/** A plausible value for a required argument that is not under test, so the call gets as far as the id. */
function plausibleString(name: string): string {
  if (/email/i.test(name)) return 'noc@acme.example';
  if (/sof/i.test(name)) return 'SOF-10001';
  if (/number/i.test(name)) return '1000002';
  if (/domain/i.test(name)) return 'acme.example';
  if (/url/i.test(name)) return 'https://hooks.acme.example/nocdesk';
  if (/phone/i.test(name)) return '+34 600 000 001';
  if (/raw/i.test(name)) return 'From: noc@acme.example\r\nSubject: Sweep\r\n\r\nSweep.\r\n';
  return 'A value from the garbage-id sweep';
}

interface Ids {
  readonly ticketId: string;
  readonly customerId: string;
  readonly contactId: string;
}

/** A valid id for another ID argument, when its name says what it is; garbage otherwise. */
function plausibleId(name: string, ids: Ids, garbage: string | number): string | number {
  if (/^ticketId$/i.test(name)) return ids.ticketId;
  if (/^customerId$/i.test(name)) return ids.customerId;
  if (/^contactId$/i.test(name)) return ids.contactId;
  return garbage;
}

function valueFor(type: GraphQLInputType, name: string, path: readonly string[], target: readonly string[], ids: Ids, garbage: string | number): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType, name, path, target, ids, garbage);
  if (isListType(type)) return [valueFor(type.ofType, name, path, target, ids, garbage)];
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()) as GraphQLInputField[];
    return Object.fromEntries(
      fields
        .filter((f) => isNonNullType(f.type) || startsWith(target, [...path, f.name]))
        .map((f) => [f.name, valueFor(f.type, f.name, [...path, f.name], target, ids, garbage)]),
    );
  }
  if (isEnumType(type)) return type.getValues()[0]?.value;
  switch (type.name) {
    case 'ID':
      return path.join('.') === target.join('.') ? garbage : plausibleId(name, ids, garbage);
    case 'String':
      return path.join('.') === target.join('.') ? String(garbage) : plausibleString(name);
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2026-11-26T09:00:00.000Z';
    case 'PriorityLevel':
      return 3;
    default:
      return {};
  }
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((part, i) => path[i] === part);
}

/** Opaque strings that name something as an ID does: page cursors and ticket numbers. */
const ID_LIKE_STRINGS = /^(after|before|number)$/;

/** Every path (argument, then input fields) at which an ID, a cursor or a ticket number can be given. */
function idPaths(type: GraphQLInputType, path: readonly string[], seen: ReadonlySet<string> = new Set()): string[][] {
  const named = getNamedType(type);
  if (named.name === 'ID' || (named.name === 'String' && ID_LIKE_STRINGS.test(path[path.length - 1] ?? ''))) return [[...path]];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  const next = new Set([...seen, named.name]);
  return (Object.values(named.getFields()) as GraphQLInputField[]).flatMap((f) => idPaths(f.type, [...path, f.name], next));
}

interface Call {
  readonly label: string;
  readonly operation: 'query' | 'mutation' | 'subscription';
  readonly document: string;
  readonly variables: Record<string, unknown>;
}

/** Every path at which any text can be given. */
function stringPaths(type: GraphQLInputType, path: readonly string[], seen: ReadonlySet<string> = new Set()): string[][] {
  const named = getNamedType(type);
  if (named.name === 'String' || named.name === 'ID') return [[...path]];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  const next = new Set([...seen, named.name]);
  return (Object.values(named.getFields()) as GraphQLInputField[]).flatMap((f) => stringPaths(f.type, [...path, f.name], next));
}

function callsWithGarbage(ids: Ids, paths: typeof idPaths = idPaths, garbageKinds: Readonly<Record<string, string | number>> = GARBAGE): Call[] {
  const schema = buildSchema();
  const roots: [Call['operation'], GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  const calls: Call[] = [];
  for (const [operation, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {}) as GraphQLField<unknown, unknown>[]) {
      const returned = getNamedType(field.type);
      const selection = isObjectType(returned) || isInterfaceType(returned) || isUnionType(returned) ? ' { __typename }' : '';
      for (const arg of field.args as GraphQLArgument[]) {
        for (const target of paths(arg.type, [arg.name])) {
          for (const [kind, garbage] of Object.entries(garbageKinds)) {
            const used = field.args.filter((a) => isNonNullType(a.type) || a.name === arg.name);
            const variables = Object.fromEntries(used.map((a) => [a.name, valueFor(a.type, a.name, [a.name], target, ids, garbage)]));
            const declarations = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
            const passed = used.map((a) => `${a.name}: $${a.name}`).join(', ');
            calls.push({
              label: `${field.name}(${target.join('.')}) with ${kind}`,
              operation,
              document: `${operation} Sweep(${declarations}) { ${field.name}(${passed})${selection} }`,
              variables,
            });
          }
        }
      }
    }
  }
  return calls;
}

type Answer = { status: number; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };

function serverFaults(answer: Answer): string[] {
  const faults = (answer.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.message === 'Unexpected error.' || e.extensions?.originalError !== undefined);
  return [...(answer.status >= 500 ? [`HTTP ${answer.status}`] : []), ...faults.map((e) => JSON.stringify(e).slice(0, 400))];
}

describe.each(DIALECTS)('a garbage id is the caller’s mistake, not a server error (%s)', (dialect) => {
  let desk: TestDesk;
  let ids: Ids;

  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    const acme = await desk.store.db.selectFrom('customers').select('id').where('name', '=', 'Acme Networks').executeTakeFirstOrThrow();
    const contact = await desk.store.db.selectFrom('contacts').select('id').where('email', '=', 'noc@acme.example').executeTakeFirstOrThrow();
    const created = await gql<{ createTicket: { ticket: { id: string } } }>(
      desk,
      'mutation { createTicket(input: { reporterEmail: "noc@acme.example", subject: "Sweep", description: "A ticket for the sweep." }) { ... on MutationCreateTicketSuccess { ticket { id } } } }',
      {},
      desk.credentials.partnerKey,
    );
    ids = { ticketId: created.data!.createTicket.ticket.id, customerId: globalId(`Customer:${acme.id}`), contactId: globalId(`Contact:${contact.id}`) };
  });
  afterAll(async () => {
    await desk.close();
  });

  it('answers tickets(filter: {customerId: "garbage"}) BAD_USER_INPUT naming the argument', async () => {
    const answer = await gql(desk, '{ tickets(first: 5, filter: { customerId: "garbage" }) { edges { node { number } } } }', {}, desk.credentials.adminToken);
    expect(answer.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^filter\.customerId: not the id of a Customer/), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
  });

  async function faultsOf(calls: readonly Call[]): Promise<string[]> {
    const faults: string[] = [];
    for (const call of calls) {
      for (const token of [desk.credentials.adminToken, desk.credentials.partnerKey]) {
        let answer: Answer;
        if (call.operation === 'subscription') {
          const stream = await subscribe(desk, call.document, token, call.variables);
          await until(() => stream.events.length > 0);
          await stream.close();
          answer = { status: stream.status, ...(stream.events[0] ?? {}) };
        } else {
          answer = await gql(desk, call.document, call.variables, token);
        }
        for (const fault of serverFaults(answer)) faults.push(`${call.label}: ${fault}`);
      }
    }
    return faults;
  }

  it('answers every ID argument of the schema given garbage without a server error, as staff and as a partner', async () => {
    const calls = callsWithGarbage(ids);
    // The sweep covers the schema as it grows; a schema without ID arguments would make it vacuous.
    expect(new Set(calls.map((c) => c.label.split('(')[0])).size).toBeGreaterThan(15);
    expect(await faultsOf(calls)).toEqual([]);
  }, 120_000);

  it('answers every text argument of the schema carrying a NUL without a server error', async () => {
    // PostgreSQL text cannot hold NUL: a filter, a lookup or a stored text given one must not fail the query.
    const calls = callsWithGarbage(ids, stringPaths, { 'a NUL inside': 'x\u0000y' });
    expect(calls.length).toBeGreaterThan(50);
    expect(await faultsOf(calls)).toEqual([]);
  }, 120_000);
});
