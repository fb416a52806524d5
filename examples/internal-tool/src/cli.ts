// nocdesk triage: reads a CSV of requests (columns subject, body, sof, ticket_number; a header line
// first) and prints, for each, the level the desk would give it and why, and whether its SOF number
// and ticket number are well-formed. Exits 1 when any row is bad, 2 when the file cannot be read,
// so it can guard an import job or a CI step.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { triage, type Check, type RequestRow, type Triage } from './triage.js';

export const EXIT = { ok: 0, badRows: 1, unreadable: 2 } as const;

const COLUMNS = ['subject', 'body', 'sof', 'ticket_number'] as const;

/** The rows of a requests file; csv-parse reads quoting, embedded newlines and a BOM as spreadsheets write them. */
export function readRequests(csv: string): RequestRow[] {
  const records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string | undefined>[];
  const header = records.length > 0 ? Object.keys(records[0]!) : [];
  const missing = COLUMNS.filter((column) => records.length > 0 && !header.includes(column));
  if (missing.length > 0) throw new Error(`The header must name the columns ${COLUMNS.join(', ')}; missing: ${missing.join(', ')}.`);
  return records.map((record) => ({ subject: record.subject ?? '', body: record.body ?? '', sof: record.sof ?? '', ticketNumber: record.ticket_number ?? '' }));
}

function cell<TValue, TReason>(check: Check<TValue, TReason>): string {
  if (!check.given) return '—';
  return check.ok ? `${String(check.value)} ✓` : `✗ ${String(check.reason)}`;
}

/** The table, one line per row, columns padded to their widest cell. */
export function formatTable(rows: readonly RequestRow[], results: readonly Triage[]): string[] {
  const lines = [
    ['#', 'level', 'source', 'SOF', 'ticket number', 'subject'],
    ...results.map((result, i) => [String(i + 1), `${result.level} ${result.levelName}`, result.source, cell(result.sof), cell(result.ticketNumber), rows[i]!.subject.slice(0, 40)]),
  ];
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => [...line[column]!].length)));
  return lines.map((line) => line.map((text, column) => text + ' '.repeat(widths[column]! - [...text].length)).join('  ').trimEnd());
}

export interface RunResult {
  readonly exitCode: number;
  readonly output: readonly string[];
}

export function run(csv: string, ticketPrefix: string): RunResult {
  let rows: RequestRow[];
  try {
    rows = readRequests(csv);
  } catch (error) {
    return { exitCode: EXIT.unreadable, output: [`Cannot read the requests: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const results = rows.map((row) => triage(row, { ticketPrefix }));
  const bad = results.flatMap((result, i) => result.problems.map((problem) => `row ${i + 1}: ${problem}`));
  const summary = bad.length === 0 ? `${rows.length} requests, all fine.` : `${rows.length} requests, ${new Set(bad.map((line) => line.split(':')[0])).size} bad:`;
  return { exitCode: bad.length === 0 ? EXIT.ok : EXIT.badRows, output: [...formatTable(rows, results), '', summary, ...bad] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    console.error('Usage: pnpm start <requests.csv>   (columns: subject, body, sof, ticket_number)');
    process.exitCode = EXIT.unreadable;
  } else {
    const result = fs.existsSync(file) ? run(fs.readFileSync(file, 'utf8'), process.env.NOCDESK_TICKET_PREFIX ?? 'NCC#') : { exitCode: EXIT.unreadable, output: [`No such file: ${file}`] };
    for (const line of result.output) (result.exitCode === EXIT.unreadable ? console.error : console.log)(line);
    process.exitCode = result.exitCode;
  }
}
