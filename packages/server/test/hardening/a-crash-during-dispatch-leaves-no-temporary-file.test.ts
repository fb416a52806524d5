// Security probe, finding "a crash during dispatch left a `.tmp` file in the outbox folder": the file
// transport writes each message to a hidden temporary file and renames it into place; a process killed
// between the two left the temporary file for ever (and a crash loop filled the disk). The transport now
// removes temporary files older than 10 minutes when it is created, at every start, and never leaves one
// behind. Temporary files of a write in progress (another instance, just now) are kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileTransport, outboxFileName } from '../../src/channels/email/outbound/email-transport.js';
import type { OutboundEmail } from '../../src/notifications/outbound-email.js';
import { startEmailChannelServer, type EmailChannelServer } from '../support/index.js';

const MINUTE = 60_000;

/** A file in `dir` whose modification time is `ageMs` in the past (real time: that is what the transport reads). */
function fileAged(dir: string, name: string, ageMs: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, 'From: ncc@nocdesk.example\r\nSubject: half written');
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(file, when, when);
  return name;
}

const mail: OutboundEmail = { from: 'ncc@nocdesk.example', to: 'noc@acme.example', subject: 'Received', text: 'Hello', messageId: 'ack.1000002.x@nocdesk.example', headers: {}, language: 'en' };

describe('a crash during dispatch leaves no temporary file', () => {
  const dirs: string[] = [];
  let desk: EmailChannelServer | undefined;
  afterEach(async () => {
    await desk?.close();
    desk = undefined;
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function outboxWithLeftovers(): { dataDir: string; outbox: string } {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-crashed-'));
    dirs.push(dataDir);
    const outbox = path.join(dataDir, 'outbox');
    fs.mkdirSync(outbox);
    fileAged(outbox, '.ack.1000002.abc@nocdesk.example.eml.4242.6f1d.tmp', 11 * MINUTE);
    fileAged(outbox, '.reply.1000019.def@nocdesk.example.eml.4242.77aa.tmp', 3 * 24 * 60 * MINUTE);
    fileAged(outbox, '.ack.1000028.ghi@nocdesk.example.eml.5151.9c2e.tmp', 1 * MINUTE);
    fileAged(outbox, 'ack.1000035.jkl@nocdesk.example.eml', 30 * MINUTE);
    fileAged(outbox, 'operator-notes.tmp', 30 * MINUTE);
    return { dataDir, outbox };
  }

  it('removes the stale temporary files of a crashed dispatcher when the desk starts again', async () => {
    const { dataDir, outbox } = outboxWithLeftovers();
    desk = await startEmailChannelServer('sqlite', { env: { NOCDESK_DATA_DIR: dataDir } });
    // Kept: a write in progress (1 minute old), every sent message, and files that are not ours.
    expect(fs.readdirSync(outbox).sort()).toEqual(['.ack.1000028.ghi@nocdesk.example.eml.5151.9c2e.tmp', 'ack.1000035.jkl@nocdesk.example.eml', 'operator-notes.tmp']);
  });

  it('sends the message the crash interrupted: it is still pending, and is written whole', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-outbox-'));
    dirs.push(dir);
    fileAged(dir, '.ack.1000002.x@nocdesk.example.eml.4242.6f1d.tmp', 20 * MINUTE);
    const transport = fileTransport(dir);
    expect(await transport.send(mail, Buffer.from('From: ncc@nocdesk.example\r\n\r\nHello\r\n'))).toMatchObject({ accepted: true });
    expect(fs.readdirSync(dir)).toEqual([outboxFileName(mail.messageId)]);
  });
});
