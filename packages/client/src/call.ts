// What every area of the client shares: running a typed document through the transport, and turning
// a mutation's result union into its success member or the error class of its error member.
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { errorFromResult, NocdeskError, type ResultUnionError } from './errors.js';
import type { CallOptions, Execute } from './transport.js';

/** Any typed document in string mode: ours (exported as `…Document`) or one from your own codegen. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { toString(): string };

/** The data of an answer and its request id. */
export interface Answered<TResult> {
  readonly data: TResult;
  readonly requestId: string | undefined;
}

export interface Caller {
  run<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, variables: TVariables, options?: CallOptions): Promise<Answered<TResult>>;
}

export function createCaller(execute: Execute): Caller {
  return {
    async run(document, variables, options) {
      const answer = await execute({ query: document.toString(), variables: variables as Readonly<Record<string, unknown>> | undefined }, options);
      return { data: answer.data as never, requestId: answer.requestId };
    },
  };
}

/** The success member of a mutation's result union; any other member becomes its error class. */
export function unwrap<TResult extends { readonly __typename: string }, TSuccess extends TResult['__typename']>(
  result: TResult,
  success: TSuccess,
  requestId: string | undefined,
): Extract<TResult, { readonly __typename: TSuccess }> {
  if (result.__typename === success) return result as Extract<TResult, { readonly __typename: TSuccess }>;
  if ('code' in result && 'message' in result) throw errorFromResult(result as unknown as ResultUnionError, { requestId });
  throw new NocdeskError(`Unexpected result ${result.__typename}.`, 'UNEXPECTED_RESPONSE', { requestId });
}

/** The call's options with the key its input carries: the transport then may retry it, and sends the key as `Idempotency-Key`. */
export function withIdempotencyKey(options: CallOptions | undefined, key: string): CallOptions {
  return { ...options, idempotencyKey: key };
}
