// Request rate limits on the GraphQL endpoint: each credential (partner key, staff token) may send so
// many requests per window, and so may each client address without a valid credential. Anonymous
// operations (checkTicketNumber, hotlines) are the reason for the second: ticket numbers can be
// guessed, and an unknown token costs a lookup. Counted in Redis when REDIS_URL is set, so the limit
// holds across every server process; in the process's memory otherwise. A request over its limit is
// refused before its body is read: HTTP 429 with Retry-After, and one GraphQL error with the code
// RATE_LIMITED and `extensions.retryAfter` in seconds.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { principalKey } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { principalFromRequest } from './authentication.js';

export interface RateLimitSettings {
  /** Requests per window for one credential; 0: no limit. */
  readonly perKey: number;
  /** Requests per window for one client address calling without a valid credential; 0: no limit. */
  readonly perAddress: number;
  readonly windowSeconds: number;
  /** Reverse proxies in front of the desk: the client address is that many X-Forwarded-For entries from the right. */
  readonly trustProxyHops: number;
}

interface Limiters {
  readonly perKey: RateLimiterAbstract | undefined;
  readonly perAddress: RateLimiterAbstract | undefined;
  /** Settles once counts go to Redis (at once without it). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const limitersOf = new WeakMap<Desk, Limiters>();

function limiterFor(points: number, windowSeconds: number, keyPrefix: string, redis: Redis | undefined): RateLimiterAbstract | undefined {
  if (points <= 0) return undefined;
  const memory = new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix });
  // With Redis unreachable each process counts on its own for the while: limits stay, a little looser.
  return redis ? new RateLimiterRedis({ storeClient: redis, points, duration: windowSeconds, keyPrefix, insuranceLimiter: memory, rejectIfRedisNotReady: true }) : memory;
}

/**
 * The processes of one desk share one database, and so their counts; another desk using the same
 * Redis (staging beside production) counts apart.
 */
function redisPrefix(desk: Desk): string {
  const database = desk.config.databaseUrl ?? desk.config.sqlitePath;
  return `nocdesk:rate:${createHash('sha256').update(database).digest('hex').slice(0, 16)}`;
}

function limitersFor(desk: Desk): Limiters {
  let limiters = limitersOf.get(desk);
  if (!limiters) {
    const { perKey, perAddress, windowSeconds } = desk.config.rateLimits;
    const prefix = redisPrefix(desk);
    const redis = desk.config.redisUrl && (perKey > 0 || perAddress > 0) ? new Redis(desk.config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined;
    // Connection trouble is answered by the memory insurance; the client's own error events need a listener.
    redis?.on('error', () => undefined);
    limiters = {
      perKey: limiterFor(perKey, windowSeconds, `${prefix}:key`, redis),
      perAddress: limiterFor(perAddress, windowSeconds, `${prefix}:address`, redis),
      ready: redis && redis.status !== 'ready' ? new Promise<void>((resolve) => redis.once('ready', () => resolve())) : Promise.resolve(),
      close: async () => {
        await redis?.quit().catch(() => undefined);
      },
    };
    limitersOf.set(desk, limiters);
  }
  return limiters;
}

/** Settles once the desk's limits are counted in Redis; until then each process counts on its own. */
export function rateLimitsReady(desk: Desk): Promise<void> {
  return limitersFor(desk).ready;
}

/** Closes the desk's connection to the Redis that counts its limits (the server's stop calls it). */
export async function closeRateLimits(desk: Desk): Promise<void> {
  await limitersOf.get(desk)?.close();
  limitersOf.delete(desk);
}

/**
 * The address a request came from: the peer of the connection, or behind `hops` trusted proxies the
 * entry of X-Forwarded-For the outermost of them wrote (entries further left are the client's word).
 * Undefined for a request that came through no socket (an embedding application calling in-process).
 */
export function clientAddress(request: Request, peer: string | undefined, hops: number): string | undefined {
  if (hops > 0) {
    const forwarded = (request.headers.get('x-forwarded-for') ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    const entry = forwarded[forwarded.length - hops];
    if (entry) return entry;
  }
  return peer;
}

function refused(limit: number, windowSeconds: number, res: RateLimiterRes, who: 'credential' | 'address') {
  const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  const subject = who === 'credential' ? 'this API key or token' : 'this address without a valid token';
  return createGraphQLError(`Too many requests: at most ${limit} every ${windowSeconds} s for ${subject}. Retry after ${retryAfter} s.`, {
    extensions: { code: 'RATE_LIMITED', retryAfter, limit, windowSeconds, http: { status: 429, headers: { 'Retry-After': String(retryAfter) } } },
  });
}

/** The rate limits as a Yoga plugin: every GraphQL request (queries, mutations, subscription streams) counts once. */
export function useRateLimits(desk: Desk): Plugin {
  const settings = desk.config.rateLimits;
  // Connect now, so the first requests are already counted where every process sees them.
  limitersFor(desk);
  return {
    async onRequestParse({ request, serverContext }) {
      const limiters = limitersFor(desk);
      if (!limiters.perKey && !limiters.perAddress) return;
      // An unknown or malformed token is answered 401 later; until then it counts against its address.
      const principal = await principalFromRequest(desk, request).catch(() => undefined);
      let limiter: RateLimiterAbstract | undefined;
      let key: string | undefined;
      let who: 'credential' | 'address';
      if (principal && principal.kind !== 'anonymous') {
        limiter = limiters.perKey;
        key = principalKey(principal);
        who = 'credential';
      } else {
        limiter = limiters.perAddress;
        // Node's http server hands Yoga the IncomingMessage as `req`.
        const peer = (serverContext as { req?: { socket?: { remoteAddress?: string } } }).req?.socket?.remoteAddress;
        key = clientAddress(request, peer, settings.trustProxyHops);
        who = 'address';
      }
      if (!limiter || key === undefined) return;
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw refused(limiter.points, settings.windowSeconds, rejection, who);
        // The store failed and so did its insurance: serve rather than refuse everyone.
        desk.log.warn({ err: rejection }, 'rate limit could not be counted; request served');
      }
    },
  };
}
