// The `nocdesk` command as an operator runs it: migrate, seed, token create, usage errors.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateToken } from '../../src/auth/credentials.js';
import { openStore } from '../../src/store/database.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = path.join(root, 'packages/server/src/cli.ts');
const tsx = path.join(root, 'node_modules/.bin/tsx');

let dataDir: string;

async function nocdesk(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ['--tsconfig', path.join(root, 'tsconfig.json'), cli, ...args], {
      env: { ...process.env, NOCDESK_DATA_DIR: dataDir, DATABASE_URL: '', NOCDESK_ADMIN_TOKEN: '' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-cli-'));
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('nocdesk command', () => {
  it('migrates once and then reports the schema up to date', async () => {
    const first = await nocdesk(['migrate']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Applied: 0001-initial');
    const second = await nocdesk(['migrate']);
    expect(second.stdout).toContain('up to date');
  });

  it('seeds the demo data once and prints working credentials', async () => {
    const first = await nocdesk(['seed']);
    expect(first.code).toBe(0);
    const partnerKey = /Demo partner key \(Acme Networks\): (ndp_\S+)/.exec(first.stdout)?.[1];
    expect(partnerKey).toBeDefined();
    const second = await nocdesk(['seed']);
    expect(second.stdout).toContain('nothing added');
    const store = openStore({ sqlitePath: path.join(dataDir, 'nocdesk.db') });
    try {
      const principal = await authenticateToken(store.db, partnerKey ?? '', undefined);
      expect(principal).toMatchObject({ kind: 'partner', name: 'Acme portal' });
    } finally {
      await store.close();
    }
  });

  it('mints a staff token that authenticates with its role, stored only as a hash', async () => {
    const result = await nocdesk(['token', 'create', '--role', 'engineer', '--name', 'alice']);
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^nds_[A-Za-z0-9_-]{20,}$/);
    const store = openStore({ sqlitePath: path.join(dataDir, 'nocdesk.db') });
    try {
      expect(await authenticateToken(store.db, token, undefined)).toMatchObject({ kind: 'staff', role: 'ENGINEER', name: 'alice' });
      const stored = await store.db.selectFrom('staff_tokens').select('token_hash').where('name', '=', 'alice').executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toContain(token);
    } finally {
      await store.close();
    }
  });

  it('revokes a token by name so it no longer authenticates', async () => {
    const minted = await nocdesk(['token', 'create', '--role', 'ACCOUNT_MANAGER', '--name', 'leaver']);
    const token = minted.stdout.trim();
    const revoked = await nocdesk(['token', 'revoke', '--name', 'leaver']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('Revoked 1');
    const store = openStore({ sqlitePath: path.join(dataDir, 'nocdesk.db') });
    try {
      expect(await authenticateToken(store.db, token, undefined)).toBeUndefined();
    } finally {
      await store.close();
    }
    expect((await nocdesk(['token', 'revoke', '--name', 'leaver'])).code).toBe(65);
  });

  it('mints a partner key bound to one customer', async () => {
    const store = openStore({ sqlitePath: path.join(dataDir, 'nocdesk.db') });
    const globex = await store.db.selectFrom('customers').select('id').where('name', '=', 'Globex Telecom').executeTakeFirstOrThrow();
    await store.close();
    const result = await nocdesk(['token', 'create', '--partner', globex.id, '--name', 'globex-portal']);
    expect(result.code).toBe(0);
    // The global id the API hands out (createCustomer, customers) works too.
    const globalId = Buffer.from(`Customer:${globex.id}`).toString('base64');
    const viaGlobal = await nocdesk(['token', 'create', '--partner', globalId, '--name', 'globex-portal-2']);
    expect(viaGlobal.code).toBe(0);
    expect(viaGlobal.stdout.trim()).toMatch(/^ndp_/);
    const again = openStore({ sqlitePath: path.join(dataDir, 'nocdesk.db') });
    try {
      expect(await authenticateToken(again.db, result.stdout.trim(), undefined)).toMatchObject({ kind: 'partner', customerId: globex.id });
    } finally {
      await again.close();
    }
  });

  it('refuses an unknown role or customer with a usage or data error code', async () => {
    expect((await nocdesk(['token', 'create', '--role', 'janitor', '--name', 'x'])).code).toBe(64);
    expect((await nocdesk(['token', 'create', '--partner', 'no-such-customer', '--name', 'x'])).code).toBe(65);
    const unknown = await nocdesk(['frobnicate']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('Unknown command');
  });

  it('stops with a clear message on a wrong setting', async () => {
    const result = await run(tsx, ['--tsconfig', path.join(root, 'tsconfig.json'), cli, 'migrate'], {
      env: { ...process.env, NOCDESK_DATA_DIR: dataDir, PORT: 'eighty' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((result as { code: number }).code).toBe(78);
    expect((result as { stderr: string }).stderr).toContain('PORT');
  });

  it('says which port is taken instead of crashing when PORT is in use', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const result = await run(tsx, ['--tsconfig', path.join(root, 'tsconfig.json'), cli, 'start'], {
        env: { ...process.env, NOCDESK_DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(port), SMTP_PORT: '0' },
        timeout: 60_000,
      }).catch((e: { code: number; stderr: string }) => e);
      expect((result as { code: number }).code).toBe(78);
      expect((result as { stderr: string }).stderr).toContain(`127.0.0.1:${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
