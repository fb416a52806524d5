// An online backup of the embedded SQLite database (`nocdesk backup <file>`), taken while the desk runs,
// through SQLite's backup API (better-sqlite3's `backup()`). The copy is one consistent snapshot: every
// transaction committed before it began is in it whole, none that committed during it is in it at all.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

export interface SqliteBackupReport {
  readonly file: string;
  readonly pages: number;
  readonly bytes: number;
  readonly tickets: number;
}

export class BackupTargetExistsError extends Error {
  override readonly name = 'BackupTargetExistsError';
}

/**
 * Copies the database at `sourcePath` to `targetPath`, a file that must not exist yet, through its own
 * read-only connection: the running desk is not paused (WAL lets it keep writing). The copy is written
 * beside the target and renamed into place once checked, so a backup file is never half written.
 */
export async function backupSqlite(sourcePath: string, targetPath: string): Promise<SqliteBackupReport> {
  const target = path.resolve(targetPath);
  if (fs.existsSync(target)) throw new BackupTargetExistsError(`${target} already exists: choose a new file name (a backup never overwrites one).`);
  if (!fs.existsSync(sourcePath)) throw new Error(`There is no database at ${sourcePath}: check NOCDESK_DATA_DIR.`);
  const partial = `${target}.partial-${process.pid}`;
  const source = new SqliteDatabase(sourcePath, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // SQLite restarts a stepwise backup whenever another connection writes to the source between steps;
    // under steady intake a backup in small steps could restart for ever. Everything in one step instead:
    // one read snapshot, while writers go on appending to the WAL.
    const progress = await source.backup(partial, { progress: () => 0x7fffffff });
    const copy = new SqliteDatabase(partial, { fileMustExist: true });
    let tickets: number;
    try {
      // A backup is one self-contained file: no -wal beside it to forget when it is copied away.
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`The backup did not pass SQLite's quick_check: ${String(check)}`);
      tickets = (copy.prepare('select count(*) as n from tickets').get() as { n: number }).n;
    } finally {
      copy.close();
    }
    fs.renameSync(partial, target);
    return { file: target, pages: progress.totalPages, bytes: fs.statSync(target).size, tickets };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
}
