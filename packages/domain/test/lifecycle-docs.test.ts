// The lifecycle tables in docs/domain.md are what a NOC manager checks the desk against, and the
// table atop ticket-lifecycle.ts is what an engineer reads: this test reads both and asks the
// decision every cell, so neither can drift from the rules. A cell's first outcome is checked:
// "→ `STATUS`", "stays"/"same", or a refusal code. Tickets in the tables are unassigned when OPEN
// and assigned to another engineer otherwise.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES, decideTicketTransition } from '../src/index.js';
import type { TicketAction, TicketActor, TicketStatus } from '../src/index.js';

const DOCS = fs.readFileSync(new URL('../../../docs/domain.md', import.meta.url), 'utf8');
const section = DOCS.slice(DOCS.indexOf('## 12. Working a ticket'), DOCS.indexOf('## 13.'));
const SOURCE = fs.readFileSync(new URL('../src/ticket-lifecycle.ts', import.meta.url), 'utf8');
const moduleComment = SOURCE.slice(0, SOURCE.indexOf('*/')).replace(/^ \* ?/gm, '');

const engineer: TicketActor = { kind: 'ENGINEER', id: 'eng-ana' };
const ROWS: Readonly<Record<string, readonly { readonly actor: TicketActor; readonly action: TicketAction }[]>> = {
  'take (only a ticket nobody has)': [{ actor: engineer, action: { kind: 'TAKE' } }],
  'assign (to self or another engineer)': [{ actor: engineer, action: { kind: 'ASSIGN' } }],
  'public reply': [{ actor: engineer, action: { kind: 'REPLY' } }],
  'internal note': [{ actor: engineer, action: { kind: 'NOTE' } }],
  'set waiting for the customer': [{ actor: engineer, action: { kind: 'WAIT' } }],
  'resolve (the resolution is emailed)': [{ actor: engineer, action: { kind: 'RESOLVE' } }],
  reopen: [{ actor: engineer, action: { kind: 'REOPEN' } }],
  close: [{ actor: engineer, action: { kind: 'CLOSE' } }],
  'partner or customer email: message': [
    { actor: { kind: 'PARTNER' }, action: { kind: 'CUSTOMER_MESSAGE' } },
    { actor: { kind: 'CUSTOMER_EMAIL' }, action: { kind: 'CUSTOMER_MESSAGE' } },
  ],
  'partner: reopen': [{ actor: { kind: 'PARTNER' }, action: { kind: 'REOPEN' } }],
  'scheduler: close automatically': [
    { actor: { kind: 'SCHEDULER' }, action: { kind: 'AUTO_CLOSE', resolvedAt: new Date('2025-03-01T10:00:00Z'), now: new Date('2025-03-08T10:00:00Z') } },
  ],
};

const ACTORS_BY_WORD: Readonly<Record<string, TicketActor>> = {
  engineer,
  partner: { kind: 'PARTNER' },
  'customer email': { kind: 'CUSTOMER_EMAIL' },
  scheduler: { kind: 'SCHEDULER' },
};

/** The module's table: `| \`ACTION\` (what) | who, who | five statuses |`. */
function moduleRows() {
  const actions = new Map(Object.values(ROWS).flatMap((steps) => steps.map((step) => [step.action.kind, step.action] as const)));
  return tableRows(moduleComment, 2).map((row) => {
    const kind = /^`([A-Z_]+)`/.exec(row.label)?.[1] ?? row.label;
    const action = actions.get(kind as TicketAction['kind']);
    if (action === undefined) throw new Error(`The module's table has an unknown action: ${row.label}`);
    const steps = (row.leading[1] ?? '').split(',').map((word) => {
      const actor = ACTORS_BY_WORD[word.trim()];
      if (actor === undefined) throw new Error(`The module's table has an unknown actor: ${word}`);
      return { actor, action };
    });
    return { label: row.label, cells: row.cells, steps };
  });
}

/** Rows of the tables whose header is `leading` columns (action, maybe who) followed by the five statuses. */
function tableRows(markdown: string, leading = 1): { readonly label: string; readonly leading: readonly string[]; readonly cells: readonly string[] }[] {
  const rows: { label: string; leading: string[]; cells: string[] }[] = [];
  const header = TICKET_STATUSES.map((status) => `\`${status}\``).join();
  let inTable = false;
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    if (cells.length === leading + 5 && cells.slice(leading).join() === header) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable && !cells[0]?.startsWith('---')) rows.push({ label: cells[0] ?? '', leading: cells.slice(0, leading), cells: cells.slice(leading) });
  }
  return rows;
}

function documentedOutcome(cell: string, status: TicketStatus): string {
  if (cell.startsWith('stays') || cell.startsWith('same')) return status;
  const moved = /^→ `([A-Z_]+)`/.exec(cell);
  if (moved) return moved[1] ?? '';
  return `refused ${/^`([A-Z_]+)`/.exec(cell)?.[1] ?? cell}`;
}

const rows = tableRows(section);

describe('the lifecycle tables in docs/domain.md', () => {
  it('list every row this test knows, and nothing else', () => {
    expect(rows.map((row) => row.label).sort()).toEqual(Object.keys(ROWS).sort());
  });

  const cases = rows.flatMap((row) =>
    (ROWS[row.label] ?? []).flatMap(({ actor, action }) =>
      TICKET_STATUSES.map((status, column) => [row.label, actor.kind, status, row.cells[column] ?? '', actor, action] as const),
    ),
  );

  it.each(cases)('%s (%s) on %s: %s', (_label, _kind, status, cell, actor, action) => {
    const decision = decideTicketTransition({ status, assignee: status === 'OPEN' ? null : 'eng-bo', action, actor });
    expect(decision.ok ? decision.status : `refused ${decision.reason}`).toBe(documentedOutcome(cell, status));
  });
});

describe('the lifecycle table atop ticket-lifecycle.ts', () => {
  const rows = moduleRows();

  it('has one row per action, naming who may do it', () => {
    expect(rows.map((row) => /^`([A-Z_]+)`/.exec(row.label)?.[1])).toEqual(['TAKE', 'ASSIGN', 'REPLY', 'NOTE', 'WAIT', 'RESOLVE', 'CUSTOMER_MESSAGE', 'REOPEN', 'CLOSE', 'AUTO_CLOSE']);
  });

  const cases = rows.flatMap((row) =>
    row.steps.flatMap(({ actor, action }) => TICKET_STATUSES.map((status, column) => [row.label, actor.kind, status, row.cells[column] ?? '', actor, action] as const)),
  );

  it.each(cases)('%s (%s) on %s: %s', (_label, _kind, status, cell, actor, action) => {
    const decision = decideTicketTransition({ status, assignee: status === 'OPEN' ? null : 'eng-bo', action, actor });
    expect(decision.ok ? decision.status : `refused ${decision.reason}`).toBe(documentedOutcome(cell, status));
  });
});
