// The triage tool as a NOC engineer runs it: the command on a CSV, its table and its exit status.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, run } from '../src/cli.js';

const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));
const ROOT = path.resolve(EXAMPLE, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-triage-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function command(file: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [TSX, '--tsconfig', path.join(ROOT, 'tsconfig.json'), 'src/cli.ts', file], { cwd: EXAMPLE, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function csv(name: string, text: string): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('the command', () => {
  it('prints the table of the example file and exits 1 for its mistyped ticket number', () => {
    const { status, stdout } = command('requests.csv');
    expect(status).toBe(EXIT.badRows);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^#\s+level\s+source\s+SOF\s+ticket number\s+subject$/);
    expect(lines[1]).toMatch(/^1\s+1 Maximum\s+KEYWORD\s+SOF-10001 ✓\s+—\s+Caída total del servicio$/);
    expect(lines[3]).toMatch(/^3\s+3 Standard\s+KEYWORD\s+—\s+✗ CHECK_DIGIT\s+Invoice address$/);
    expect(lines[4]).toMatch(/Latency, Frankfurt$/);
    expect(stdout).toContain('row 3: ticket number: ');
  }, 60_000);

  it('exits 0 when every row is fine', () => {
    const file = csv('fine.csv', 'subject,body,sof,ticket_number\nLink down,No light since 09:12,SOF-10001,NCC#100-000-2\n');
    const { status, stdout } = command(file);
    expect(status).toBe(EXIT.ok);
    expect(stdout).toContain('1 requests, all fine.');
  }, 60_000);

  it('exits 2 for a file that is not there', () => {
    const { status, stderr } = command(path.join(scratch, 'missing.csv'));
    expect(status).toBe(EXIT.unreadable);
    expect(stderr).toContain('No such file');
  }, 60_000);
});

describe('the rows', () => {
  it('names every bad row: an unreadable SOF, a wrong check digit, nothing to triage', () => {
    const result = run('subject,body,sof,ticket_number\nA,b,PO-123,\nB,c,,1000003\n,,,\n', 'NCC#');
    expect(result.exitCode).toBe(EXIT.badRows);
    expect(result.output.filter((line) => line.startsWith('row '))).toEqual([
      expect.stringMatching(/^row 1: SOF: /),
      expect.stringMatching(/^row 2: ticket number: /),
      'row 3: no subject and no body: nothing to triage',
    ]);
  });

  it('refuses a file without the expected columns', () => {
    const result = run('title,text\nLink down,since 09:00\n', 'NCC#');
    expect(result.exitCode).toBe(EXIT.unreadable);
    expect(result.output[0]).toContain('missing: subject, body, sof, ticket_number');
  });

  it('reads the level from the request as the desk would: an explicit P1 wins over the words', () => {
    const result = run('subject,body,sof,ticket_number\nP1 invoice question,please call,,\n', 'NCC#');
    expect(result.output[1]).toMatch(/^1\s+1 Maximum\s+REQUESTED/);
  });
});
