// Security probe, finding "backscatter": a stranger whose envelope sender and From were the same third
// party's address got the "how to get registered" explanation, which quoted the stranger's subject
// whole (a 100 KB subject made a 205 KB mail); one per address per day, but any number of addresses.
// The explanation now quotes at most 60 characters of the subject with no links or addresses, and the
// desk sends at most NOCDESK_EXPLANATIONS_PER_HOUR of them in any hour, whoever they go to. Every
// stranger's message is still kept as a rejected intake. Over the real SMTP listener.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QUOTED_SUBJECT_MAX } from '../../src/notifications/compose-registration-explanation.js';
import { DIALECTS, plainMail, startEmailChannelServer, type EmailChannelServer } from '../support/index.js';

/** A spammer's subject: links, bare domains, addresses and a payload, 100 KB of it. */
const SPAM_SUBJECT = 'URGENT invoice overdue pay now at https://pay.evil.example/i?id=1 or www.evil.example or pay-here.com/now, write to victim@third.example '.repeat(800);

function explanationFiles(desk: EmailChannelServer): string[] {
  return desk.outboxFiles().filter((f) => f.startsWith('explain.'));
}

async function strangerWrites(desk: EmailChannelServer, address: string, subject: string): Promise<void> {
  // Envelope sender and From agree: what a forger aiming the answer at a third party sends.
  expect(await desk.sendSmtp(plainMail({ from: address, subject, body: 'Please pay.' }), { from: address })).toMatch(/^250/);
}

async function rejectedSenders(desk: EmailChannelServer): Promise<string[]> {
  const answer = await desk.gql<{ rejectedIntakes: { edges: { node: { sender: string; reason: string } }[] } }>('{ rejectedIntakes(first: 100) { edges { node { sender reason } } } }');
  return answer.data!.rejectedIntakes.edges.map((e) => `${e.node.sender} ${e.node.reason}`).sort();
}

describe.each(DIALECTS)('strangers cannot use the desk to mail third parties (%s)', (dialect) => {
  let desk: EmailChannelServer | undefined;
  afterEach(async () => {
    await desk?.close();
    desk = undefined;
  });

  it('answers a 100 KB subject with a small explanation that quotes no link, domain or address', async () => {
    const on = (desk = await startEmailChannelServer(dialect));
    expect(SPAM_SUBJECT.length).toBeGreaterThan(100_000);
    await strangerWrites(on, 'victim@third.example', SPAM_SUBJECT);
    expect(await on.server.dispatcher.runOnce()).toBe(1);
    const [file] = explanationFiles(on);
    expect(fs.statSync(path.join(on.outboxDir, file!)).size).toBeLessThan(4_000);
    // What the mail says, as composed (the file is quoted-printable).
    const row = await on.server.desk.store.db.selectFrom('outbox').select('payload').where('kind', '=', 'EXPLANATION').executeTakeFirstOrThrow();
    const { subject, text } = JSON.parse(row.payload) as { subject: string; text: string };
    const quoted = /^About your message: (.*)$/.exec(subject)?.[1] ?? '';
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.length).toBeLessThanOrEqual(QUOTED_SUBJECT_MAX);
    expect(text).toContain(`"${quoted}"`);
    // No link, host name or address of the spammer's: only the recipient's own, saying it is not registered.
    for (const said of [subject, text]) {
      expect(said).not.toMatch(/https?:|www\.|evil\.example|pay-here/i);
      expect(said.replace('victim@third.example is not registered', '')).not.toMatch(/[\p{L}\p{N}-]\.\p{L}{2,}|@/u);
    }
    expect(await rejectedSenders(on)).toEqual(['victim@third.example UNKNOWN_SENDER']);
  });

  it('sends at most the desk-wide hourly number of explanations, and keeps every stranger’s message', async () => {
    const on = (desk = await startEmailChannelServer(dialect, { env: { NOCDESK_EXPLANATIONS_PER_HOUR: '5' } }));
    const strangers = Array.from({ length: 6 }, (_, i) => `stranger${i}@elsewhere${i}.example`);
    for (const [i, address] of strangers.entries()) {
      await strangerWrites(on, address, `Question ${i}`);
      on.advance(5 * 60_000);
    }
    await on.server.dispatcher.runOnce();
    expect(explanationFiles(on)).toHaveLength(5);
    expect(await rejectedSenders(on)).toEqual(strangers.map((s) => `${s} UNKNOWN_SENDER`).sort());

    // An hour after the first explanation, the next stranger is answered again.
    on.advance(35 * 60_000);
    await strangerWrites(on, 'late@elsewhere.example', 'Question 7');
    await on.server.dispatcher.runOnce();
    expect(explanationFiles(on)).toHaveLength(6);
  });

  it('explains once a day to one address however often it writes', async () => {
    const on = (desk = await startEmailChannelServer(dialect));
    for (let i = 0; i < 3; i++) await strangerWrites(on, 'repeat@third.example', `Attempt ${i}`);
    await on.server.dispatcher.runOnce();
    expect(explanationFiles(on)).toHaveLength(1);
    expect(await rejectedSenders(on)).toHaveLength(3);
  });
});
