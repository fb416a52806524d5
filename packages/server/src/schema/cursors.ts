// Keyset cursors are JSON tuples we hand out; anything else a client sends back is bad input, answered
// with a typed error that says how to page, never a server fault.
import type { z } from 'zod';
import { badRequest } from './errors.js';

export function decodeCursor<T>(cursor: string, shape: z.ZodType<T>, field: string): T {
  let value: unknown;
  try {
    value = JSON.parse(cursor);
  } catch {
    value = undefined;
  }
  const parsed = shape.safeParse(value);
  if (!parsed.success) throw badRequest(`Invalid ${field} cursor: pass an endCursor returned by ${field}.`);
  return parsed.data;
}
