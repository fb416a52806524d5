// Mail clients get charsets wrong: raw 8-bit bytes in headers, UTF-8 labelled us-ascii
// or with a charset nobody knows, Latin-1 labelled UTF-8, and UTF-7. These came out as
// replacement characters or mojibake. The text is now read as valid UTF-8 first, then in
// the declared charset, then as windows-1252; legacy charsets go through iconv-lite.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseInboundEmail } from '../../src/channels/email/inbound/inbound-email.js';

const SUBJECT = 'Caída del enlace en Bogotá';
const BODY = 'El enlace está caído desde las 10:40. ¿Pueden revisarlo? Señal: –85 dBm, coste 120 €.';

/** A message from header lines (as text) and a body already in its bytes. */
function message(headers: readonly (string | Buffer)[], body: Buffer): Buffer {
  const head = headers.map((line) => (typeof line === 'string' ? Buffer.from(`${line}\r\n`, 'latin1') : Buffer.concat([line, Buffer.from('\r\n')])));
  return Buffer.concat([...head, Buffer.from('\r\n'), body, Buffer.from('\r\n')]);
}

function textPart(charset: string, body: Buffer, extra: readonly string[] = []): Buffer {
  return message(
    ['From: José Muñoz <noc@acme.example>', `Subject: ${SUBJECT}`, 'MIME-Version: 1.0', `Content-Type: text/plain; charset=${charset}`, 'Content-Transfer-Encoding: 8bit', ...extra],
    body,
  );
}

const latin1 = (text: string): Buffer => iconv.encode(text, 'windows-1252');
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

function readable(text: string): void {
  expect(text).not.toContain('\ufffd');
  expect(text).not.toMatch(/Ã|Â|â€/);
}

describe('mail in mislabelled charsets reads right', () => {
  it('raw 8-bit Latin-1 bytes in the headers (no encoded words) read as Latin-1', async () => {
    const raw = message(
      [Buffer.concat([Buffer.from('From: '), latin1('José Muñoz'), Buffer.from(' <noc@acme.example>')]), Buffer.concat([Buffer.from('Subject: '), latin1(SUBJECT)]), 'Content-Type: text/plain; charset=iso-8859-1'],
      latin1(BODY),
    );
    const mail = await parseInboundEmail(raw);
    expect(mail.subject).toBe(SUBJECT);
    expect(mail.from).toEqual({ address: 'noc@acme.example', name: 'José Muñoz' });
    expect(mail.text.trim()).toBe(BODY);
    expect(mail.headers.get('subject')).toEqual([SUBJECT]);
  });

  it('raw 8-bit UTF-8 headers (RFC 6532) stay as they are, whatever the body charset says', async () => {
    const raw = message([Buffer.concat([Buffer.from('Subject: '), utf8(SUBJECT)]), 'From: noc@acme.example', 'Content-Type: text/plain; charset=iso-8859-1'], latin1(BODY));
    const mail = await parseInboundEmail(raw);
    expect(mail.subject).toBe(SUBJECT);
    expect(mail.text.trim()).toBe(BODY);
  });

  it('raw 8-bit headers in the declared charset of the message (KOI8-R) read in that charset', async () => {
    const subject = 'Авария на узле Москва';
    const raw = message([Buffer.concat([Buffer.from('Subject: '), iconv.encode(subject, 'koi8-r')]), 'From: noc@acme.example', 'Content-Type: text/plain; charset=koi8-r'], iconv.encode('Канал не работает.', 'koi8-r'));
    const mail = await parseInboundEmail(raw);
    expect(mail.subject).toBe(subject);
    expect(mail.text.trim()).toBe('Канал не работает.');
  });

  it.each(['us-ascii', 'ascii', 'x-unknown', 'unknown-8bit', 'iso-8859-1', '"utf8 please"'])('a UTF-8 body labelled %s reads as UTF-8', async (charset) => {
    const mail = await parseInboundEmail(textPart(charset, utf8(BODY)));
    readable(mail.text);
    expect(mail.text.trim()).toBe(BODY);
  });

  it.each(['utf-8', 'UTF8', 'x-unknown'])('a Latin-1 (windows-1252) body labelled %s reads as windows-1252', async (charset) => {
    const mail = await parseInboundEmail(textPart(charset, latin1(BODY)));
    readable(mail.text);
    expect(mail.text.trim()).toBe(BODY);
  });

  it('quoted-printable Latin-1 labelled UTF-8 reads as windows-1252', async () => {
    const body = 'El enlace est=E1 ca=EDdo desde las 10:40. =BFPueden revisarlo? =93Urgente=94, coste 120 =80.';
    const raw = message(['From: noc@acme.example', 'Subject: x', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], Buffer.from(body));
    const mail = await parseInboundEmail(raw);
    expect(mail.text.trim()).toBe('El enlace está caído desde las 10:40. ¿Pueden revisarlo? “Urgente”, coste 120 €.');
  });

  it('a UTF-7 body reads through iconv-lite', async () => {
    const raw = message(['From: noc@acme.example', 'Subject: x', 'Content-Type: text/plain; charset=utf-7'], iconv.encode(BODY, 'utf-7'));
    const mail = await parseInboundEmail(raw);
    expect(mail.text.trim()).toBe(BODY);
  });

  it('a charset whose ASCII bytes mean something else (ISO-2022-JP) is read in it, not as UTF-8', async () => {
    // 日本語: ESC $ B, three JIS X 0208 characters, ESC ( B; every byte is ASCII, so it is also valid UTF-8.
    const jis = Buffer.from([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x38, 0x6c, 0x1b, 0x28, 0x42]);
    const raw = message(['From: noc@acme.example', 'Subject: x', 'Content-Type: text/plain; charset=iso-2022-jp', 'Content-Transfer-Encoding: 7bit'], jis);
    const mail = await parseInboundEmail(raw);
    expect(mail.text.trim()).toBe('日本語');
  });

  it('an HTML-only body in Latin-1 labelled UTF-8 renders readable text', async () => {
    const raw = message(['From: noc@acme.example', 'Subject: x', 'Content-Type: text/html; charset=utf-8'], latin1(`<p>${BODY}</p>`));
    const mail = await parseInboundEmail(raw);
    expect(mail.text).toBe(BODY);
  });

  it('a forwarded message inside the mail gets the same treatment', async () => {
    const inner = message(['From: monitor@acme.example', 'Subject: Alarma', 'Content-Type: text/plain; charset=utf-8'], latin1(BODY));
    const raw = Buffer.concat([
      Buffer.from('From: noc@acme.example\r\nSubject: Fwd: Alarma\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="f"\r\n\r\n--f\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee below.\r\n--f\r\nContent-Type: message/rfc822\r\n\r\n'),
      inner,
      Buffer.from('--f--\r\n'),
    ]);
    const mail = await parseInboundEmail(raw);
    expect(mail.text).toContain('See below.');
    expect(mail.text).toContain('Subject: Alarma');
    expect(mail.text).toContain(BODY);
    readable(mail.text);
  });

  it('a correctly labelled message reads in its own charset', async () => {
    const mail = await parseInboundEmail(textPart('iso-8859-1', latin1(BODY)));
    expect(mail.text.trim()).toBe(BODY);
    expect((await parseInboundEmail(textPart('utf-8', utf8(BODY)))).text.trim()).toBe(BODY);
  });
});
