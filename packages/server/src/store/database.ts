// Opens the store: the embedded SQLite file by default, PostgreSQL when DATABASE_URL says so.
// Both run the same migrations and the same repository code; `dialect` tells the few places that differ.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase as SqliteDialectDatabase } from 'kysely';
import pg from 'pg';
import { NulFreeTextPlugin } from './nul-free-text.js';
import type { Database } from './tables.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** `postgres://…` or `postgresql://…`; anything else is rejected. Unset: SQLite at `sqlitePath`. */
  readonly databaseUrl?: string | undefined;
  /** File of the embedded database; ':memory:' for tests. */
  readonly sqlitePath?: string;
  readonly poolSize?: number;
}

const INT8_OID = 20;

export function openStore(options: OpenStoreOptions): Store {
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error(`DATABASE_URL must start with postgres:// (got "${options.databaseUrl.split(':')[0]}:")`);
    }
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Sequence values and counts fit in a double; read int8 as a number instead of pg's default string.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new NulFreeTextPlugin()] });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = options.sqlitePath ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }), plugins: [new NulFreeTextPlugin()] });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Statements kept compiled, by SQL text; the repositories issue a few dozen distinct ones. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew, and compiling the SQL is a large share of a small query's cost.
 * Reusing the compiled statement is safe here: Kysely runs one query at a time on the one connection.
 * Least recently used statements leave the cache (IN lists of many lengths make many texts).
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = database.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

/** True when the store answers a trivial query: what `/ready` reports. */
export async function isStoreReachable(store: Store): Promise<boolean> {
  try {
    await sql`select 1`.execute(store.db);
    return true;
  } catch {
    return false;
  }
}
