// The README's configuration table is the operator's reference: every variable the server reads is
// documented there, and nothing documented is ignored.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config.js';

const readme = fs.readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const documented = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]);

describe('README configuration table', () => {
  it('documents every variable the server reads', () => {
    expect(CONFIG_VARIABLES.filter((v) => !documented.includes(v))).toEqual([]);
  });

  it('documents no variable the server ignores', () => {
    expect(documented.filter((v) => v && !CONFIG_VARIABLES.includes(v))).toEqual([]);
  });
});
