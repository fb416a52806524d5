// Identifiers of stored rows: random UUIDs, so ids never reveal volumes or order.
import { randomUUID } from 'node:crypto';

export type IdGenerator = () => string;

export const newId: IdGenerator = () => randomUUID();
