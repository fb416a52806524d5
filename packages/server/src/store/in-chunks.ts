// Lookups by lists of ids a caller controls (dataloader batches, `nodes(ids)`), split so no statement
// exceeds a dialect's limit on bound variables.
/** Largest IN list sent at once: SQLite allows 32,766 variables, and a caller may control the list. */
const IN_CHUNK = 500;

/** Rows for ids, in chunks, so a long list from a caller never exceeds the dialect's variable limit. */
export async function inChunks<T, I>(ids: readonly I[], load: (chunk: I[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const rows: T[] = [];
  for (let i = 0; i < unique.length; i += IN_CHUNK) rows.push(...(await load(unique.slice(i, i + IN_CHUNK))));
  return rows;
}
