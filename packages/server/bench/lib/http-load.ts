// HTTP load against the desk: autocannon for throughput under concurrency, and a sequential
// keep-alive client for latency medians at sub-millisecond resolution.
import http from 'node:http';
import autocannon from 'autocannon';

export interface GraphQLRequest {
  readonly body: string;
  readonly headers: Record<string, string>;
  /** A response body is counted as a mismatch unless it contains this text. */
  readonly expect: string;
}

export function graphqlRequest(query: string, variables: Record<string, unknown>, token: string | undefined, expect: string): GraphQLRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return { body: JSON.stringify({ query, variables }), headers, expect };
}

export interface LoadResult {
  /** Completed requests per second over the run. */
  readonly rps: number;
  readonly completed: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Non-2xx answers, connection errors and bodies without the expected text. */
  readonly failures: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly request: GraphQLRequest;
  readonly connections: number;
  /** Stops after this many seconds… */
  readonly seconds: number;
  /** …or this many requests, whichever comes first. */
  readonly maxRequests: number;
}

/** One bounded autocannon run. */
export function load(options: LoadOptions): Promise<LoadResult> {
  const { request } = options;
  return new Promise((resolve, reject) => {
    // A hard stop a little after the planned end, whatever autocannon does.
    const running: { instance?: autocannon.Instance } = {};
    const guard = setTimeout(() => running.instance?.stop(), (options.seconds + 10) * 1000);
    running.instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        connections: options.connections,
        duration: options.seconds,
        maxOverallRequests: Math.max(options.maxRequests, options.connections),
        timeout: 10,
        verifyBody: (body) => body.includes(request.expect),
      },
      (error, result) => {
        clearTimeout(guard);
        if (error) {
          reject(error);
          return;
        }
        const completed = result.requests.total;
        resolve({
          rps: completed / Math.max(result.duration, 0.001),
          completed,
          seconds: result.duration,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          failures: result.non2xx + result.errors + result.mismatches,
        });
      },
    );
  });
}

export interface LatencyResult {
  readonly count: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

/** One request at a time on one keep-alive connection: latency without queueing. */
export async function sequentialLatency(options: { url: string; request: GraphQLRequest; count: number; maxSeconds: number; warmup?: number }): Promise<LatencyResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(options.url);
  const payload = Buffer.from(options.request.body);
  const once = () =>
    new Promise<{ ms: number; ok: boolean }>((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...options.request.headers, 'content-length': String(payload.length) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const ok = res.statusCode === 200 && Buffer.concat(chunks).toString('utf8').includes(options.request.expect);
            resolve({ ms: performance.now() - started, ok });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  try {
    for (let i = 0; i < (options.warmup ?? 50); i++) await once();
    const times: number[] = [];
    let failures = 0;
    const deadline = performance.now() + options.maxSeconds * 1000;
    while (times.length < options.count && performance.now() < deadline) {
      const { ms, ok } = await once();
      times.push(ms);
      if (!ok) failures++;
    }
    times.sort((a, b) => a - b);
    return { count: times.length, medianMs: percentile(times, 50), p90Ms: percentile(times, 90), p99Ms: percentile(times, 99), failures };
  } finally {
    agent.destroy();
  }
}

/** A single GraphQL call, for set-up and checks. */
export async function graphql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const request = graphqlRequest(query, variables, token, '');
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || !body.data) throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}
