// An MTA on the same host relays to the listener: Postfix refuses to deliver to a server that greets it
// with its own host name ("greeted me with my own hostname", a mail loop), so the listener never does.
import { connect } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LISTENER_NAME } from '../../src/channels/email/inbound/email-listener.js';
import { startEmailChannelServer, type EmailChannelServer } from './email-channel-server.js';

let desk: EmailChannelServer;
beforeAll(async () => {
  desk = await startEmailChannelServer('sqlite');
});
afterAll(async () => {
  await desk.close();
});

it('greets and answers EHLO with its own name, not the host name', async () => {
  const dialogue = await new Promise<string>((resolve, reject) => {
    const socket = connect(desk.smtpPort, '127.0.0.1');
    let text = '';
    let ehloSent = false;
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!ehloSent && /^220 /m.test(text)) {
        ehloSent = true;
        socket.write(`EHLO ${os.hostname()}\r\n`);
      } else if (ehloSent && /^250 /m.test(text)) {
        socket.end('QUIT\r\n');
        resolve(text);
      }
    });
    socket.on('error', reject);
  });
  expect(dialogue).toMatch(new RegExp(`^220 ${LISTENER_NAME} `));
  expect(dialogue).toMatch(new RegExp(`^250[- ]${LISTENER_NAME} `, 'm'));
  expect(dialogue.split('\r\n').filter((line) => /^2[25]0[ -]/.test(line) && line.split(/[ -]/)[1] === os.hostname())).toEqual([]);
});
