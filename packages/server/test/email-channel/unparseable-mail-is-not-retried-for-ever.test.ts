// MIME nested deeper than the parser allows used to throw a plain error, which the
// listener answered 451: the sending MTA retried for days and the mail was never kept.
// The desk now answers such mail as permanent (or keeps it), never "try again".
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, startEmailChannelServer, type EmailChannelServer } from './email-channel-server.js';

function nestedMultiparts(depth: number): Buffer {
  let head = 'From: Ana Torres <noc@acme.example>\r\nTo: ncc@nocdesk.example\r\nSubject: Link down\r\nMessage-ID: <deep.1@acme.example>\r\nMIME-Version: 1.0\r\n';
  let tail = '';
  for (let level = 0; level < depth; level++) {
    head += `Content-Type: multipart/mixed; boundary="level${level}"\r\n\r\n--level${level}\r\n`;
    tail = `\r\n--level${level}--\r\n${tail}`;
  }
  return Buffer.from(`${head}Content-Type: text/plain\r\n\r\nThe Valencia link is down.${tail}`);
}

describe.each(DIALECTS)('unparseable mail is not retried for ever (%s)', (dialect) => {
  let desk: EmailChannelServer | undefined;
  afterEach(async () => {
    await desk?.close();
    desk = undefined;
  });

  it('MIME nested 3,000 levels deep is answered as final, not 4xx', async () => {
    desk = await startEmailChannelServer(dialect);
    let code: number;
    try {
      await desk.sendSmtp(nestedMultiparts(3_000));
      code = 250;
    } catch (error) {
      code = (error as { responseCode?: number }).responseCode ?? 0;
    }
    // 250 once the intake keeps it as a rejected intake, 5xx until then: never a 4xx that makes the MTA retry.
    expect(code === 250 || (code >= 500 && code < 600), `SMTP reply ${code}`).toBe(true);
  });
});
