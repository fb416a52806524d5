// Security probe, finding "mail that can never be stored was retried forever": MIME nested deeper than
// 256 levels failed to parse and, on PostgreSQL, a NUL byte in the Message-ID, In-Reply-To or an
// attachment's content type failed the insert; both were answered 451, so the sending MTA queued the
// same message for days and it was never kept. Unparseable mail is now kept raw as a rejected intake
// UNPARSEABLE and answered 250; NUL is stored as U+FFFD in every text column. Over the real SMTP listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startEmailChannelServer, ticketByNumber, ticketNumbers, type EmailChannelServer } from '../support/index.js';

const NUL = '\u0000';

function nestedMultiparts(depth: number, messageId: string): Buffer {
  let head = `From: Ana Torres <noc@acme.example>\r\nTo: ncc@nocdesk.example\r\nSubject: Link down\r\nMessage-ID: <${messageId}>\r\nMIME-Version: 1.0\r\n`;
  let tail = '';
  for (let level = 0; level < depth; level++) {
    head += `Content-Type: multipart/mixed; boundary="level${level}"\r\n\r\n--level${level}\r\n`;
    tail = `\r\n--level${level}--\r\n${tail}`;
  }
  return Buffer.from(`${head}Content-Type: text/plain\r\n\r\nThe Valencia link is down.${tail}`);
}

function mail(headers: Record<string, string>, body: string): Buffer {
  return Buffer.from([...Object.entries({ From: 'noc@acme.example', To: 'ncc@nocdesk.example', 'MIME-Version': '1.0', ...headers }).map(([k, v]) => `${k}: ${v}`), '', body, ''].join('\r\n'), 'utf8');
}

/** The SMTP reply code for a delivery: 250, or the 4xx/5xx the listener answered. */
async function replyCode(desk: EmailChannelServer, raw: Buffer): Promise<number> {
  try {
    return Number((await desk.sendSmtp(raw)).slice(0, 3));
  } catch (error) {
    return (error as { responseCode?: number }).responseCode ?? 0;
  }
}

describe.each(DIALECTS)('mail that can never be stored is not retried for ever (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  async function newTicketFrom(raw: Buffer): Promise<string | undefined> {
    const before = await ticketNumbers(desk);
    expect(await replyCode(desk, raw)).toBe(250);
    return (await ticketNumbers(desk)).find((n) => !before.includes(n));
  }

  for (const depth of [65, 257, 3_000]) {
    it(`keeps MIME nested ${depth} levels deep as a rejected intake UNPARSEABLE, answered 250, the original kept whole`, async () => {
      const raw = nestedMultiparts(depth, `deep.${depth}@acme.example`);
      const unparseable = async () => {
        const intakes = await desk.gql<{ rejectedIntakes: { edges: { node: { id: string; reason: string; sender: string | null; subject: string } }[] } }>(
          '{ rejectedIntakes(first: 50) { edges { node { id reason sender subject } } } }',
        );
        return intakes.data!.rejectedIntakes.edges.map((e) => e.node).filter((n) => n.reason === 'UNPARSEABLE');
      };
      const before = new Set((await unparseable()).map((n) => n.id));
      expect(await replyCode(desk, raw)).toBe(250);
      const kept = (await unparseable()).filter((n) => !before.has(n.id));
      expect(kept).toEqual([expect.objectContaining({ sender: 'noc@acme.example', subject: '(unreadable message)' })]);
      // Nothing lost: the exact bytes received are kept with it, for staff to open.
      const original = await desk.server.desk.store.db
        .selectFrom('rejected_intakes')
        .innerJoin('attachments', 'attachments.message_id', 'rejected_intakes.message_row_id')
        .select(['attachments.filename', 'attachments.content'])
        .where('rejected_intakes.id', '=', kept[0]!.id)
        .executeTakeFirstOrThrow();
      expect(original.filename).toBe('original-message.eml');
      // The SMTP client ends the data with CRLF; the message itself is the same bytes.
      expect(Buffer.from(original.content).toString('latin1').trimEnd()).toBe(raw.toString('latin1').trimEnd());
    });
  }

  it('stores a request whose Message-ID carries a NUL, readable, and a re-delivery of it is the same ticket', async () => {
    const raw = mail({ Subject: 'Router dump', 'Message-ID': `<dump${NUL}1@acme.example>`, 'Content-Type': 'text/plain; charset=utf-8' }, 'show interfaces');
    const number = await newTicketFrom(raw);
    expect(number).toBeDefined();
    const ticket = await ticketByNumber(desk, number!);
    expect(ticket?.messages[0]).toMatchObject({ subject: 'Router dump', messageId: 'dump\uFFFD1@acme.example' });
    expect(ticket?.messages[0]?.body.trim()).toBe('show interfaces');
    expect(await newTicketFrom(raw)).toBeUndefined();
    // Its acknowledgement answers it: the dispatcher sends it, no NUL reaches the mail it writes.
    expect(await desk.server.dispatcher.runOnce()).toBeGreaterThanOrEqual(1);
    expect((await desk.server.desk.store.db.selectFrom('outbox').select('status').where('ticket_id', '=', (await desk.server.desk.store.db.selectFrom('tickets').select('id').where('number', '=', number!).executeTakeFirstOrThrow()).id).execute()).map((r) => r.status)).toEqual(['SENT']);
  });

  it('threads a reply whose In-Reply-To and References carry a NUL', async () => {
    const number = await newTicketFrom(mail({ Subject: 'Packet loss', 'Message-ID': '<loss.1@acme.example>', 'Content-Type': 'text/plain' }, 'Loss towards AMS.'));
    const reply = mail(
      { Subject: `Re: [NCC#${number}] Packet loss`, 'Message-ID': '<loss.2@acme.example>', 'In-Reply-To': `<loss${NUL}.1@acme.example>`, References: `<loss.1@acme.example> <x${NUL}@acme.example>`, 'Content-Type': 'text/plain' },
      'Still losing packets.',
    );
    expect(await newTicketFrom(reply)).toBeUndefined();
    const ticket = await ticketByNumber(desk, number!);
    expect(ticket?.messages.map((m) => m.body.trim())).toEqual(['Loss towards AMS.', 'Still losing packets.']);
  });

  it('stores an attachment whose content type and file name carry a NUL', async () => {
    const raw = mail(
      { Subject: 'Config attached', 'Message-ID': '<config.1@acme.example>', 'Content-Type': 'multipart/mixed; boundary="b"' },
      [
        '--b',
        'Content-Type: text/plain',
        '',
        'The running config.',
        '--b',
        `Content-Type: text/x-router${NUL}-config; name="router${NUL}.cfg"`,
        `Content-Disposition: attachment; filename="router${NUL}.cfg"`,
        '',
        'hostname edge-1',
        '--b--',
      ].join('\r\n'),
    );
    const number = await newTicketFrom(raw);
    const ticket = await ticketByNumber(desk, number!);
    const attachment = ticket?.messages[0]?.attachments[0];
    expect(attachment?.filename).not.toContain(NUL);
    expect(attachment?.contentType).not.toContain(NUL);
    expect(attachment?.size).toBeGreaterThan(0);
  });

  it('stores a NUL in the subject and the sender’s name as U+FFFD', async () => {
    const number = await newTicketFrom(mail({ From: `Ana${NUL} Torres <noc@acme.example>`, Subject: `Link${NUL} down`, 'Message-ID': '<nul.subject@acme.example>', 'Content-Type': 'text/plain' }, 'Down.'));
    const ticket = await ticketByNumber(desk, number!);
    expect(ticket?.subject).toBe('Link\uFFFD down');
  });
});
