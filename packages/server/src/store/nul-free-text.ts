// Every text a query sends is NUL-free, whoever wrote the query: PostgreSQL text cannot hold NUL, so a NUL
// from a caller (an idempotency key, a reason, a filter, a name) failed the whole statement as a server
// error, and mail carrying one was refused and retried for ever.
import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';
import { storableText } from './storable-text.js';

class NulFreeTextTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return typeof node.value === 'string' && node.value.includes('\u0000') ? { ...node, value: storableText(node.value) } : node;
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    if (!node.values.some((value) => typeof value === 'string' && value.includes('\u0000'))) return node;
    return { ...node, values: node.values.map((value) => (typeof value === 'string' ? storableText(value) : value)) };
  }
}

/**
 * Turns NUL into U+FFFD in every string parameter, on both dialects, so a stored text reads the same
 * everywhere and a lookup with a NUL finds what a write with it stored (`storableText`, applied here
 * to every query instead of at each call site).
 */
export class NulFreeTextPlugin implements KyselyPlugin {
  readonly #transformer = new NulFreeTextTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
