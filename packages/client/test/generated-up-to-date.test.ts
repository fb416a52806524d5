// The committed src/_generated_graphql.ts must be what `pnpm codegen` writes today, so a schema or
// operation change without a regeneration fails here instead of in a partner's build.
import { generate } from '@graphql-codegen/cli';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import config, { GENERATED_FILE } from '../codegen.js';

const clientDir = fileURLToPath(new URL('..', import.meta.url));

it('src/_generated_graphql.ts is up to date with the schema and src/operations (run `pnpm codegen`)', async () => {
  const outputs: readonly { readonly filename: string; readonly content: string }[] = await generate({ ...config, cwd: clientDir, silent: true }, false);
  const output = outputs.find((file) => path.resolve(clientDir, file.filename) === path.resolve(clientDir, GENERATED_FILE));

  expect(output, `codegen produced no ${GENERATED_FILE}`).toBeDefined();
  expect(fs.readFileSync(path.join(clientDir, GENERATED_FILE), 'utf8')).toBe(output!.content);
}, 30_000);
