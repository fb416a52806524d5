// The benchmark table: one row per measured operation, each a figure against a baseline measured in
// the same run, printed as markdown and written between markers into docs/benchmarks.md.
import fs from 'node:fs';
import os from 'node:os';

export type Verdict = 'met' | 'missed' | 'moonshot met' | 'info' | 'not built yet' | 'skipped';

export interface Row {
  readonly area: string;
  readonly operation: string;
  readonly figure: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  readonly verdict: Verdict;
}

export const fmt = {
  rps: (n: number) => `${Math.round(n).toLocaleString('en')} req/s`,
  perSecond: (n: number, unit: string) => `${n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(1)} ${unit}/s`,
  ms: (n: number) => (Number.isNaN(n) ? '—' : n >= 100 ? `${Math.round(n).toLocaleString('en')} ms` : n >= 10 ? `${n.toFixed(1)} ms` : `${n.toFixed(2)} ms`),
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`,
  ratio: (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—'),
};

/** A "higher is better" ratio with a floor (and optionally a moonshot). */
export function atLeast(ratio: number, floor: number, moonshot?: number): Verdict {
  if (moonshot !== undefined && ratio >= moonshot) return 'moonshot met';
  return ratio >= floor ? 'met' : 'missed';
}

/** A "lower is better" figure with a ceiling (and optionally a moonshot). */
export function atMost(value: number, ceiling: number, moonshot?: number): Verdict {
  if (!Number.isFinite(value)) return 'missed';
  if (moonshot !== undefined && value <= moonshot) return 'moonshot met';
  return value <= ceiling ? 'met' : 'missed';
}

const MARK = (v: Verdict) => ({ met: '✅ met', missed: '❌ missed', 'moonshot met': '🌙 moonshot met', info: 'info', 'not built yet': '⏳ not built yet', skipped: '— skipped' })[v];

export function markdownTable(rows: readonly Row[]): string {
  const lines = ['| area | operation | figure | baseline | ratio | target | |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.area} | ${r.operation} | ${r.figure} | ${r.baseline} | ${r.ratio} | ${r.target} | ${MARK(r.verdict)} |`);
  return lines.join('\n');
}

export interface RunFacts {
  readonly date: Date;
  readonly seconds: number;
  readonly postgres: string;
  readonly notes: readonly string[];
}

export function machineLine(facts: RunFacts): string {
  const cpu = os.cpus();
  return `${facts.date.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}) · Node ${process.version} · ${os.type()} ${os.release()} · ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB · PostgreSQL: ${facts.postgres} · run time ${facts.seconds.toFixed(0)} s`;
}

export function resultsSection(rows: readonly Row[], facts: RunFacts): string {
  return [
    `_Last run: ${machineLine(facts)}._`,
    '',
    markdownTable(rows),
    '',
    ...facts.notes.map((n) => `- ${n}`),
  ].join('\n');
}

const BEGIN = '<!-- bench:results:begin (written by pnpm bench) -->';
const END = '<!-- bench:results:end -->';

/** Replaces the results between the markers, keeping the hand-written analysis around them. */
export function writeResults(file: string, section: string): void {
  const block = `${BEGIN}\n${section}\n${END}`;
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const begin = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  const next =
    begin >= 0 && end > begin
      ? `${existing.slice(0, begin)}${block}${existing.slice(end + END.length)}`
      : `# Benchmarks\n\n\`pnpm bench\` measures the desk on loopback and writes this table; every figure is a ratio against a baseline measured in the same run.\n\n${block}\n${existing ? `\n${existing}` : ''}`;
  fs.writeFileSync(file, next);
}
