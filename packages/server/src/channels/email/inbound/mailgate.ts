// The core of `nocdesk mailgate < message.eml`: hands one message from an existing
// MTA (Postfix pipe, Exim, procmail) to the server and answers with a sysexits code,
// so the MTA bounces only what can never be accepted and retries everything else.

/** Exit codes from sysexits.h, the language MTAs read from a delivery program. */
export const MAILGATE_EXIT = {
  OK: 0,
  USAGE: 64,
  DATAERR: 65,
  TEMPFAIL: 75,
  NOPERM: 77,
} as const;

/**
 * The message goes base64-encoded (`encoding: BASE64`): a GraphQL String is
 * Unicode text, and mail is bytes (8-bit bodies in any charset), so only an
 * explicit byte encoding is lossless.
 */
export const INGEST_EMAIL_MUTATION = `mutation IngestEmail($raw: String!) {
  ingestEmail(raw: $raw, encoding: BASE64) {
    __typename
    ... on IngestEmailSuccess { outcome ticket { number } }
    ... on Error { message }
  }
}`;

/** Result types (and `extensions.code` values) that mean "this message can never be accepted". */
export const PERMANENT_INGEST_ERRORS: readonly string[] = [
  'MessageTooLargeError',
  'MESSAGE_TOO_LARGE',
  'UnparseableMessageError',
  'UNPARSEABLE_MESSAGE',
];

const AUTH_ERRORS: readonly string[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'NotAuthorizedError', 'ForbiddenError'];

export interface MailgateOptions {
  /** The message exactly as the MTA piped it. */
  readonly raw: Buffer;
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  readonly url: string;
  /** An ADMIN token (the mailgate acts for the mail system). */
  readonly token: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs: number;
}

export interface MailgateResult {
  readonly exitCode: number;
  /** One line for the MTA's log (and the bounce, for 65). */
  readonly message: string;
}

interface GraphQLResponse {
  readonly data?: {
    readonly ingestEmail?: {
      readonly __typename?: string;
      readonly outcome?: string;
      readonly ticket?: { readonly number?: string } | null;
      readonly message?: string;
    } | null;
  } | null;
  readonly errors?: readonly { readonly message?: string; readonly extensions?: { readonly code?: unknown } }[];
}

function result(exitCode: number, message: string): MailgateResult {
  return { exitCode, message };
}

function fromGraphQL(body: GraphQLResponse): MailgateResult {
  const ingest = body.data?.ingestEmail;
  if (ingest?.__typename === 'IngestEmailSuccess') {
    const ticket = ingest.ticket?.number ? ` ticket ${ingest.ticket.number}` : '';
    return result(MAILGATE_EXIT.OK, `${ingest.outcome ?? 'accepted'}${ticket}`);
  }
  if (ingest?.__typename) {
    const message = `${ingest.__typename}: ${ingest.message ?? 'rejected'}`;
    if (PERMANENT_INGEST_ERRORS.includes(ingest.__typename)) return result(MAILGATE_EXIT.DATAERR, message);
    if (AUTH_ERRORS.includes(ingest.__typename)) return result(MAILGATE_EXIT.NOPERM, message);
    return result(MAILGATE_EXIT.TEMPFAIL, message);
  }
  const errors = body.errors ?? [];
  const codes = errors.map((error) => (typeof error.extensions?.code === 'string' ? error.extensions.code : ''));
  const message = errors.map((error) => error.message ?? 'error').join('; ') || 'empty GraphQL response';
  if (codes.some((code) => AUTH_ERRORS.includes(code))) return result(MAILGATE_EXIT.NOPERM, message);
  if (codes.some((code) => PERMANENT_INGEST_ERRORS.includes(code))) return result(MAILGATE_EXIT.DATAERR, message);
  // Anything unexpected (a schema mismatch, a server bug) is temporary: the MTA keeps the
  // message queued while someone fixes it, rather than bouncing it.
  return result(MAILGATE_EXIT.TEMPFAIL, message);
}

/** Posts the message to `ingestEmail` and maps every outcome to a sysexits code. Never throws. */
export async function runMailgate(options: MailgateOptions): Promise<MailgateResult> {
  if (!options.url) return result(MAILGATE_EXIT.USAGE, 'missing server URL');
  if (!options.token) return result(MAILGATE_EXIT.USAGE, 'missing token');
  if (!URL.canParse(options.url)) return result(MAILGATE_EXIT.USAGE, `not a URL: ${options.url}`);

  const doFetch = options.fetch ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${options.token}`,
      },
      body: JSON.stringify({
        query: INGEST_EMAIL_MUTATION,
        operationName: 'IngestEmail',
        variables: { raw: options.raw.toString('base64') },
      }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const reason = timedOut ? `timed out after ${options.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    return result(MAILGATE_EXIT.TEMPFAIL, `server unreachable: ${reason}`);
  }

  if (response.status === 401 || response.status === 403) {
    return result(MAILGATE_EXIT.NOPERM, `HTTP ${response.status}: the token is not accepted`);
  }
  if (response.status === 413) return result(MAILGATE_EXIT.DATAERR, 'HTTP 413: message too large for the server');
  if (response.status === 429 || response.status >= 500) {
    return result(MAILGATE_EXIT.TEMPFAIL, `HTTP ${response.status}: server busy or failing, retry later`);
  }

  let body: GraphQLResponse;
  try {
    body = JSON.parse(text) as GraphQLResponse;
  } catch {
    return result(MAILGATE_EXIT.TEMPFAIL, `HTTP ${response.status}: not a GraphQL response`);
  }
  return fromGraphQL(body);
}
