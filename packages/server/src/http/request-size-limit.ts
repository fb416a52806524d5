// Refuses request bodies over a byte limit with 413 before they are parsed: by Content-Length when the
// client declares one, and by counting streamed bytes otherwise, so a huge body is never held whole.
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';

function tooLarge(maxBytes: number) {
  return createGraphQLError(`The request body is larger than the limit of ${maxBytes} bytes.`, {
    extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } },
  });
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function useRequestSizeLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST') return;
      const declared = Number(request.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
      const type = request.headers.get('content-type') ?? '';
      if (!/application\/(graphql-response\+)?json|application\/graphql\+json/i.test(type)) return;
      setRequestParser(async (req) => {
        const text = await readLimited(req, maxBytes);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw createGraphQLError('POST body sent invalid JSON.', { extensions: { http: { status: 400 } } });
        }
        if (parsed === null || typeof parsed !== 'object') {
          throw createGraphQLError(`POST body is expected to be object but received ${parsed === null ? 'null' : typeof parsed}`, { extensions: { http: { status: 400 } } });
        }
        return parsed as GraphQLParams;
      });
    },
  };
}
