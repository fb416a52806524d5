// The folders show the flow (channel → use case → domain → store): only store/ may talk to the database.
// The lint rule says so (`pnpm lint` holds every source to it); this proves the rule bites.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const KYSELY = "import { sql } from 'kysely';\nexport const probe = sql`select 1`;\n";

describe('only the store touches tables', () => {
  it.each(['packages/server/src/tickets/probe.ts', 'packages/server/src/schema/probe.ts', 'packages/server/src/channels/email/inbound/probe.ts', 'packages/server/src/cli/probe.ts'])(
    'a kysely import in %s fails the lint',
    async (file) => {
      expect(await restrictedImports(KYSELY, `${ROOT}${file}`)).toEqual([expect.stringContaining('Only packages/server/src/store/ touches tables')]);
    },
  );

  it('the store itself may import kysely', async () => {
    expect(await restrictedImports(KYSELY, `${ROOT}packages/server/src/store/probe.ts`)).toEqual([]);
  });
});
