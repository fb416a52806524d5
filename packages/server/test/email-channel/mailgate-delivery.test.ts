// `nocdesk mailgate < message.eml`, the pipe an existing MTA (Postfix, Exim) runs per message, against a
// running server: stored messages exit 0 (EX_OK), an unreachable server 75 (EX_TEMPFAIL, the MTA retries),
// a wrong token 77.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, DIALECTS, FIRST_TICKET, fixture, fixtureAnsweringAck, outboxRows, startEmailChannelServer, ticketByNumber, ticketNumbers, type EmailChannelServer } from './email-channel-server.js';
import { freePort, runNocdesk } from './nocdesk-cli.js';

/** Each mailgate run starts tsx: seconds, not milliseconds, on a busy machine. */
const SPAWNING = 90_000;

describe.each(DIALECTS)('mail delivered through nocdesk mailgate (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  const mailgate = (raw: Buffer, token = ADMIN_TOKEN, url = desk.server.url) => runNocdesk(['mailgate', '--url', url, '--token', token], raw);

  it('a Spanish ISO-8859-1 message arrives byte for byte: exit 0, ticket with the decoded subject, Spanish acknowledgement queued', async () => {
    const run = await mailgate(fixture('spanish-iso-8859-1-qp'));
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`CREATED ticket ${FIRST_TICKET}`);
    const ticket = await ticketByNumber(desk, FIRST_TICKET);
    expect(ticket).toMatchObject({ subject: 'Caída total del servicio en Bogotá - SOF-20417', language: 'es', priority: { level: 1 } });
    expect(ticket?.messages[0]?.body).toContain('interrupción');
    expect(await outboxRows(desk)).toHaveLength(1);
  }, SPAWNING);

  it('the reply, an out-of-office and a duplicate through the mailgate: exit 0 each, one ticket, one acknowledgement', async () => {
    expect((await mailgate(fixture('plain-outage-report'))).code).toBe(0);
    expect(await desk.server.dispatcher.runOnce()).toBe(1);
    const reply = await mailgate(await fixtureAnsweringAck(desk, 'gmail-reply-to-ack'));
    expect([reply.code, reply.stdout.trim()]).toEqual([0, `THREADED ticket ${FIRST_TICKET}`]);
    const oof = await mailgate(await fixtureAnsweringAck(desk, 'outlook-out-of-office-to-ack'));
    expect([oof.code, oof.stdout.trim()]).toEqual([0, `AUTOMATED_THREADED ticket ${FIRST_TICKET}`]);
    const again = await mailgate(fixture('plain-outage-report'));
    expect([again.code, again.stdout.trim()]).toEqual([0, `DUPLICATE ticket ${FIRST_TICKET}`]);
    expect(await ticketNumbers(desk)).toEqual([FIRST_TICKET]);
    expect(await desk.server.dispatcher.runOnce()).toBe(0);
    expect(desk.outboxFiles()).toHaveLength(1);
  }, SPAWNING);

  it('exits 75 (temporary failure, the MTA keeps the message) when the server is down', async () => {
    const down = `http://127.0.0.1:${await freePort()}/graphql`;
    const run = await mailgate(fixture('plain-outage-report'), ADMIN_TOKEN, down);
    expect(run.code).toBe(75);
    expect(run.stderr).toContain('server unreachable');
    expect(await ticketNumbers(desk)).toEqual([]);
  }, SPAWNING);

  it('exits 77 with a token that is not accepted, and stores nothing', async () => {
    const run = await mailgate(fixture('plain-outage-report'), 'not-the-admin-token-at-all');
    expect(run.code).toBe(77);
    expect(await ticketNumbers(desk)).toEqual([]);
  }, SPAWNING);
});
