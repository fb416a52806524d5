// A stop that arrives while an MTA is in the middle of sending a message lets that message finish: it
// is stored and answered 250, while new commands are refused 421 so the MTA goes to another MX.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { DESK_ADDRESS, plainMail, startEmailChannelServer, type EmailChannelServer } from '../support/index.js';

/** A line-by-line SMTP client on a raw socket, so the test decides when each part of DATA is sent. */
function smtpSession(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  const replies: string[] = [];
  let buffer = '';
  const waiters: (() => void)[] = [];
  socket.on('data', (chunk) => {
    buffer += chunk.toString();
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      // Multi-line replies (EHLO) end with a line whose code is followed by a space.
      if (/^\d{3} /.test(line)) {
        replies.push(line);
        waiters.shift()?.();
      }
    }
  });
  const nextReply = () => new Promise<string>((resolve) => waiters.push(() => resolve(replies.at(-1) ?? '')));
  return {
    async send(line: string): Promise<string> {
      const reply = nextReply();
      socket.write(`${line}\r\n`);
      return reply;
    },
    write(text: string) {
      socket.write(text);
    },
    nextReply,
    greeting: nextReply(),
    end: () => socket.end(),
  };
}

describe('stopping during an SMTP transaction', () => {
  let desk: EmailChannelServer;
  let stoppedInTest = false;
  afterAll(async () => {
    if (!stoppedInTest) await desk?.close();
    else fs.rmSync(desk.dataDir, { recursive: true, force: true });
  });

  it('stores the message in DATA and answers 250 before the listener closes', async () => {
    desk = await startEmailChannelServer('sqlite');
    const smtp = smtpSession(desk.smtpPort);
    expect(await smtp.greeting).toMatch(/^220/);
    expect(await smtp.send('EHLO mta.acme.example')).toMatch(/^250/);
    expect(await smtp.send('MAIL FROM:<noc@acme.example>')).toMatch(/^250/);
    expect(await smtp.send(`RCPT TO:<${DESK_ADDRESS}>`)).toMatch(/^250/);
    expect(await smtp.send('DATA')).toMatch(/^354/);
    const message = plainMail({ from: 'noc@acme.example', subject: 'Link down at the Bilbao site', body: 'No service since 11:20.', messageId: 'bilbao-1@acme.example' }).toString();
    const half = Math.floor(message.length / 2);
    smtp.write(message.slice(0, half));

    const stopped = desk.server.close();
    const stored = smtp.nextReply();
    smtp.write(`${message.slice(half)}\r\n.\r\n`);
    expect(await stored).toMatch(/^250/);
    expect(await smtp.send('MAIL FROM:<noc@acme.example>')).toMatch(/^421/);
    smtp.end();
    await stopped;
    stoppedInTest = true;

    const store = openStore({ sqlitePath: path.join(desk.dataDir, 'nocdesk.db') });
    try {
      const tickets = await store.db.selectFrom('tickets').select('subject').execute();
      expect(tickets).toEqual([{ subject: 'Link down at the Bilbao site' }]);
    } finally {
      await store.close();
    }
  });
});
