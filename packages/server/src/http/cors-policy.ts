// Which browser pages may call the API (CORS): the origins the operator lists in NOCDESK_CORS_ORIGINS,
// each answered with its own origin, never with credentials (auth is a bearer header, never a cookie).

/** The CORS answer for one request: the headers to allow it, or false for no CORS headers at all. */
export type CorsAnswer =
  | false
  | {
      readonly origin: string[];
      readonly credentials: false;
      readonly allowedHeaders: string[];
      readonly exposedHeaders: string[];
    };

const ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'idempotency-key', 'x-request-id'];
const EXPOSED_HEADERS = ['x-request-id', 'retry-after'];

/**
 * Decides per request. A listed origin is answered with exactly that origin. Any other origin gets no
 * CORS headers: with a list of several origins, Yoga would answer an unlisted one
 * `Access-Control-Allow-Origin: null`, which the origin "null" of a sandboxed frame or a local file
 * matches, so the browser would let such a page read the answer.
 *
 * ### Examples
 * ```ts
 * const policy = corsPolicy(['https://portal.acme.example']);
 * policy !== false && policy(new Request('http://desk/graphql', { headers: { origin: 'https://evil.example' } })); // false
 * corsPolicy([]); // false: no browser page may call the API
 * ```
 */
export function corsPolicy(origins: readonly string[]): false | ((request: Request) => CorsAnswer) {
  if (origins.length === 0) return false;
  const listed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !listed.has(origin)) return false;
    return { origin: [origin], credentials: false, allowedHeaders: [...ALLOWED_HEADERS], exposedHeaders: [...EXPOSED_HEADERS] };
  };
}
