// Server configuration, read once from the environment (SPEC §5); every setting is documented in the README.
import path from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './observability/logger.js';
import {
  DEFAULT_CHAT_LIMITS,
  DEFAULT_CHAT_WAIT_SECONDS,
  DEFAULT_CLOSE_AFTER_DAYS,
  DEFAULT_SLA_POLICY,
  HotlinesSchema,
  parseSlaPolicyOverride,
  type ChatLimits,
  type Hotline,
  type SlaPolicy,
} from '@nocdesk/domain';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const EnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  NOCDESK_DATA_DIR: z.string().default('./data'),
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  NOCDESK_SMTP_URL: z.string().optional(),
  NOCDESK_MAIL_FROM: z.string().default('ncc@nocdesk.example'),
  NOCDESK_MAIL_DOMAIN: z.string().optional(),
  NOCDESK_MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
  REDIS_URL: z.string().optional(),
  NOCDESK_ADMIN_TOKEN: z
    .string()
    .min(16, 'NOCDESK_ADMIN_TOKEN must be at least 16 characters')
    .refine(hasEntropy, 'NOCDESK_ADMIN_TOKEN is too easy to guess: use a random value, e.g. `openssl rand -base64 32`')
    .optional(),
  NOCDESK_TICKET_PREFIX: z.string().default('NCC#'),
  NOCDESK_SEED_DEMO: flag.optional(),
  NOCDESK_HOTLINES: z.string().optional(),
  NOCDESK_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  NOCDESK_DISPATCH_INTERVAL_MS: z.coerce.number().int().positive().default(500),
  NOCDESK_CLOSE_AFTER_DAYS: z.coerce.number().min(0).max(365).default(DEFAULT_CLOSE_AFTER_DAYS),
  NOCDESK_SLA: z.string().optional(),
  NOCDESK_SCHEDULER_INTERVAL_MS: z.coerce.number().int().positive().default(15_000),
  NOCDESK_EXPLANATIONS_PER_HOUR: z.coerce.number().int().min(0).default(50),
  NOCDESK_CORS_ORIGINS: z.string().optional(),
  NOCDESK_TRUSTED_AUTHSERV_IDS: z.string().optional(),
  NOCDESK_VERIFY_SENDER: flag.optional(),
  NOCDESK_CHAT_WAIT_S: z.coerce.number().int().min(0).default(DEFAULT_CHAT_WAIT_SECONDS),
  NOCDESK_CHAT_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1).default(DEFAULT_CHAT_LIMITS.maxMessageBytes),
  NOCDESK_CHAT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_CHAT_LIMITS.messagesPerMinute),
  NOCDESK_CHAT_OPEN_PER_CONTACT: z.coerce.number().int().min(1).default(DEFAULT_CHAT_LIMITS.openConversationsPerContact),
  NOCDESK_ONCALL_EMAIL: z.string().trim().email('NOCDESK_ONCALL_EMAIL must be an email address, e.g. oncall@noc.example').optional(),
  NOCDESK_TWILIO_AUTH_TOKEN: z.string().min(16, 'NOCDESK_TWILIO_AUTH_TOKEN is the voice platform account\'s auth token (32 characters at Twilio)').optional(),
  NOCDESK_PUBLIC_URL: z.string().optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  NOCDESK_RATE_LIMIT_PER_KEY: z.coerce.number().int().min(0).default(1200),
  NOCDESK_RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(120),
  NOCDESK_RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60),
  NOCDESK_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  NOCDESK_WEBHOOK_ALLOW_HTTP: flag.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

/**
 * Whether a secret is not trivially guessable: enough distinct characters, not one character or a short
 * pattern repeated, no whitespace. A bootstrap ADMIN token reaches everything.
 */
function hasEntropy(secret: string): boolean {
  if (/\s/.test(secret)) return false;
  const distinct = new Set(secret).size;
  if (distinct < 8) return false;
  for (let period = 1; period <= secret.length / 2; period++) {
    if (secret.slice(period) === secret.slice(0, secret.length - period)) return false;
  }
  return true;
}

/** Every environment variable the server reads (the README documents each; a test keeps them in step). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export interface ServerConfig {
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  /** `postgres://…` selects PostgreSQL; unset means the embedded SQLite file. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly sqlitePath: string;
  readonly smtpPort: number;
  readonly smtpRelayUrl: string | undefined;
  readonly outboxDir: string;
  readonly mailFrom: string;
  /** Domain of the Message-IDs we generate; mail coming back with it is ours (loop prevention). */
  readonly mailDomain: string;
  readonly maxMessageBytes: number;
  readonly maxBodyBytes: number;
  /** How often the outbox dispatcher looks for due messages when idle. */
  readonly dispatchIntervalMs: number;
  readonly redisUrl: string | undefined;
  readonly adminToken: string | undefined;
  readonly ticketPrefix: string;
  readonly seedDemo: boolean;
  readonly hotlines: readonly Hotline[];
  /** Days after resolution during which a customer reply reopens the ticket; then it closes (SPEC §2.6). */
  readonly closeAfterDays: number;
  /** SLA targets per level (NOCDESK_SLA overrides the defaults of SPEC §2.6). */
  readonly slaPolicy: SlaPolicy;
  /** How often the scheduler looks for due jobs (auto-close, SLA alerts). */
  readonly schedulerIntervalMs: number;
  /** Desk-wide cap on registration explanations per hour (backscatter). */
  readonly explanationsPerHour: number;
  /** Browser origins allowed to call the API (CORS); empty: none. */
  readonly corsOrigins: readonly string[];
  /** authserv-ids of receiving MTAs whose Authentication-Results headers the desk trusts (SPEC §3.1). */
  readonly trustedAuthservIds: readonly string[];
  /** Verify DKIM, SPF and DMARC on the SMTP listener itself (a desk receiving mail directly). */
  readonly verifySender: boolean;
  /** How long a live-assistant conversation waits for an engineer before it becomes a ticket by itself. */
  readonly chatWaitSeconds: number;
  /** Message size, pace and open conversations per contact on the live assistant. */
  readonly chatLimits: ChatLimits;
  /** Where escalations and SLA alerts of unassigned tickets are emailed; unset: recorded and published only. */
  readonly onCallEmail: string | undefined;
  /** The voice platform's auth token: signs every IVR webhook request; unset: no IVR webhook. */
  readonly twilioAuthToken: string | undefined;
  /** The desk's base URL as callers from outside (the voice platform) reach it, without a trailing slash. */
  readonly publicUrl: string | undefined;
  /** Serves `/metrics` on this port instead of the HTTP port, so it need not be public; unset: on the HTTP port. */
  readonly metricsPort: number | undefined;
  /** Requests per window per credential and per address without one (0: none); proxies whose X-Forwarded-For is trusted. */
  readonly rateLimits: { readonly perKey: number; readonly perAddress: number; readonly windowSeconds: number; readonly trustProxyHops: number };
  /** Webhooks may also point at http:// and at loopback or private addresses (development and tests only). */
  readonly webhookAllowLocal: boolean;
  readonly logLevel: LogLevel;
  /** NODE_ENV=development: log lines are pretty-printed when stdout is a terminal. */
  readonly development: boolean;
}

/** The support numbers shipped by default: the source procedure's "map" of hotline and IVR numbers. */
export const DEFAULT_HOTLINES: readonly Hotline[] = [
  { region: 'Europe', country: 'ES', phone: '+34 910 000 100', kind: 'HOTLINE', languages: ['es', 'en'] },
  { region: 'Europe', country: 'ES', phone: '+34 910 000 200', kind: 'IVR', languages: ['es', 'en'] },
  { region: 'Europe', country: 'GB', phone: '+44 20 7946 0100', kind: 'HOTLINE', languages: ['en'] },
  { region: 'Americas', country: 'US', phone: '+1 212 555 0100', kind: 'HOTLINE', languages: ['en', 'es'] },
  { region: 'Americas', country: 'US', phone: '+1 212 555 0200', kind: 'IVR', languages: ['en', 'es'] },
];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment; a wrong value stops the start with a message naming the variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.NOCDESK_DATA_DIR);
  let hotlines: readonly Hotline[] = DEFAULT_HOTLINES;
  if (e.NOCDESK_HOTLINES) {
    const result = HotlinesSchema.safeParse(safeJson(e.NOCDESK_HOTLINES));
    if (!result.success) throw new ConfigError(`NOCDESK_HOTLINES: not a JSON list of hotlines (${result.error.issues[0]?.message ?? 'invalid'})`);
    hotlines = result.data;
  }
  let slaPolicy: SlaPolicy = DEFAULT_SLA_POLICY;
  if (e.NOCDESK_SLA) {
    const parsed = parseSlaPolicyOverride(e.NOCDESK_SLA);
    if (!parsed.ok) throw new ConfigError(`NOCDESK_SLA: ${parsed.issues.join('; ')}`);
    slaPolicy = parsed.policy;
  }
  const corsOrigins = (e.NOCDESK_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const origin of corsOrigins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) throw new ConfigError(`NOCDESK_CORS_ORIGINS: "${origin}" is not an origin such as https://portal.example.com`);
  }
  const publicUrl = e.NOCDESK_PUBLIC_URL?.trim().replace(/\/+$/, '');
  if (publicUrl !== undefined && (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol) || new URL(publicUrl).search !== '')) {
    throw new ConfigError(`NOCDESK_PUBLIC_URL: "${publicUrl}" is not a base URL such as https://desk.example.com`);
  }
  // The webhook signature covers the URL the voice platform called: without it, behind a proxy, every request would fail.
  if (e.NOCDESK_TWILIO_AUTH_TOKEN && publicUrl === undefined) {
    throw new ConfigError('NOCDESK_TWILIO_AUTH_TOKEN needs NOCDESK_PUBLIC_URL: the base URL the voice platform calls, e.g. https://desk.example.com');
  }
  // A partner key must never make a production desk post to the operator's own network.
  if (e.NOCDESK_WEBHOOK_ALLOW_HTTP && e.NODE_ENV === 'production') {
    throw new ConfigError('NOCDESK_WEBHOOK_ALLOW_HTTP is for development and tests: in production webhooks go over HTTPS to public addresses only.');
  }
  const mailDomain = e.NOCDESK_MAIL_DOMAIN ?? e.NOCDESK_MAIL_FROM.split('@')[1] ?? 'nocdesk.local';
  return {
    production: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    sqlitePath: path.join(dataDir, 'nocdesk.db'),
    smtpPort: e.SMTP_PORT,
    smtpRelayUrl: e.NOCDESK_SMTP_URL,
    outboxDir: path.join(dataDir, 'outbox'),
    mailFrom: e.NOCDESK_MAIL_FROM,
    mailDomain,
    maxMessageBytes: e.NOCDESK_MAX_MESSAGE_BYTES,
    maxBodyBytes: e.NOCDESK_MAX_BODY_BYTES,
    dispatchIntervalMs: e.NOCDESK_DISPATCH_INTERVAL_MS,
    redisUrl: e.REDIS_URL,
    adminToken: e.NOCDESK_ADMIN_TOKEN,
    ticketPrefix: e.NOCDESK_TICKET_PREFIX,
    seedDemo: e.NOCDESK_SEED_DEMO ?? !e.DATABASE_URL,
    hotlines,
    closeAfterDays: e.NOCDESK_CLOSE_AFTER_DAYS,
    slaPolicy,
    schedulerIntervalMs: e.NOCDESK_SCHEDULER_INTERVAL_MS,
    explanationsPerHour: e.NOCDESK_EXPLANATIONS_PER_HOUR,
    corsOrigins,
    trustedAuthservIds: (e.NOCDESK_TRUSTED_AUTHSERV_IDS ?? '').split(',').map((id) => id.trim().toLowerCase()).filter((id) => id !== ''),
    verifySender: e.NOCDESK_VERIFY_SENDER ?? false,
    chatWaitSeconds: e.NOCDESK_CHAT_WAIT_S,
    chatLimits: {
      maxMessageBytes: e.NOCDESK_CHAT_MAX_MESSAGE_BYTES,
      messagesPerMinute: e.NOCDESK_CHAT_MESSAGES_PER_MINUTE,
      openConversationsPerContact: e.NOCDESK_CHAT_OPEN_PER_CONTACT,
    },
    onCallEmail: e.NOCDESK_ONCALL_EMAIL,
    twilioAuthToken: e.NOCDESK_TWILIO_AUTH_TOKEN,
    publicUrl,
    metricsPort: e.METRICS_PORT,
    rateLimits: { perKey: e.NOCDESK_RATE_LIMIT_PER_KEY, perAddress: e.NOCDESK_RATE_LIMIT_PER_IP, windowSeconds: e.NOCDESK_RATE_LIMIT_WINDOW_S, trustProxyHops: e.NOCDESK_TRUST_PROXY },
    webhookAllowLocal: e.NOCDESK_WEBHOOK_ALLOW_HTTP ?? false,
    logLevel: e.LOG_LEVEL,
    development: e.NODE_ENV === 'development',
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
