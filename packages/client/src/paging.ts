// Relay connections as pages, and every page of a connection as one async iteration.
import type { PageInfoFieldsFragment } from './_generated_graphql.js';

export type PageInfo = PageInfoFieldsFragment;

/** One page of a connection: its nodes, and `pageInfo.endCursor` to pass as `after` for the next. */
export interface Page<T> {
  readonly nodes: readonly T[];
  readonly pageInfo: PageInfo;
}

/**
 * Forward paging arguments; the server returns 20 by default and at most 100. Every optional field
 * also takes `undefined`, so callers compiling with `exactOptionalPropertyTypes` can pass theirs on.
 */
export interface PageArgs {
  readonly first?: number | undefined;
  readonly after?: string | null | undefined;
}

/** Iteration over every page: how many nodes to fetch per request (default 50). */
export interface AllPagesArgs {
  readonly pageSize?: number | undefined;
}

export const DEFAULT_PAGE_SIZE = 50;

export function toPage<T>(connection: { readonly edges: readonly { readonly node: T }[]; readonly pageInfo: PageInfo }): Page<T> {
  return { nodes: connection.edges.map((edge) => edge.node), pageInfo: connection.pageInfo };
}

/** Every node of every page, fetching the next page only when the caller has used up the last one. */
export async function* allNodes<T>(fetchPage: (args: { readonly first: number; readonly after: string | null }) => Promise<Page<T>>, pageSize: number = DEFAULT_PAGE_SIZE): AsyncGenerator<T, void, undefined> {
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = await fetchPage({ first: pageSize, after });
    yield* page.nodes;
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
    after = page.pageInfo.endCursor;
  }
}
