// MIME nested deeper than the parser allows used to throw a plain error, which the
// listener answered 451: the sending MTA retried for days and the mail was never kept.
// The desk now answers such mail as permanent (or keeps it), never "try again", and the
// desk's listener logs what it did.
import { afterEach, describe, expect, it, vi } from 'vitest';
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
    vi.restoreAllMocks();
  });

  it('MIME nested 3,000 levels deep is answered as final, not 4xx, and the listener logs it', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
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
    expect(info.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(/^\[smtp\] smtp message (stored|rejected) /m);
  });

  it('ordinary mail is logged as stored', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    desk = await startEmailChannelServer(dialect);
    await desk.sendSmtp(Buffer.from('From: noc@acme.example\r\nTo: ncc@nocdesk.example\r\nSubject: Link down at Valencia\r\nMessage-ID: <ok.1@acme.example>\r\n\r\nDown since 10:40.\r\n'));
    expect(info.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(/^\[smtp\] smtp message stored \{"bytes":\d+,"mailFrom":"noc@acme.example","rcptTo":\["ncc@nocdesk.example"\]\}$/m);
  });
});
