// SMTP senders as an MTA drives them: persistent connections with TCP_NODELAY, one message after
// the other per connection (MAIL, RCPT, DATA, each answered before the next), several in parallel.
import net from 'node:net';

export interface SmtpLoadResult {
  readonly accepted: number;
  readonly refused: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** One SMTP session over a socket: send a command, read the (possibly multi-line) reply. */
class SmtpSession {
  private buffer = '';
  private waiting: ((reply: { code: number; text: string }) => void) | undefined;
  private failed: Error | undefined;
  private onFail: ((error: Error) => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.drain();
    });
    const fail = (error: Error) => {
      this.failed = error;
      this.onFail?.(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static async open(port: number): Promise<SmtpSession> {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const session = new SmtpSession(socket);
    await session.expect(220);
    await session.command('EHLO bench.example', 250);
    return session;
  }

  private drain(): void {
    // A reply ends with a line "NNN text" (a space after the code); "NNN-text" lines continue it.
    const match = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buffer);
    if (!match || !this.waiting) return;
    const end = match.index + match[0].length;
    const text = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end);
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve({ code: Number(match[1]), text });
  }

  reply(): Promise<{ code: number; text: string }> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.onFail = reject;
      this.drain();
    });
  }

  async expect(code: number): Promise<void> {
    const reply = await this.reply();
    if (reply.code !== code) throw new Error(`expected ${code}, got ${reply.text.trim()}`);
  }

  async command(line: string, code: number): Promise<void> {
    this.socket.write(`${line}\r\n`);
    await this.expect(code);
  }

  /** One message; true when the server answered 250 after the data. */
  async send(from: string, to: string, raw: string): Promise<boolean> {
    await this.command(`MAIL FROM:<${from}>`, 250);
    await this.command(`RCPT TO:<${to}>`, 250);
    await this.command('DATA', 354);
    const stuffed = raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.socket.write(`${stuffed.endsWith('\r\n') ? stuffed : `${stuffed}\r\n`}.\r\n`);
    const reply = await this.reply();
    return reply.code === 250;
  }

  async quit(): Promise<void> {
    try {
      await this.command('QUIT', 221);
    } catch {
      // Closed already.
    }
    this.socket.destroy();
  }
}

export interface SmtpMessage {
  readonly from: string;
  readonly to: string;
  readonly raw: string;
}

/** Sends messages from `next()` over `senders` parallel connections until it returns undefined or time is up. */
export async function smtpLoad(options: { port: number; senders: number; seconds: number; next: () => SmtpMessage | undefined }): Promise<SmtpLoadResult> {
  const deadline = performance.now() + options.seconds * 1000;
  let accepted = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.senders }, async () => {
      const session = await SmtpSession.open(options.port);
      try {
        while (performance.now() < deadline) {
          const message = options.next();
          if (!message) break;
          if (await session.send(message.from, message.to, message.raw)) accepted++;
          else refused++;
        }
      } finally {
        await session.quit();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { accepted, refused, seconds, perSecond: accepted / seconds };
}

/** A plain customer report, as a contact's mail client would send it. */
export function reportEmail(input: { from: string; to: string; messageId: string; index: number }): string {
  return [
    `From: Bench Sender <${input.from}>`,
    `To: <${input.to}>`,
    `Subject: Caída del enlace SOF-10001 (${input.index})`,
    `Message-ID: <${input.messageId}>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Buenos días,',
    '',
    `el enlace de SOF-10001 está caído desde las 09:00 (aviso ${input.index}).`,
    'No hay servicio en la sede de Madrid.',
    '',
    'Un saludo,',
    'Equipo NOC',
    '',
  ].join('\r\n');
}
