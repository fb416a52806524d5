// The example script, run against a test desk through yoga.fetch as the Acme partner.
import { ReporterNotAuthorizedError } from '@nocdesk/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../../../packages/server/test/support/test-desk.js';
import { main } from '../src/index.js';

const URL = 'http://nocdesk.test/graphql';

let desk: TestDesk;
beforeAll(async () => {
  desk = await createTestDesk('sqlite');
});
afterAll(() => desk.close());

it('opens a ticket and prints its number and acknowledgement state', async () => {
  const lines: string[] = [];
  const ticket = await main({ NOCDESK_URL: URL, NOCDESK_TOKEN: desk.credentials.partnerKey }, { fetch: desk.yoga.fetch, print: (line) => lines.push(line) });

  expect(ticket.customer.name).toBe('Acme Networks');
  expect(lines[0]).toBe(`Ticket ${ticket.displayNumber} (number ${ticket.number}), priority ${ticket.priority.level} ${ticket.priority.name}`);
  expect(lines[1]).toBe('Acknowledgement queued: noc@acme.example will receive it with the ticket number shortly');
  expect(lines[2]).toBe(`An engineer answers by ${ticket.firstResponseDue}`);
});

it('passes a refusal on as a typed error', async () => {
  const run = main({ NOCDESK_URL: URL, NOCDESK_TOKEN: desk.credentials.partnerKey, NOCDESK_REPORTER: 'billing@acme.example' }, { fetch: desk.yoga.fetch, print: () => {} });
  await expect(run).rejects.toBeInstanceOf(ReporterNotAuthorizedError);
});

it('says what to set when the environment is incomplete', async () => {
  await expect(main({ NOCDESK_URL: URL }, { fetch: desk.yoga.fetch })).rejects.toThrow(/NOCDESK_TOKEN/);
});
