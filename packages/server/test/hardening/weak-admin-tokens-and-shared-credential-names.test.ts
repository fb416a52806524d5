// Security probe, finding "NOCDESK_ADMIN_TOKEN of 16 identical characters or spaces was accepted;
// `token revoke --name` revoked every credential sharing a name": the bootstrap token, which reaches
// everything, could be "aaaaaaaaaaaaaaaa", and two people minted with the same name lost their access
// together when one left. The configuration now refuses a guessable bootstrap token with a clear
// message; names are unique among active credentials of a kind; `nocdesk token list` shows ids and
// `nocdesk token revoke --id` revokes exactly one. The nocdesk command as an operator runs it. Names
// stay unique when two mints race (PostgreSQL), which the first fix, a check before the insert, missed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateToken, createPartnerKey, createStaffToken, hashSecret } from '../../src/auth/credentials.js';
import { loadConfig } from '../../src/config.js';
import { ConflictError } from '../../src/errors.js';
import { insertStaffToken, revokeCredentialById } from '../../src/store/credentials.js';
import { openStore, type Store } from '../../src/store/database.js';
import { uniqueActiveCredentialNamesMigration } from '../../src/store/migrations/0007-unique-active-credential-names.js';
import { createTestDesk, DIALECTS, gql, privatePostgresSchema, runNocdesk, type TestDesk } from '../support/index.js';

const WEAK_TOKENS: Readonly<Record<string, string>> = {
  'one character repeated': 'a'.repeat(16),
  'spaces only': ' '.repeat(16),
  'a short pattern repeated': 'abcdabcdabcdabcd',
  'a counting pattern': '0123456789012345678901234567890123',
  'a passphrase with spaces': 'correct horse battery staple',
  'too few distinct characters': 'aabbccaabbccddaabbccdd',
};

describe('a weak bootstrap admin token is refused', () => {
  for (const [kind, token] of Object.entries(WEAK_TOKENS)) {
    it(`refuses ${kind}, saying how to make a good one`, () => {
      expect(() => loadConfig({ NOCDESK_ADMIN_TOKEN: token })).toThrow(/NOCDESK_ADMIN_TOKEN is too easy to guess: use a random value, e.g. `openssl rand -base64 32`/);
    });
  }

  it('refuses a short token and accepts a random one', () => {
    expect(() => loadConfig({ NOCDESK_ADMIN_TOKEN: 'Zx8#kQ2!' })).toThrow(/NOCDESK_ADMIN_TOKEN must be at least 16 characters/);
    expect(loadConfig({ NOCDESK_ADMIN_TOKEN: 'q3Vn8ZLk1wR0pXc7Ty2bH5mS' }).adminToken).toBe('q3Vn8ZLk1wR0pXc7Ty2bH5mS');
  });

  it('stops the nocdesk command with that message and the configuration exit code', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-weak-token-'));
    try {
      const run = await runNocdesk(['migrate'], Buffer.alloc(0), { NOCDESK_DATA_DIR: dataDir, NOCDESK_ADMIN_TOKEN: 'a'.repeat(32) });
      expect(run.code).toBe(78);
      expect(run.stderr).toContain('NOCDESK_ADMIN_TOKEN is too easy to guess');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)('credential names identify one credential (%s)', (dialect) => {
  let dataDir: string;
  let env: Record<string, string>;
  let store: Store;
  let dropSchema: (() => Promise<void>) | undefined;
  let acmeId: string;

  const nocdesk = (...args: string[]) => runNocdesk(args, Buffer.alloc(0), env);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-credential-names-'));
    env = { NOCDESK_DATA_DIR: dataDir };
    if (dialect === 'postgres') {
      const schema = await privatePostgresSchema();
      env = { ...env, DATABASE_URL: schema.url, NOCDESK_SEED_DEMO: 'on' };
      dropSchema = schema.drop;
    }
    // `seed` migrates first.
    expect((await nocdesk('seed')).code).toBe(0);
    store = openStore(dialect === 'postgres' ? { databaseUrl: env.DATABASE_URL } : { sqlitePath: path.join(dataDir, 'nocdesk.db') });
    acmeId = (await store.db.selectFrom('customers').select('id').where('name', '=', 'Acme Networks').executeTakeFirstOrThrow()).id;
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await dropSchema?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second active staff token or partner key with the same name', async () => {
    const first = await nocdesk('token', 'create', '--role', 'ENGINEER', '--name', 'alice');
    expect(first.code).toBe(0);
    const second = await nocdesk('token', 'create', '--role', 'ADMIN', '--name', 'alice');
    expect(second.code).toBe(65);
    expect(second.stderr).toContain('An active staff token is already named "alice"');
    expect(second.stdout).toBe('');
    // Partner keys, minted by the command and by createPartnerKey alike, go through the same rule.
    await createPartnerKey(store.db, { customerId: acmeId, name: 'acme-portal', now: new Date() });
    await expect(createPartnerKey(store.db, { customerId: acmeId, name: 'acme-portal', now: new Date() })).rejects.toThrow('An active partner key is already named "acme-portal"');
  }, 120_000);

  it('lists every credential with its id, and revokes exactly the one named by id', async () => {
    const bob = (await createStaffToken(store.db, { name: 'bob', role: 'ENGINEER', now: new Date() })).token;
    const carol = (await createStaffToken(store.db, { name: 'carol', role: 'ENGINEER', now: new Date() })).token;
    const list = await nocdesk('token', 'list');
    expect(list.code).toBe(0);
    const rows = list.stdout.trim().split('\n').slice(1).map((line) => line.split('\t'));
    const bobId = rows.find((r) => r[2] === 'bob' && r[5] === '-')?.[1];
    expect(rows.map((r) => r[2])).toEqual(expect.arrayContaining(['demo-admin', 'demo-engineer', 'Acme portal', 'Globex portal', 'alice', 'bob', 'carol', 'acme-portal']));
    // The listing never shows a secret.
    expect(list.stdout).not.toContain(bob);
    expect(list.stdout).not.toMatch(/nd[ps]_/);

    const revoked = await nocdesk('token', 'revoke', '--id', bobId!);
    expect(revoked.code).toBe(0);
    expect(await authenticateToken(store.db, bob, undefined)).toBeUndefined();
    expect(await authenticateToken(store.db, carol, undefined)).toMatchObject({ kind: 'staff', name: 'carol' });
    // Revoked once: a second revocation of that id finds nothing active, and the name is free again.
    expect((await nocdesk('token', 'revoke', '--id', bobId!)).code).toBe(65);
    expect((await createStaffToken(store.db, { name: 'bob', role: 'ENGINEER', now: new Date() })).name).toBe('bob');
  }, 120_000);
});

describe.each(DIALECTS)('credential names stay unique when minted at once (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('gives a name to one of eight partner keys minted at the same moment; the others are refused CONFLICT', async () => {
    const acme = await desk.store.db.selectFrom('customers').select('id').where('name', '=', 'Acme Networks').executeTakeFirstOrThrow();
    const mint = 'mutation ($id: ID!) { createPartnerKey(input: { customerId: $id, name: "portal at once" }) { __typename } }';
    const answers = await Promise.all(Array.from({ length: 8 }, () => gql<{ createPartnerKey: { __typename: string } }>(desk, mint, { id: Buffer.from(`Customer:${acme.id}`).toString('base64') }, desk.credentials.adminToken)));
    expect(answers.map((a) => a.data?.createPartnerKey.__typename).sort()).toEqual(['ConflictError', 'ConflictError', 'ConflictError', 'ConflictError', 'ConflictError', 'ConflictError', 'ConflictError', 'MutationCreatePartnerKeySuccess']);
    const staff = await Promise.allSettled(Array.from({ length: 8 }, () => createStaffToken(desk.store.db, { name: 'dana', role: 'ENGINEER', now: desk.now() })));
    expect(staff.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(staff.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual(Array.from({ length: 7 }, () => expect.any(ConflictError)));
  });

  it('keeps credentials that shared a name before the rule working, under numbered names', async () => {
    const migration = uniqueActiveCredentialNamesMigration();
    await migration.down(desk.store.db);
    const tokens = ['nds_first-ops-token-0001', 'nds_second-ops-token-002', 'nds_third-ops-token-0003'];
    for (const [i, token] of tokens.entries()) {
      await insertStaffToken(desk.store.db, { id: `ops-${i}`, name: 'ops', role: 'ENGINEER', tokenHash: hashSecret(token), at: new Date(Date.UTC(2026, 0, 1 + i)) });
    }
    await insertStaffToken(desk.store.db, { id: 'ops-revoked', name: 'ops', role: 'ENGINEER', tokenHash: hashSecret('nds_revoked-ops-token-04'), at: new Date(Date.UTC(2025, 0, 1)) });
    await revokeCredentialById(desk.store.db, 'ops-revoked', desk.now());
    await migration.up(desk.store.db);
    const named = await desk.store.db.selectFrom('staff_tokens').select(['id', 'name']).where('name', 'like', 'ops%').orderBy('id').execute();
    expect(named).toEqual([
      { id: 'ops-0', name: 'ops' },
      { id: 'ops-1', name: 'ops (2)' },
      { id: 'ops-2', name: 'ops (3)' },
      { id: 'ops-revoked', name: 'ops' },
    ]);
    for (const token of tokens) expect(await authenticateToken(desk.store.db, token, undefined)).toMatchObject({ kind: 'staff', role: 'ENGINEER' });
    await expect(createStaffToken(desk.store.db, { name: 'ops (2)', role: 'ENGINEER', now: desk.now() })).rejects.toThrow(ConflictError);
  });
});
