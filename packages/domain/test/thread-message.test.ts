import { describe, it, expect } from 'vitest';
import { decideThreadMessage } from '../src/index.js';
import type { ContactRecord, ThreadMessageInput } from '../src/index.js';

const noc: ContactRecord = { id: 'c1', customerId: 'acme', email: 'noc@acme.example', roles: ['TECHNICAL'], active: true };
const billing: ContactRecord = { id: 'c3', customerId: 'acme', email: 'billing@acme.example', roles: ['BILLING'], active: true };
const globexNoc: ContactRecord = { id: 'g1', customerId: 'globex', email: 'noc@globex.example', roles: ['TECHNICAL'], active: true };
const contacts = [noc, billing, globexNoc];

const message = (overrides: Partial<ThreadMessageInput>): ThreadMessageInput => ({
  ticketCustomerId: 'acme',
  senderEmail: 'noc@acme.example',
  contacts,
  automated: false,
  answersOurMessage: false,
  ...overrides,
});

describe('a person replying to a ticket', () => {
  it('adds the reply of an allowed contact of the ticket’s customer', () => {
    expect(decideThreadMessage(message({ senderEmail: 'NOC@acme.example' }))).toEqual({ kind: 'add', contact: noc, flags: [] });
  });

  it.each([
    ['a stranger', 'mallory@example.net', 'UNKNOWN_SENDER'],
    ["another customer's contact", 'noc@globex.example', 'WRONG_CUSTOMER'],
    ['a BILLING contact of the same customer', 'billing@acme.example', 'ROLE_NOT_ALLOWED'],
  ])('rejects %s quoting the ticket, and lets them be told why', (_who, senderEmail, reason) => {
    expect(decideThreadMessage(message({ senderEmail, answersOurMessage: true }))).toMatchObject({
      kind: 'reject',
      reason,
      failed: 'CONTACT',
      mayExplainToSender: true,
    });
  });

  it("adds the reply of an address shared with another customer: the ticket says which customer it is for", () => {
    const shared: ContactRecord = { ...globexNoc, id: 'g2', email: 'noc@acme.example' };
    expect(decideThreadMessage(message({ contacts: [shared, noc] }))).toMatchObject({ kind: 'add', contact: { id: 'c1' } });
  });

  it('never adds a DMARC-failed sender, even one answering our message, and does not answer it', () => {
    expect(
      decideThreadMessage(message({ answersOurMessage: true, senderAuthentication: { result: 'fail', mechanism: 'dmarc' } })),
    ).toMatchObject({ kind: 'reject', reason: 'SENDER_NOT_AUTHENTICATED', failed: 'SENDER', mayExplainToSender: false });
  });

  it('adds the reply of a contact whose address was checked without a verdict, flagged SENDER_UNVERIFIED', () => {
    expect(decideThreadMessage(message({ senderAuthentication: { result: 'none' } }))).toEqual({
      kind: 'add',
      contact: noc,
      flags: ['SENDER_UNVERIFIED'],
    });
  });
});

describe('auto-generated mail referring to a ticket', () => {
  it('records an auto-reply quoting our Message-ID on the ticket, whoever sends it', () => {
    expect(decideThreadMessage(message({ senderEmail: 'mailer-daemon@relay.example', automated: true, answersOurMessage: true }))).toEqual({
      kind: 'add',
      flags: [],
    });
  });

  it('records an out-of-office of the customer’s own contact on the ticket', () => {
    expect(decideThreadMessage(message({ automated: true }))).toEqual({ kind: 'add', contact: noc, flags: [] });
  });

  it.each([
    ['a stranger', 'mallory@example.net'],
    ["another customer's contact", 'noc@globex.example'],
    ['a BILLING contact', 'billing@acme.example'],
  ])('keeps mail from %s that only quotes the ticket number unattached, never rejected nor answered', (_who, senderEmail) => {
    expect(decideThreadMessage(message({ senderEmail, automated: true }))).toEqual({ kind: 'keep-unattached', reason: 'UNRELATED_AUTOMATED_MAIL' });
  });

  it('keeps a DMARC-failed bounce unattached even when it quotes our Message-ID', () => {
    expect(
      decideThreadMessage(
        message({ senderEmail: 'mailer-daemon@relay.example', automated: true, answersOurMessage: true, senderAuthentication: { result: 'fail' } }),
      ),
    ).toEqual({ kind: 'keep-unattached', reason: 'SENDER_NOT_AUTHENTICATED' });
  });
});
