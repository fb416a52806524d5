// The live assistant's section of docs/channels.md stays true: its GraphQL documents validate against
// the schema the desk serves, the desk's lines it quotes are the ones the contact reads, and every
// setting it names is one the server reads.
import fs from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.js';
import { composeChatNotice, type ChatNoticeInput } from '../../src/notifications/compose-chat-notice.js';
import { buildSchema } from '../../src/schema/index.js';

const channels = fs.readFileSync(new URL('../../../../docs/channels.md', import.meta.url), 'utf8');
const start = channels.search(/\n## (\d+\. )?Live assistant/);
const rest = channels.slice(start + 1);
const next = rest.indexOf('\n## ');
const section = next < 0 ? rest : rest.slice(0, next);

describe('docs/channels.md, live assistant', () => {
  it('has the section', () => {
    expect(start).toBeGreaterThanOrEqual(0);
  });

  it('shows GraphQL documents the desk accepts', () => {
    const blocks = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(validate(buildSchema(), parse(block)).map((e) => e.message)).toEqual([]);
  });

  it('quotes the desk’s lines as the contact reads them in English', () => {
    const samples: readonly ChatNoticeInput[] = [
      { notice: 'WAITING', waitSeconds: 300 },
      { notice: 'ENGINEER_JOINED', engineer: 'ana' },
      { notice: 'CLOSED', by: { kind: 'CONTACT', name: 'Sam Patel' } },
      { notice: 'CONVERTED', ticket: 'NCC#1000002', to: 'ops@acme.example' },
      { notice: 'AUTO_CONVERTED', ticket: 'NCC#1000002', to: 'ops@acme.example', waitSeconds: 300 },
    ];
    for (const sample of samples) expect(section).toContain(`| \`${sample.notice}\` | ${composeChatNotice('en', sample).body} |`);
  });

  it('names only settings the server reads', () => {
    const named = [...new Set([...section.matchAll(/`((?:NOCDESK|REDIS)_[A-Z0-9_]+)`/g)].map((m) => m[1]))];
    expect(named.filter((name) => name !== undefined && !CONFIG_VARIABLES.includes(name))).toEqual([]);
  });
});
