// How the outbox dispatcher hands a rendered message to the world: an SMTP relay
// when configured, else .eml files in a local folder a newcomer can open (SPEC §3, §5).
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type { OutboundEmail } from '../../../notifications/outbound-email.js';

/** The outcome of one send attempt; `permanent` tells the dispatcher to stop retrying. */
export interface EmailSendResult {
  readonly accepted: boolean;
  readonly permanent?: boolean;
  readonly detail: string;
}

/**
 * Delivers one rendered message. Exists so the dispatcher does not care
 * whether mail goes to a relay or to a folder, and tests can record sends.
 *
 * ### Examples
 * ```ts
 * const transport = process.env.NOCDESK_SMTP_URL ? smtpTransport(process.env.NOCDESK_SMTP_URL) : fileTransport('./data/outbox');
 * const result = await transport.send(mail, await renderEml(mail, { date: new Date() }));
 * ```
 */
export interface EmailTransport {
  send(mail: OutboundEmail, rendered: Buffer): Promise<EmailSendResult>;
}

/** The bare address of a From/To value such as `NCC Service Desk <ncc@nocdesk.example>`. */
function envelopeAddress(value: string): string {
  return /<([^<>]*)>\s*$/.exec(value)?.[1]?.trim() ?? value.trim();
}

interface SmtpFailure {
  readonly responseCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly response?: string;
}

/**
 * 5xx is a permanent refusal of this message; 4xx, timeouts and network
 * errors are temporary. A rejected login is our configuration, not the
 * message, so it stays temporary: the message waits until it is fixed.
 */
export function classifySmtpFailure(error: unknown): EmailSendResult {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const detail = failure.response ?? failure.message ?? String(error);
  const permanent = failure.code !== 'EAUTH' && typeof failure.responseCode === 'number' && failure.responseCode >= 500;
  return { accepted: false, permanent, detail };
}

/**
 * Sends through an SMTP relay given as a nodemailer URL
 * (`smtp://user:pass@relay:587`, `smtps://…`). The already rendered bytes go
 * out unchanged; the envelope comes from the From and To addresses.
 */
export function smtpTransport(url: string): EmailTransport & { close(): void } {
  // The URL's own options (pool, secure, auth…) plus timeouts well inside the dispatcher's send lease,
  // so a send never outlives the claim on its message.
  const transporter = createTransport({ ...parseConnectionUrl(url), connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    async send(mail, rendered) {
      try {
        const info = await transporter.sendMail({
          envelope: { from: envelopeAddress(mail.from), to: [envelopeAddress(mail.to)] },
          raw: rendered,
        });
        return { accepted: true, detail: info.response };
      } catch (error) {
        return classifySmtpFailure(error);
      }
    },
    close() {
      transporter.close();
    },
  };
}

/** A Message-ID as a file name: anything outside a safe set becomes `_`, so no id escapes the folder. */
export function outboxFileName(messageId: string): string {
  return `${messageId.replace(/[^A-Za-z0-9._@+=-]/g, '_').replace(/^\.+/, '_')}.eml`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes each message to `<dir>/<messageId>.eml`. A reader never sees half a
 * file (written to a temporary name, then renamed), and a retried send of the
 * same message leaves the one file it already wrote.
 */
/** Temporary files older than this at start-up were left by a crash mid-write, not by a live writer. */
const STALE_TEMPORARY_MS = 10 * 60_000;

/**
 * Removes the half-written `.tmp` files a crash during a send left behind; the message itself is still
 * pending in the outbox and is written again. Returns how many were removed.
 */
export function removeStaleTemporaryFiles(dir: string, now: number = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith('.') || !name.endsWith('.tmp')) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs < STALE_TEMPORARY_MS) continue;
      rmSync(path, { force: true });
      removed++;
    } catch {
      // Gone already (another instance cleaned it): nothing to do.
    }
  }
  return removed;
}

export function fileTransport(dir: string): EmailTransport {
  removeStaleTemporaryFiles(dir);
  // The folder is made once per process (and again only if a write finds it gone).
  let folderReady = false;
  return {
    async send(mail, rendered) {
      const target = join(dir, outboxFileName(mail.messageId));
      try {
        if (!folderReady) {
          await mkdir(dir, { recursive: true });
          folderReady = true;
        }
        if (await exists(target)) return { accepted: true, detail: `already in ${target}` };
        const temporary = join(dir, `.${outboxFileName(mail.messageId)}.${process.pid}.${randomUUID()}.tmp`);
        try {
          await writeFile(temporary, rendered, { flag: 'wx' });
          await rename(temporary, target);
        } catch (error) {
          await rm(temporary, { force: true });
          throw error;
        }
        return { accepted: true, detail: `written to ${target}` };
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') folderReady = false;
        // A full disk or a permission problem can be fixed; the message waits.
        return { accepted: false, permanent: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
