// Refuses request bodies over a byte limit with 413 before they are parsed: by Content-Length when the
// client declares one, and by counting streamed bytes otherwise, so a huge body is never held whole.
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';

function tooLarge(maxBytes: number) {
  return createGraphQLError(`The request body is larger than the limit of ${maxBytes} bytes.`, {
    extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } },
  });
}

function badRequest(message: string) {
  return createGraphQLError(message, { extensions: { http: { status: 400 } } });
}

export interface RequestSizeLimitOptions {
  /** The limit for everyone. */
  readonly maxBytes: number;
  /** A larger limit for privileged callers (the mailgate posting a whole email as an ADMIN). */
  readonly privilegedMaxBytes?: number;
  /** Asked only when a body exceeds `maxBytes`, so ordinary requests cost nothing extra. */
  readonly isPrivileged?: (request: Request) => Promise<boolean>;
}

/** Reads the body, refusing it as soon as it passes the limit that applies to this caller. */
async function readLimited(request: Request, options: RequestSizeLimitOptions): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let limit = options.maxBytes;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit && limit === options.maxBytes && options.privilegedMaxBytes && (await options.isPrivileged?.(request))) {
      limit = options.privilegedMaxBytes;
    }
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonParams(text: string): GraphQLParams {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('POST body sent invalid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw badRequest(`POST body is expected to be object but received ${parsed === null ? 'null' : typeof parsed}`);
  }
  return parsed as GraphQLParams;
}

function parseFormParams(text: string): GraphQLParams {
  const form = new URLSearchParams(text);
  const json = (name: string) => {
    const value = form.get(name);
    if (!value) return undefined;
    try {
      return JSON.parse(value) as Record<string, unknown>;
    } catch {
      throw badRequest(`The form field "${name}" is not valid JSON.`);
    }
  };
  return { query: form.get('query') ?? undefined, operationName: form.get('operationName') ?? undefined, variables: json('variables'), extensions: json('extensions') };
}

/**
 * Every POST body is read through the limit, whatever its content type: JSON, `application/graphql`
 * and form-encoded bodies are parsed here; any other type (multipart uploads included) is refused
 * with 415 rather than buffered whole.
 */
export function useRequestSizeLimit(options: RequestSizeLimitOptions): Plugin {
  return {
    async onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST') return;
      const declared = Number(request.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        const privileged = options.privilegedMaxBytes !== undefined && (await options.isPrivileged?.(request)) === true;
        if (!privileged || declared > (options.privilegedMaxBytes ?? 0)) throw tooLarge(privileged ? (options.privilegedMaxBytes ?? options.maxBytes) : options.maxBytes);
      }
      const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (type === 'application/json' || type === 'application/graphql-response+json' || type === 'application/graphql+json') {
        setRequestParser(async (req) => parseJsonParams(await readLimited(req, options)));
      } else if (type === 'application/graphql') {
        setRequestParser(async (req) => ({ query: await readLimited(req, options) }));
      } else if (type === 'application/x-www-form-urlencoded') {
        setRequestParser(async (req) => parseFormParams(await readLimited(req, options)));
      } else {
        throw createGraphQLError(`Content-Type "${type || 'none'}" is not supported; send application/json.`, { extensions: { http: { status: 415 } } });
      }
    },
  };
}
