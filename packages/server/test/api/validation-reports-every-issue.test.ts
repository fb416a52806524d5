// Regression: a portal form with two wrong fields got only the first field's issue back, so the
// partner fixed it, resubmitted and only then heard about the second. Every broken rule of every
// field now comes in one InputValidationError, each naming its field.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../support/index.js';
import { countRows, createTicket } from './operations.js';

let desk: TestDesk;
beforeAll(async () => {
  desk = await createTestDesk('sqlite');
});
afterAll(() => desk.close());

it('names every invalid field of an input at once, in field order, and stores nothing', async () => {
  const before = await countRows(desk, 'tickets');
  const payload = await createTicket(desk, { reporterEmail: 'not-an-address', subject: '   ', description: '', requestedLevel: 7 });

  expect(payload.__typename).toBe('InputValidationError');
  const fields = [...new Set(payload.issues?.map((issue) => issue.path.join('.')))];
  expect(fields).toEqual(['input.reporterEmail', 'input.subject', 'input.description', 'input.requestedLevel']);
  expect(payload.issues?.every((issue) => issue.message.length > 0)).toBe(true);
  expect(await countRows(desk, 'tickets')).toBe(before);
});

it('still reports a single invalid field alone', async () => {
  const payload = await createTicket(desk, { subject: '' });
  expect(payload.issues?.map((issue) => issue.path)).toEqual([['input', 'subject']]);
});
